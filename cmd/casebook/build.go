package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"casebook/generator"
	"casebook/generator/diag"
	"casebook/generator/output"
	"casebook/internal/dirfs"
)

// siteFlags are the flags every command that reads a site shares.
type siteFlags struct {
	src     string
	drafts  bool
	baseURL string
	strict  bool
	links   bool        // check internal links
	out     output.Sink // where files go as they are made; nil collects them
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("casebook "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags and rejects stray arguments, as usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{} // the flag package has printed the error and the flags
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// build runs generator.Build over the site folder, which is opened as a
// dirfs.FS (an os.Root that reads files in fewer system calls) so that
// nothing read through it (a symlink, say) leaves the folder. Diagnostics go
// to report; a content error is returned as contentError.
func build(ctx context.Context, f siteFlags, report func(diag.List)) (*generator.Result, error) {
	site, err := dirfs.Open(f.src)
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot open site folder: %v", err)}
	}
	defer site.Close()
	res, err := generator.Build(ctx, generator.Config{Site: site, Drafts: f.drafts, BaseURL: f.baseURL, Strict: f.strict, CheckLinks: f.links, Out: f.out})
	if res != nil && len(res.Diags) > 0 {
		report(res.Diags)
	}
	if errors.Is(err, generator.ErrContent) {
		return res, contentError{err}
	}
	return res, err
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", stderr)
	var f siteFlags
	var out string
	fs.StringVar(&f.src, "src", ".", "site folder")
	fs.StringVar(&out, "out", "", "output folder (default <src>/public)")
	fs.BoolVar(&f.drafts, "drafts", false, "include drafts")
	fs.StringVar(&f.baseURL, "base-url", "", "absolute URL the site is published at (overrides casebook.toml)")
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings too")
	timings := fs.Bool("timings", false, "print the time each pass took")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile, taken when every page is made, to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if out == "" {
		out = filepath.Join(f.src, "public")
	}
	start := time.Now()
	if st, err := os.Stat(f.src); err != nil || !st.IsDir() {
		return usageError{fmt.Sprintf("cannot open site folder %s", f.src)}
	}
	// Pages stream into a fresh folder beside the output, swapped in only
	// when the whole build succeeded.
	w, err := output.NewWriter(out)
	if err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	f.out = w
	res, err := build(ctx, f, textReport(stderr))
	if err != nil {
		w.Abort()
		return err
	}
	if *memprofile != "" {
		if err := writeHeapProfile(*memprofile); err != nil {
			return err
		}
	}
	committed := time.Now()
	if err := w.Commit(); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if *timings {
		for _, p := range res.Passes {
			name := p.Name
			if p.Parallel {
				// Passes made at the same time: the next line is their total.
				name = "| " + name
			}
			fmt.Fprintf(stdout, "  %-32s %8s\n", name, p.Duration.Round(time.Millisecond))
		}
		fmt.Fprintf(stdout, "  %-32s %8s\n", "swap", time.Since(committed).Round(time.Millisecond))
	}
	fmt.Fprintf(stdout, "built %d case studies, %d pages into %s in %s\n",
		res.Studies, res.Pages, out, time.Since(start).Round(time.Millisecond))
	return nil
}

// writeHeapProfile writes the live heap, for --memprofile.
func writeHeapProfile(name string) error {
	pf, err := os.Create(name)
	if err != nil {
		return err
	}
	defer pf.Close()
	return pprof.WriteHeapProfile(pf)
}

// textReport prints diagnostics for people.
func textReport(w io.Writer) func(diag.List) {
	return func(l diag.List) { l.Format(w) }
}

// jsonReport prints one JSON object per diagnostic and line, for CI and editors.
func jsonReport(w io.Writer) func(diag.List) {
	return func(l diag.List) {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, d := range l {
			enc.Encode(struct {
				File     string `json:"file"`
				Line     int    `json:"line"`
				Col      int    `json:"col"`
				Field    string `json:"field,omitempty"`
				Severity string `json:"severity"`
				Message  string `json:"message"`
				Hint     string `json:"hint,omitempty"`
			}{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Field, d.Severity.String(), d.Msg, d.Hint})
		}
	}
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	var f siteFlags
	var format string
	fs.StringVar(&format, "format", "text", "output format: text (for people, on stderr) or json (JSON lines on stdout)")
	fs.BoolVar(&f.links, "links", true, "check internal links and anchors")
	fs.StringVar(&f.src, "src", ".", "site folder")
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&f.drafts, "drafts", true, "check drafts too")
	fs.StringVar(&f.baseURL, "base-url", "", "absolute URL the site is published at (overrides casebook.toml)")
	if err := parse(fs, args); err != nil {
		return err
	}
	report := textReport(stderr)
	switch format {
	case "text":
	case "json":
		report = jsonReport(stdout)
	default:
		return usageError{fmt.Sprintf("unknown --format %q: text or json", format)}
	}
	res, err := build(ctx, f, report)
	if err != nil {
		return err
	}
	if format == "text" {
		links := ""
		if f.links {
			links = ", every internal link resolves"
		}
		fmt.Fprintf(stdout, "ok: %d case studies, %d pages%s\n", res.Studies, res.Pages, links)
	}
	return nil
}
