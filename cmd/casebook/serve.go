package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"casebook/generator/serve"
)

// runServe builds the site into memory, serves it, and rebuilds it as its
// files change, until Ctrl-C. A site with errors is served anyway: the
// errors show in the terminal and over the page in the browser.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var src, addr, urlFile string
	var drafts, open bool
	var poll time.Duration
	fs.StringVar(&src, "src", ".", "site folder")
	fs.StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on (port 0 picks a free one)")
	fs.BoolVar(&drafts, "drafts", true, "include drafts, marked as drafts")
	fs.BoolVar(&open, "open", false, "open the site in the browser")
	fs.DurationVar(&poll, "poll", 0, "poll the folder at this interval instead of using file system notifications")
	fs.StringVar(&urlFile, "url-file", "", "write the served URL to this file once listening (for scripts)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return usageError{fmt.Sprintf("cannot open site folder: %s is not a folder", src)}
	}
	// The command may run under a context without signals (tests); Ctrl-C
	// and SIGTERM always end it cleanly.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usageError{fmt.Sprintf("cannot listen on %s: %v", addr, err)}
	}
	defer ln.Close()
	srv, err := serve.New(ctx, serve.Options{
		Dir: src, Addr: ln.Addr().String(), Drafts: drafts, Log: stderr,
		Watch: serve.WatchOptions{Poll: poll, ForcePoll: poll > 0},
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("serving %s: %w", src, err)
	}
	defer srv.Close()

	url := "http://" + ln.Addr().String() + "/"
	shown := "drafts shown"
	if !drafts {
		shown = "drafts hidden"
	}
	fmt.Fprintf(stdout, "serving %s (%d case studies, %s; watching with %s); Ctrl-C to stop\n",
		url, srv.Studies(), shown, srv.WatchMode())
	if urlFile != "" {
		if err := writeAtomic(urlFile, url+"\n"); err != nil {
			return err
		}
	}
	if open {
		octx, cancel := context.WithCancel(ctx)
		var opener sync.WaitGroup
		opener.Go(func() { openBrowser(octx, url, stderr) })
		defer func() { cancel(); opener.Wait() }()
	}
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	if err := srv.Close(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}

// writeAtomic writes a file that a reader never sees half-written.
func writeAtomic(name, data string) error {
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// openBrowser asks the desktop to open url. The opener is killed if it is
// still running when ctx ends, so nothing outlives the command.
func openBrowser(ctx context.Context, url string, stderr io.Writer) {
	name := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name = "explorer"
	}
	if err := exec.CommandContext(ctx, name, url).Run(); err != nil && ctx.Err() == nil {
		fmt.Fprintf(stderr, "casebook: cannot open a browser (%v); open %s yourself\n", err, url)
	}
}
