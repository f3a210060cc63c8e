// Package diag holds positions and diagnostics as data.
//
// A Pos names a file as written under the site folder (slash-separated) and a
// 1-based line and column in that file. A Diagnostic is one finding about the
// input: where, which field (a dotted path such as "partners[1].sector"), what
// is wrong and, optionally, a hint on what to write instead. A List collects
// every diagnostic of a run; it is an error when it holds at least one error.
//
// Nothing in this package parses positions back out of strings: callers pass
// positions around as values and print them only at the edge, with Format.
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Pos is a place in a file. Line and Col are 1-based; zero means unknown
// (a file-level finding has Line 0).
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as "file:line:col", leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Compare orders positions by file, then line, then column.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(strings.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Severity tells whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported but fails the build only in strict mode.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one finding about the input.
type Diagnostic struct {
	Pos      Pos
	Field    string // dotted field path, "" when the finding is not about a field
	Msg      string // lower-case sentence fragment, no trailing period
	Hint     string // optional: what to write instead
	Severity Severity
	// Also lists other places involved (the first definition of a duplicate, say).
	Also []Pos
}

// String formats the diagnostic on one line, without the hint:
// "path:line:col: field: message".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// List is every diagnostic of a run. The zero value is empty and ready to use.
// A List is not safe for concurrent use; merge per-goroutine lists instead.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at pos about field.
func (l *List) Errorf(pos Pos, field, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by position, then field and message, so that output is
// stable whatever order the diagnostics were found in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(a.Pos.Compare(b.Pos), strings.Compare(a.Field, b.Field), strings.Compare(a.Msg, b.Msg))
	})
}

// Errors returns how many diagnostics are errors.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Err returns the list as an error when it holds at least one error, or nil.
// With strict set, warnings count as errors too.
func (l List) Err(strict bool) error {
	if l.Errors() > 0 || (strict && len(l) > 0) {
		return l
	}
	return nil
}

// Error joins the diagnostics, one per line, without hints.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Format writes every diagnostic as "path:line:col: field: message", each
// followed by an indented "hint:" line when it has one and an "also:" line per
// other place involved, then a count.
func (l List) Format(w io.Writer) error {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
		for _, p := range d.Also {
			fmt.Fprintf(&b, "  see: %s\n", p)
		}
		if d.Hint != "" {
			fmt.Fprintf(&b, "  hint: %s\n", d.Hint)
		}
	}
	errs := l.Errors()
	warns := len(l) - errs
	fmt.Fprintf(&b, "%s, %s\n", plural(errs, "error"), plural(warns, "warning"))
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
