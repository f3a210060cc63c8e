package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"casebook/generator/output"
)

// runServe builds the site into memory and serves it. Watching and live
// reload come with the preview server; until then a restart rebuilds.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var f siteFlags
	var addr string
	fs.StringVar(&f.src, "src", ".", "site folder")
	fs.StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on")
	fs.BoolVar(&f.drafts, "drafts", true, "include drafts")
	if err := parse(fs, args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usageError{fmt.Sprintf("cannot listen on %s: %v", addr, err)}
	}
	f.baseURL = "http://" + ln.Addr().String() + "/"
	res, err := build(ctx, f, textReport(stderr))
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: output.NewMem(res.Files), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "serving %d case studies at http://%s/ (Ctrl-C to stop)\n", res.Studies, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}
