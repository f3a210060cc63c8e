// Command bench-serve times live preview: from a file write to the reload
// message reaching a connected client, for `casebook serve` (its
// Server-Sent Events stream) and `hugo server` (its livereload WebSocket),
// on the same generated corpora, in the same run. After each reload message
// it fetches the page and checks that the edit is there (not timed).
//
//	go run ./scripts/bench-serve -casebook bin/casebook -corpus 1k=/tmp/c1k,/tmp/c1k-hugo
//
// Each -corpus is name=casebookDir,hugoDir: the same gencorpus seed written
// without and with -hugo (the Hugo variant adds two flat taxonomy keys that
// casebook's schema rejects as unknown). scripts/bench-serve.sh makes them.
package main

import (
	"bufio"
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

type corpus struct{ name, casebook, hugo string }

func main() {
	bin := flag.String("casebook", "bin/casebook", "casebook binary")
	hugo := flag.String("hugo", "hugo", "hugo binary (\"\" skips Hugo)")
	edits := flag.Int("edits", 50, "edits per tool and corpus")
	logDir := flag.String("logs", os.TempDir(), "folder for the servers' logs")
	var corpora []corpus
	flag.Func("corpus", "name=casebookDir,hugoDir (repeatable)", func(s string) error {
		name, dirs, ok := strings.Cut(s, "=")
		cb, hg, ok2 := strings.Cut(dirs, ",")
		if !ok || !ok2 {
			return errors.New("want name=casebookDir,hugoDir")
		}
		corpora = append(corpora, corpus{name, cb, hg})
		return nil
	})
	flag.Parse()
	if len(corpora) == 0 {
		fmt.Fprintln(os.Stderr, "bench-serve: no -corpus")
		os.Exit(2)
	}
	type row struct {
		corpus, tool string
		ms           []float64
	}
	var rows []row
	for _, c := range corpora {
		ms, err := benchCasebook(*bin, c.casebook, *edits, filepath.Join(*logDir, "bench-serve-casebook-"+c.name+".log"))
		check(err)
		rows = append(rows, row{c.name, "casebook", ms})
		if *hugo != "" {
			ms, err := benchHugo(*hugo, c.hugo, *edits, filepath.Join(*logDir, "bench-serve-hugo-"+c.name+".log"))
			check(err)
			rows = append(rows, row{c.name, "hugo", ms})
		}
	}
	fmt.Printf("\nwrite → reload message at a connected client, %d edits each\n\n", *edits)
	fmt.Println("| corpus | tool | median | p95 | min | max | Hugo ÷ casebook (median, p95) |")
	fmt.Println("|---|---|---:|---:|---:|---:|---|")
	for i, r := range rows {
		med, p95 := quantile(r.ms, 0.5), quantile(r.ms, 0.95)
		ratio := ""
		if r.tool == "hugo" && i > 0 && rows[i-1].corpus == r.corpus {
			cb := rows[i-1].ms
			ratio = fmt.Sprintf("%.1f×, %.1f×", med/quantile(cb, 0.5), p95/quantile(cb, 0.95))
		}
		fmt.Printf("| %s | %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %s |\n",
			r.corpus, r.tool, med, p95, slices.Min(r.ms), slices.Max(r.ms), ratio)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-serve:", err)
		os.Exit(1)
	}
}

// quantile is the nearest-rank quantile of the samples.
func quantile(ms []float64, q float64) float64 {
	s := slices.Sorted(slices.Values(ms))
	i := int(float64(len(s))*q+0.999999) - 1
	return s[max(0, min(len(s)-1, i))]
}

// target is the case study every edit changes: the first file of the corpus.
func target(dir string) (file, urlPath string, err error) {
	matches, err := filepath.Glob(filepath.Join(dir, "content/case-studies/*.md"))
	if err != nil || len(matches) == 0 {
		return "", "", fmt.Errorf("no case studies in %s", dir)
	}
	slices.Sort(matches)
	slug := strings.TrimSuffix(filepath.Base(matches[0]), ".md")
	return matches[0], "/case-studies/" + slug + "/", nil
}

// server is a preview server under test.
type server struct {
	cmd *exec.Cmd
	log *os.File
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	s.log.Close()
}

func startServer(logName, name string, args ...string) (*server, error) {
	log, err := os.Create(logName)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	return &server{cmd, log}, nil
}

// waitFor polls until f succeeds.
func waitFor(d time.Duration, what string, f func() error) error {
	deadline := time.Now().Add(d)
	for {
		err := f()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: %w", what, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// measure runs the edits: write, wait for the reload message, check the page.
func measure(file, pageURL string, edits int, next func() error) ([]float64, error) {
	orig, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	defer os.WriteFile(file, orig, 0o644)
	pause := rand.New(rand.NewPCG(1, 2))
	var ms []float64
	for i := range edits {
		marker := fmt.Sprintf("Bench edit number %d.", i)
		data := append(bytes.Clone(orig), "\n"+marker+"\n"...)
		start := time.Now()
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return nil, err
		}
		if err := next(); err != nil {
			return nil, fmt.Errorf("edit %d: %w", i, err)
		}
		ms = append(ms, float64(time.Since(start).Microseconds())/1000)
		body, err := get(pageURL)
		if err != nil {
			return nil, err
		}
		if !strings.Contains(body, marker) {
			return nil, fmt.Errorf("edit %d: the reload came before the page had the edit", i)
		}
		// Editors do not save back to back: a pause of 100 to 300ms puts
		// each write at a different point of any ticker the server runs.
		time.Sleep(time.Duration(100+pause.IntN(200)) * time.Millisecond)
	}
	return ms, nil
}

func get(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return string(b), err
}

func benchCasebook(bin, dir string, edits int, logName string) ([]float64, error) {
	file, urlPath, err := target(dir)
	if err != nil {
		return nil, err
	}
	urlFile := filepath.Join(os.TempDir(), fmt.Sprintf("bench-serve-%d.url", os.Getpid()))
	os.Remove(urlFile)
	defer os.Remove(urlFile)
	fmt.Fprintf(os.Stderr, "casebook serve %s: first build…\n", dir)
	s, err := startServer(logName, bin, "serve", "--src", dir, "--addr", "127.0.0.1:0", "--url-file", urlFile)
	if err != nil {
		return nil, err
	}
	defer s.stop()
	var base string
	if err := waitFor(10*time.Minute, "casebook serve did not start (see "+logName+")", func() error {
		b, err := os.ReadFile(urlFile)
		base = strings.TrimSuffix(strings.TrimSpace(string(b)), "/")
		return err
	}); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/_casebook/events?path="+urlPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	nextEvent := func() (string, error) {
		name := ""
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				return "", err
			}
			line = strings.TrimRight(line, "\n")
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			}
			if line == "" && name != "" {
				return name, nil
			}
		}
	}
	if e, err := nextEvent(); err != nil || e != "hello" {
		return nil, fmt.Errorf("first event %q: %v", e, err)
	}
	fmt.Fprintf(os.Stderr, "casebook serve %s: %d edits of %s\n", dir, edits, file)
	return measure(file, base+urlPath, edits, func() error {
		e, err := nextEvent()
		if err == nil && e != "reload" {
			err = fmt.Errorf("event %q, want reload", e)
		}
		return err
	})
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// benchHugo runs `hugo server` in its default (fast render) mode and times
// the reload message on its livereload WebSocket.
func benchHugo(bin, dir string, edits int, logName string) ([]float64, error) {
	file, urlPath, err := target(dir)
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "hugo server %s: first build…\n", dir)
	s, err := startServer(logName, bin, "server", "--source", dir, "--bind", "127.0.0.1", "--port", fmt.Sprint(port),
		"--baseURL", fmt.Sprintf("http://127.0.0.1:%d/", port), "--appendPort=false")
	if err != nil {
		return nil, err
	}
	defer s.stop()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitFor(10*time.Minute, "hugo server did not start (see "+logName+")", func() error {
		_, err := get(base + urlPath) // also marks the page as visited, for fast render
		return err
	}); err != nil {
		return nil, err
	}
	ws, err := dialWS(fmt.Sprintf("127.0.0.1:%d", port), "/livereload")
	if err != nil {
		return nil, err
	}
	defer ws.Close()
	if err := ws.send(`{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`); err != nil {
		return nil, err
	}
	if m, err := ws.read(); err != nil || !strings.Contains(m, `"hello"`) {
		return nil, fmt.Errorf("livereload handshake: %q %v", m, err)
	}
	fmt.Fprintf(os.Stderr, "hugo server %s: %d edits of %s\n", dir, edits, file)
	return measure(file, base+urlPath, edits, func() error {
		for {
			m, err := ws.read()
			if err != nil {
				return err
			}
			if strings.Contains(m, `"command":"reload"`) {
				return nil
			}
		}
	})
}

// ws is the least of a WebSocket client that livereload needs: text frames.
type ws struct {
	net.Conn
	r *bufio.Reader
}

func dialWS(addr, path string) (*ws, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	crand.Read(key)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nOrigin: http://%s\r\n\r\n",
		path, addr, base64.StdEncoding.EncodeToString(key), addr)
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		c.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		c.Close()
		return nil, fmt.Errorf("websocket upgrade: %s", resp.Status)
	}
	return &ws{c, r}, nil
}

// send writes one masked text frame.
func (w *ws) send(msg string) error {
	var mask [4]byte
	crand.Read(mask[:])
	frame := []byte{0x81}
	switch n := len(msg); {
	case n < 126:
		frame = append(frame, 0x80|byte(n))
	case n < 1<<16:
		frame = append(frame, 0x80|126, byte(n>>8), byte(n))
	default:
		return errors.New("message too long")
	}
	frame = append(frame, mask[:]...)
	for i := range len(msg) {
		frame = append(frame, msg[i]^mask[i%4])
	}
	_, err := w.Write(frame)
	return err
}

// read returns the next text message, answering pings.
func (w *ws) read() (string, error) {
	for {
		var h [2]byte
		if _, err := io.ReadFull(w.r, h[:]); err != nil {
			return "", err
		}
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var b [2]byte
			if _, err := io.ReadFull(w.r, b[:]); err != nil {
				return "", err
			}
			n = uint64(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			if _, err := io.ReadFull(w.r, b[:]); err != nil {
				return "", err
			}
			n = binary.BigEndian.Uint64(b[:])
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(w.r, payload); err != nil {
			return "", err
		}
		switch h[0] & 0x0f {
		case 0x1:
			return string(payload), nil
		case 0x8:
			return "", io.EOF
		case 0x9:
			w.Write([]byte{0x8a, 0x80, 0, 0, 0, 0}) // an empty pong; longer pings are not sent by livereload
		}
	}
}
