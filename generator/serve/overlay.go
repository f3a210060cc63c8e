package serve

import (
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"unicode/utf8"

	"casebook/generator"
	"casebook/generator/diag"
)

// report is what the error overlay shows for a failed build, as the JSON
// data of an "errors" event.
type report struct {
	errors int
	json   []byte
}

// problem is one error of a build, with the lines of its file around it.
type problem struct {
	File   string    `json:"file"`
	Line   int       `json:"line,omitempty"`
	Col    int       `json:"col,omitempty"`
	Field  string    `json:"field,omitempty"`
	Msg    string    `json:"msg"`
	Hint   string    `json:"hint,omitempty"`
	Also   []string  `json:"also,omitempty"`
	Source []srcLine `json:"source,omitempty"`
}

// srcLine is a numbered line of a source file.
type srcLine struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

// contextLines is how many lines the overlay shows on each side of an error.
const contextLines = 2

// newReport lists every error of a failed build. Source lines are read
// from the site folder; a position naming no file of it (a flag, say)
// has none.
func newReport(site fs.FS, res *generator.Result, err error) *report {
	var list diag.List
	if res != nil && errors.Is(err, generator.ErrContent) {
		list = res.Diags
	}
	r := &report{}
	out := struct {
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
		Problems []problem `json:"problems"`
	}{Problems: []problem{}}
	files := map[string][]string{}
	for _, d := range list {
		if d.Severity != diag.Error {
			out.Warnings++
			continue
		}
		p := problem{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Field: d.Field, Msg: d.Msg, Hint: d.Hint}
		for _, a := range d.Also {
			p.Also = append(p.Also, a.String())
		}
		p.Source = around(site, files, d.Pos)
		out.Problems = append(out.Problems, p)
	}
	if len(out.Problems) == 0 { // an I/O or template failure, or a strict build failing on warnings
		msg := "the build failed"
		if err != nil {
			msg = err.Error()
		}
		out.Problems = append(out.Problems, problem{Msg: msg})
	}
	out.Errors = len(out.Problems)
	r.errors = out.Errors
	r.json, _ = json.Marshal(out)
	return r
}

// around returns the lines around a position, reading each file once.
func around(site fs.FS, files map[string][]string, pos diag.Pos) []srcLine {
	if pos.Line <= 0 || !fs.ValidPath(pos.File) {
		return nil
	}
	lines, ok := files[pos.File]
	if !ok {
		data, err := fs.ReadFile(site, pos.File)
		if err == nil && utf8.Valid(data) {
			text := strings.TrimPrefix(string(data), "\uFEFF")
			lines = strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
		}
		files[pos.File] = lines
	}
	var out []srcLine
	for n := max(1, pos.Line-contextLines); n <= min(len(lines), pos.Line+contextLines); n++ {
		out = append(out, srcLine{n, clip(lines[n-1], 300)})
	}
	return out
}

// clip shortens a line to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
