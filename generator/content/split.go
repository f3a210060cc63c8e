package content

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"casebook/generator/diag"

	"github.com/adrg/frontmatter"
)

// Format is the syntax of a front-matter block.
type Format int

const (
	// YAML front matter sits between "---" lines.
	YAML Format = iota
	// TOML front matter sits between "+++" lines.
	TOML
)

// Block is a file split into its front matter and its body.
type Block struct {
	Format Format
	Data   []byte // the front matter, without its delimiters
	Lines  int    // lines of the file before Data
	Body   []byte
	// BodyLine is the 1-based line of the file where Body starts.
	BodyLine int
}

// maxFile bounds the size of one content file.
const maxFile = 8 << 20

// Split finds the front matter of a content file with adrg/frontmatter and
// guards its gaps: a byte-order mark is dropped (it would hide the opening
// delimiter), an opening delimiter with no closing one is an error (the
// library would take the whole file as body), and so are an empty file, a
// file that is not UTF-8 text and a file with no front matter at all.
func Split(file string, src []byte) (Block, *diag.Diagnostic) {
	fail := func(line int, msg, hint string) (Block, *diag.Diagnostic) { return splitError(file, line, msg, hint) }
	src = normalizeCR(bytes.TrimPrefix(src, []byte("\ufeff")))
	switch {
	case len(bytes.TrimSpace(src)) == 0:
		return fail(1, "the file is empty", "start it with a front-matter block between --- lines; `casebook new` writes one")
	case len(src) > maxFile:
		return fail(1, fmt.Sprintf("the file is %d MB; the limit is %d MB", len(src)>>20, maxFile>>20), "")
	case !utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0:
		return fail(1, "the file is not UTF-8 text", "save it as UTF-8 text; is it a binary file in the content folder?")
	}
	// Find the opening delimiter as the library does: the first line that is
	// not blank, compared with surrounding space trimmed.
	lines, open := 0, ""
	rest := src
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte{'\n'})
		lines++
		rest = next
		if t := bytes.TrimSpace(line); len(t) > 0 {
			open = string(t)
			break
		}
	}
	var format Format
	switch open {
	case "---":
		format = YAML
	case "+++":
		format = TOML
	default:
		return fail(lines, "the file has no front matter", "start the file with a line ---, the fields, then a line ---")
	}
	if data, start, ok := splitPlain(src, open); ok {
		bodyLine := 1 + bytes.Count(src[:start], []byte{'\n'})
		return Block{Format: format, Data: data, Lines: lines, Body: src[start:], BodyLine: bodyLine}, nil
	}
	return splitLibrary(file, src, format, lines, open)
}

// splitPlain splits the common file without going through the library:
// one that opens with its delimiter on the first line. The block ends, as
// the library ends it, at the first line after it that is the delimiter
// once surrounding space is trimmed; the body starts after that line.
// It reports false when the file opens otherwise or the block is never
// closed, for the library to split or refuse. TestSplitPlainAsLibrary and
// FuzzSplitPlain compare the two.
func splitPlain(src []byte, delim string) (data []byte, bodyStart int, ok bool) {
	if len(src) <= len(delim) || string(src[:len(delim)]) != delim || src[len(delim)] != '\n' {
		return nil, 0, false
	}
	start := len(delim) + 1
	for at := start; at < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[at:], '\n'); i >= 0 {
			end = at + i + 1
		}
		if string(bytes.TrimSpace(src[at:end])) == delim {
			return append([]byte{}, src[start:at]...), end, true
		}
		at = end
	}
	return nil, 0, false
}

// splitLibrary splits src with adrg/frontmatter, which finds the opening
// delimiter after blank lines and around spaces.
func splitLibrary(file string, src []byte, format Format, lines int, open string) (Block, *diag.Diagnostic) {
	fail := func(line int, msg, hint string) (Block, *diag.Diagnostic) { return splitError(file, line, msg, hint) }
	// The library's unmarshal hook only captures the raw block: it is decoded
	// into positioned nodes by the caller. Once the block is captured, the
	// reader ends: the library would otherwise copy the whole body into its
	// buffer, growing it as it goes (260 MB at 10,000 studies), for a body
	// that is a tail of src anyway.
	var data []byte
	found := false
	r := &stopReader{src: src}
	capture := func(b []byte, _ any) error {
		data, found, r.stop = append([]byte{}, b...), true, true
		return nil
	}
	// The library reads through a bufio.Reader, and takes one that is
	// already big enough as it is: a pooled one spares it making 4 KB a file.
	br, _ := readers.Get().(*bufio.Reader)
	if br == nil {
		br = bufio.NewReader(r)
	}
	br.Reset(r)
	body, err := frontmatter.Parse(br, nil,
		frontmatter.NewFormat("---", "---", capture),
		frontmatter.NewFormat("+++", "+++", capture))
	br.Reset(nil)
	readers.Put(br)
	if err != nil {
		return fail(lines, "cannot read the front matter: "+err.Error(), "")
	}
	if !found {
		return fail(lines, fmt.Sprintf("the front matter opened here with %s is never closed", open),
			fmt.Sprintf("add a line %s after the last field", open))
	}
	// The library returns what it read after the block: the body's first
	// bytes, read ahead, which end where reading stopped.
	start := r.pos - len(body)
	bodyLine := 1 + bytes.Count(src[:start], []byte{'\n'})
	return Block{Format: format, Data: data, Lines: lines, Body: src[start:], BodyLine: bodyLine}, nil
}

// splitError is Split's diagnostic at the start of a line of file.
func splitError(file string, line int, msg, hint string) (Block, *diag.Diagnostic) {
	return Block{}, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: 1}, Msg: msg, Hint: hint}
}

// readers are the bufio.Readers Split lends the library.
var readers sync.Pool

// stopReader reads src a line at a time until stop is set, then reports
// the end. A line at a time, the library's reader holds nothing past the
// closing delimiter when the block is captured, and has no body bytes to
// copy.
type stopReader struct {
	src  []byte
	pos  int
	stop bool
}

func (r *stopReader) Read(b []byte) (int, error) {
	if r.stop || r.pos == len(r.src) {
		return 0, io.EOF
	}
	line := r.src[r.pos:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	n := copy(b, line)
	r.pos += n
	return n, nil
}

// normalizeCR turns a carriage return that is not followed by a line feed
// (old Mac line endings) into a line feed, so that the YAML parser, the
// Markdown parser and positions all count lines as editors do. CRLF is
// left as it is.
func normalizeCR(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := bytes.Clone(src)
	for i, c := range out {
		if c == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
}
