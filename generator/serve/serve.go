// Package serve is the live preview server: it builds a site folder into
// memory with generator.NewPreview, serves the build over HTTP, watches the
// folder's inputs and rebuilds when they change, and tells open browser tabs
// what to do over Server-Sent Events.
//
// The contract:
//
//   - Requests are answered from an immutable snapshot of the last good
//     build, swapped atomically when a rebuild succeeds: no request ever sees
//     a half-built site, and requests during a rebuild get the previous one.
//   - A failed build changes nothing that is served. Its errors go to every
//     open tab (an overlay with file, line, column, field, message, hint and
//     the source lines around) and once to the log, with diag.List.Format;
//     the overlay clears itself after the next good build.
//   - After a good build each open tab gets at most one of these events:
//     "reload" when its page's bytes changed, "css" when they changed only in
//     stylesheet links (or a stylesheet changed in place), "gone" with the
//     nearest existing parent page when its page was deleted; preceded by
//     "ok" when the build before had failed.
//   - Builds are generator.Previews sharing one generator.Cache: a rebuild
//     parses and renders the Markdown of the changed files only (the cache
//     is told every path the watcher reports), and a page is executed the
//     first time it is asked for (by a request, or to compare an open tab's
//     page with what the tab shows), the feeds, data exports and search
//     index the first time one of their files is. A page whose template
//     fails is served with status 500 and the error; the rest of the site
//     as usual.
//   - Only files of the build are served, from memory; paths are cleaned, so
//     no request reaches the site folder or anything else on disk. A request
//     whose Host is neither the served address nor a loopback name is
//     refused (DNS rebinding). Every response has Cache-Control: no-store.
//   - HTML responses get one script tag, /_casebook/live.js, served as a
//     file so that it works under a Content-Security-Policy of script-src
//     'self'; built files are never changed.
//
// A Server owns two goroutines (the watcher's and the builder's) until
// Close; its HTTP handlers are safe for concurrent use.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"casebook/generator"

	"golang.org/x/sync/errgroup"
)

// Options say what to serve and how.
type Options struct {
	Dir string // the site folder
	// Addr is the host:port the server listens on, with its real port
	// (after ":0" is resolved): the base URL of the build, and the Host
	// that requests must name (besides loopback names).
	Addr   string
	Drafts bool // include drafts (marked as such by the theme)
	// Log receives the progress of builds and every diagnostic of a failed
	// one; nil discards them.
	Log   io.Writer
	Watch WatchOptions // Log defaults to the Log above
}

// Server is the preview server of one site folder.
type Server struct {
	o       Options
	root    *os.Root
	site    fs.FS
	baseURL string
	cache   *generator.Cache
	watch   *Watcher
	cur     atomic.Pointer[snapshot]
	hub     hub
	log     io.Writer
	lastLog string // the warnings last printed, so that they are printed when they change

	cancel    context.CancelFunc
	g         *errgroup.Group
	done      chan struct{} // closed by endStreams: event streams end
	endOnce   sync.Once
	closeOnce sync.Once
}

// snapshot is one state of the served site. It is immutable.
type snapshot struct {
	seq  int
	site *generator.Preview // the last good build; nil until a build succeeds
	fail *report            // the errors of the latest build when it failed
}

// New opens the site folder, starts watching it, builds it once and starts
// the builder. A site with errors is not an error here: it is served with
// the error overlay until fixed. ctx bounds the first build only; the
// Server runs until Close.
func New(ctx context.Context, o Options) (*Server, error) {
	root, err := os.OpenRoot(o.Dir)
	if err != nil {
		return nil, err
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Watch.Log == nil {
		o.Watch.Log = o.Log
	}
	s := &Server{o: o, root: root, site: root.FS(), log: o.Log, cache: generator.NewCache(), done: make(chan struct{})}
	s.baseURL = "http://" + baseHost(o.Addr) + "/"
	s.hub.clients = map[*client]struct{}{}
	s.cur.Store(&snapshot{})
	// Watch first, so that edits made during the first build are not lost.
	if s.watch, err = Watch(o.Dir, o.Watch); err != nil {
		root.Close()
		return nil, err
	}
	if err := s.rebuild(ctx, Change{First: time.Now()}); err != nil {
		s.watch.Close()
		root.Close()
		return nil, err
	}
	bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.cancel = cancel
	s.g, bctx = errgroup.WithContext(bctx)
	s.g.Go(func() error { return s.builder(bctx) })
	return s, nil
}

// baseHost is the host:port pages are built for: an unspecified address
// (0.0.0.0, ::) is reached as localhost.
func baseHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// Serve serves HTTP on ln until ctx ends, then ends the event streams and
// shuts the HTTP server down, waiting for its requests to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.endStreams()
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shut)
	<-errc
	return err
}

// WatchMode says how the folder is watched, for the log.
func (s *Server) WatchMode() string { return s.watch.Mode() }

// Studies is how many case studies the last good build has.
func (s *Server) Studies() int {
	if pv := s.cur.Load().site; pv != nil {
		return pv.Studies()
	}
	return 0
}

// builder rebuilds after each settled change until ctx ends.
func (s *Server) builder(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case ch := <-s.watch.Changes():
			if err := s.rebuild(ctx, ch); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				fmt.Fprintf(s.log, "casebook: %v\n", err)
			}
		}
	}
}

// rebuild builds the site and publishes the result. Only a cancelled build
// returns an error: a failing site is published as a failure.
func (s *Server) rebuild(ctx context.Context, ch Change) error {
	start := time.Now()
	if ch.Overflow {
		s.cache.Reset()
	} else {
		s.cache.Forget(ch.Paths...)
	}
	pv, res, err := generator.NewPreview(ctx, generator.Config{Site: s.site, Drafts: s.o.Drafts, BaseURL: s.baseURL, Cache: s.cache})
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	old := s.cur.Load()
	next := &snapshot{seq: old.seq + 1, site: old.site}
	if err != nil {
		next.fail = newReport(s.site, res, err)
	} else {
		next.site = pv
	}
	changed := s.publish(old, next)
	s.logBuild(ch, res, err, changed, time.Since(start))
	return nil
}

// logBuild reports a build: the errors of a failed one, every time; the
// warnings of a good one when they differ from those printed last.
func (s *Server) logBuild(ch Change, res *generator.Result, err error, changed int, took time.Duration) {
	what := "built"
	if len(ch.Paths) > 0 {
		what = "rebuilt after " + describe(ch.Paths)
	}
	var b strings.Builder
	switch {
	case err != nil && errors.Is(err, generator.ErrContent) && res != nil:
		res.Diags.Format(&b)
		fmt.Fprintf(&b, "casebook: %s: the site has errors; still serving the last good build\n", what)
		s.lastLog = ""
	case err != nil:
		fmt.Fprintf(&b, "casebook: %s: %v; still serving the last good build\n", what, err)
		s.lastLog = ""
	default:
		var w strings.Builder
		if len(res.Diags) > 0 {
			res.Diags.Format(&w)
		}
		if w.String() != s.lastLog {
			b.WriteString(w.String())
			s.lastLog = w.String()
		}
		fmt.Fprintf(&b, "casebook: %s in %s: %d pages; %d open tabs updated\n", what, took.Round(time.Millisecond), res.Pages, changed)
	}
	io.WriteString(s.log, b.String())
}

// endStreams ends every event stream, now and to come.
func (s *Server) endStreams() { s.endOnce.Do(func() { close(s.done) }) }

func describe(paths []string) string {
	if len(paths) == 1 {
		return paths[0]
	}
	return fmt.Sprintf("%s and %d more", paths[0], len(paths)-1)
}

// Close stops watching and building, ends the event streams and waits for
// the Server's goroutines. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.endStreams()
		if s.cancel != nil {
			s.cancel()
			err = s.g.Wait()
		}
		err = errors.Join(err, s.watch.Close(), s.root.Close())
	})
	return err
}
