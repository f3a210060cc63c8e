package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"casebook/generator/config"
	"casebook/generator/content"
)

// runSchema prints the JSON Schema of the front matter, with the tags of the
// site in --src when it has a casebook.toml.
func runSchema(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schema", stderr)
	src := fs.String("src", ".", "site folder whose casebook.toml adds tags to the vocabulary")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, diags := config.Load(os.DirFS(*src))
	if cfg == nil {
		diags.Format(stderr)
		return contentError{fmt.Errorf("casebook.toml has errors")}
	}
	_, err := stdout.Write(content.JSONSchema(append(content.CoreTags(), cfg.Tags...)))
	return err
}
