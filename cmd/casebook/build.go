package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"casebook/generator"
	"casebook/generator/output"
)

// siteFlags are the flags every command that reads a site shares.
type siteFlags struct {
	src     string
	drafts  bool
	baseURL string
	strict  bool
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

// build runs generator.Build over the site folder, which is opened as an
// os.Root so that nothing read through it (a symlink, say) leaves the folder.
// Diagnostics go to stderr; a content error is returned as contentError.
func build(ctx context.Context, f siteFlags, stderr io.Writer) (*generator.Result, error) {
	root, err := os.OpenRoot(f.src)
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot open site folder: %v", err)}
	}
	defer root.Close()
	res, err := generator.Build(ctx, generator.Config{Site: root.FS(), Drafts: f.drafts, BaseURL: f.baseURL, Strict: f.strict})
	if res != nil && len(res.Diags) > 0 {
		res.Diags.Format(stderr)
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
	if err := parse(fs, args); err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(f.src, "public")
	}
	start := time.Now()
	res, err := build(ctx, f, stderr)
	if err != nil {
		return err
	}
	if err := output.Dir(ctx, out, res.Files); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	fmt.Fprintf(stdout, "built %d case studies, %d pages, %d files into %s in %s\n",
		res.Studies, res.Pages, len(res.Files), out, time.Since(start).Round(time.Millisecond))
	return nil
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	var f siteFlags
	fs.StringVar(&f.src, "src", ".", "site folder")
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&f.drafts, "drafts", true, "check drafts too")
	fs.StringVar(&f.baseURL, "base-url", "", "absolute URL the site is published at (overrides casebook.toml)")
	if err := parse(fs, args); err != nil {
		return err
	}
	res, err := build(ctx, f, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %d case studies, %d pages\n", res.Studies, res.Pages)
	return nil
}
