package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestServeScripts runs the scripts of `casebook serve`, which start the
// server in the background and talk to it over HTTP and Server-Sent Events
// with the commands below. They live in their own folder because the other
// scripts run without these commands.
//
//	waiturl FILE          wait for the server to write its URL to FILE; sets $URL
//	fetch [-host H] PATH  GET $URL's PATH exactly as written; stdout gets
//	                      "status N", the headers in lower case, a blank line and the body
//	sse NAME PATH         open the event stream of a tab showing PATH
//	sse-next NAME EVENT   wait for NAME's next event, which must be EVENT; stdout gets its data
//	sse-quiet NAME DUR    check that NAME gets no event for DUR
func TestServeScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script/serve",
		Setup: func(env *testscript.Env) error {
			st := &streams{m: map[string]*stream{}}
			env.Values[streamsKey{}] = st
			env.Defer(st.closeAll)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"waiturl":   cmdWaitURL,
			"fetch":     cmdFetch,
			"sse":       cmdSSE,
			"sse-next":  cmdSSENext,
			"sse-quiet": cmdSSEQuiet,
		},
	})
}

func cmdWaitURL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waiturl FILE")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(ts.MkAbs(args[0]))
		if err == nil {
			ts.Setenv("URL", strings.TrimSpace(string(b)))
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("no URL in %s after 30s", args[0])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// cmdFetch sends a raw request, so that the path reaches the server
// exactly as written (%2e%2e and all).
func cmdFetch(ts *testscript.TestScript, neg bool, args []string) {
	host := ""
	if len(args) == 3 && args[0] == "-host" {
		host, args = args[1], args[2:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: fetch [-host H] PATH")
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(ts.Getenv("URL"), "http://"), "/")
	if host == "" {
		host = addr
	}
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	ts.Check(err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", args[0], host)
	ts.Check(err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	ts.Check(err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	ts.Check(err)
	out := ts.Stdout()
	fmt.Fprintf(out, "status %d\n", resp.StatusCode)
	for _, k := range []string{"Content-Type", "Cache-Control"} {
		if v := resp.Header.Get(k); v != "" {
			fmt.Fprintf(out, "%s: %s\n", strings.ToLower(k), v)
		}
	}
	fmt.Fprintf(out, "\n%s", body)
}

type streamsKey struct{}

// streams are the event streams a script opened.
type streams struct {
	mu sync.Mutex
	m  map[string]*stream
}

type stream struct {
	events chan [2]string // name, data
	cancel context.CancelFunc
	done   chan struct{}
}

func (s *streams) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.m {
		st.cancel()
		<-st.done
	}
}

func (s *streams) get(ts *testscript.TestScript, name string) *stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[name]
	if st == nil {
		ts.Fatalf("no event stream %q", name)
	}
	return st
}

func cmdSSE(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sse NAME PATH")
	}
	all := ts.Value(streamsKey{}).(*streams)
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(ts.Getenv("URL"), "/")+"/_casebook/events?path="+args[1], nil)
	ts.Check(err)
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		cancel()
		ts.Fatalf("sse: %v", err)
	}
	if resp.StatusCode != 200 {
		cancel()
		ts.Fatalf("sse: status %d", resp.StatusCode)
	}
	st := &stream{events: make(chan [2]string, 64), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(st.done)
		defer resp.Body.Close()
		defer close(st.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<24)
		var name, data string
		for sc.Scan() {
			switch line := sc.Text(); {
			case line == "" && name != "":
				st.events <- [2]string{name, data}
				name, data = "", ""
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	all.mu.Lock()
	if old := all.m[args[0]]; old != nil {
		old.cancel()
	}
	all.m[args[0]] = st
	all.mu.Unlock()
	if e, ok := <-st.events; !ok || e[0] != "hello" {
		ts.Fatalf("sse: first event %q, want hello", e[0])
	}
}

func cmdSSENext(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sse-next NAME EVENT")
	}
	st := ts.Value(streamsKey{}).(*streams).get(ts, args[0])
	select {
	case e, ok := <-st.events:
		if !ok {
			ts.Fatalf("event stream %s ended", args[0])
		}
		if e[0] != args[1] {
			ts.Fatalf("event %q (%s), want %q", e[0], e[1], args[1])
		}
		fmt.Fprintln(ts.Stdout(), e[1])
	case <-time.After(15 * time.Second):
		ts.Fatalf("no %q event on %s after 15s", args[1], args[0])
	}
}

func cmdSSEQuiet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sse-quiet NAME DURATION")
	}
	d, err := time.ParseDuration(args[1])
	ts.Check(err)
	st := ts.Value(streamsKey{}).(*streams).get(ts, args[0])
	select {
	case e := <-st.events:
		ts.Fatalf("unexpected event %q (%s)", e[0], e[1])
	case <-time.After(d):
	}
}
