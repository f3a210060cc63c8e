package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casebook/generator/content"
	"casebook/generator/slug"
)

// runNew writes content/case-studies/<slug>.md from the scaffold, refusing
// to overwrite anything.
func runNew(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("new", stderr)
	src := fs.String("src", ".", "site folder")
	name := fs.String("slug", "", "slug of the new case study (default: from the title)")
	// Accept the title before or after the flags.
	var title string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		title, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usageError{}
	}
	if title == "" && fs.NArg() > 0 {
		title = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if strings.TrimSpace(title) == "" {
		return usageError{`usage: casebook new "Title of the case study" [--src DIR] [--slug SLUG]`}
	}
	s := *name
	if s == "" {
		s = slug.Make(title)
	}
	if !slug.Valid(s) {
		return usageError{fmt.Sprintf("no slug can be made from %q; pass --slug", title)}
	}
	dir := filepath.Join(*src, filepath.FromSlash(content.CaseStudies))
	file := filepath.Join(dir, s+".md")
	if _, err := os.Stat(filepath.Join(dir, s)); err == nil {
		return usageError{fmt.Sprintf("%s already exists; pass --slug to choose another name", filepath.Join(dir, s))}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return usageError{fmt.Sprintf("%s already exists; pass --slug to choose another name", file)}
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(content.Scaffold(title, s, time.Now())); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\nfill in every TODO, then run: casebook check\n", file)
	return nil
}
