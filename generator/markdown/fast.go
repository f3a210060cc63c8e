package markdown

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// fast renders a body without goldmark when every line of it is written in
// the Markdown most case studies are written in, and gives what Render gives
// with goldmark: the same HTML byte for byte (before compaction), headings,
// plain text and links. It reads each byte once or twice where goldmark
// builds a tree with a node for every run of words: six times faster on the
// sample portal's bodies, with a sixth of the allocations (BenchmarkBody).
// FuzzFast and TestFastAgrees compare the two on every body the fast path
// takes.
//
// The subset, line by line (anything else, anywhere in the body, and the
// body goes to goldmark whole):
//
//   - blank lines (empty: a line of spaces is not taken);
//   - ATX headings, "## Title", with one space after the #s and none at the
//     end;
//   - paragraphs, whose lines start with a letter, a digit (not a list
//     number), one of `([".,;?!%/$)`, or "*" or "**" that opens emphasis
//     (see textStart);
//   - tight lists, bulleted or numbered: lines "- item" or "1. item", with
//     a blank line (or the end) after the last and no list just after that;
//   - block quotes of one paragraph, lines "> text", with a blank line (or
//     the end) after the last;
//   - GFM tables between blank lines, every row "| a | b |" with as many
//     cells as the header.
//
// Within a line (see fast_inline.go): text of letters, digits, spaces,
// non-ASCII characters and the punctuation no rule reads (",;:?!()%/+=$#");
// an "&" that starts no entity; *emphasis* and **strong** around plain
// words, opened after a space or "(" and closed before a space or
// punctuation; [links](dest) around plain words, to http(s) or a path;
// and the typographer's substitutions that need no more context than the
// bytes around them: "--", "---", "...", an apostrophe after a letter or
// digit (before a letter or a space), and double quotes opened after a
// space and closed before one or punctuation. No raw HTML, entities,
// backslashes, code, underscores, tildes, images, footnotes, "@" (an
// e-mail autolink) or URL in the text (an autolink).
type fast struct {
	html  []byte
	text  textBuf
	heads []Heading
	links []Link
	ids   *ids
	dq    int // double quotes open in the block (the typographer's counter)
	block int // the 1-based line of the block, for its links
}

// renderFast renders src if it is in the subset, else returns ok false.
// With a Scratch, the HTML and text are made in its memory (see RenderIn).
func renderFast(src []byte, s *Scratch) (res Result, html []byte, ok bool) {
	if !utf8.Valid(src) {
		return Result{}, nil, false
	}
	f := &fast{ids: newIDs()}
	var lines [][]byte
	if s != nil {
		f.html, f.text.b, lines = s.html[:0], s.text[:0], s.lines[:0]
	}
	f.html = slices.Grow(f.html, len(src)+len(src)/4)
	f.text.b = slices.Grow(f.text.b, len(src)+len(src)/16)
	lines = splitLines(lines, src)
	ok = f.blocks(lines)
	if s != nil {
		// What grew is kept for the next body, whether or not this one
		// was taken.
		s.html, s.text, s.lines = f.html, f.text.b, lines
	}
	if !ok {
		return Result{}, nil, false
	}
	text := f.text.String()
	if urlStart(f.text.b, true) {
		return Result{}, nil, false // an autolink, perhaps
	}
	return Result{Headings: f.heads, Text: text, Links: f.links}, f.html, true
}

// blocks renders the lines of a body, block by block; false means a line
// is not in the subset.
func (f *fast) blocks(lines [][]byte) bool {
	for i := 0; i < len(lines); {
		l := lines[i]
		f.block, f.dq = i+1, 0
		var n int
		switch {
		case len(l) == 0:
			i++
			continue
		case l[0] == '#':
			n = f.heading(l)
		case l[0] == '-' || marker(l, true) > 0:
			n = f.list(lines[i:])
		case l[0] == '|':
			n = f.table(lines[i:])
		case l[0] == '>':
			n = f.quote(lines[i:])
		default:
			n = f.paragraph(lines[i:])
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// textBuf is a body's plain text in the making: a strings.Builder whose
// bytes a Scratch can keep.
type textBuf struct{ b []byte }

func (t *textBuf) Len() int             { return len(t.b) }
func (t *textBuf) Write(p []byte)       { t.b = append(t.b, p...) }
func (t *textBuf) WriteString(s string) { t.b = append(t.b, s...) }

func (t *textBuf) WriteByte(c byte) error {
	t.b = append(t.b, c)
	return nil
}

// String returns the text so far without copying it: a string that the
// rest of the rendering does not change (it only appends), but that a
// Scratch's next body overwrites.
func (t *textBuf) String() string { return unsafe.String(unsafe.SliceData(t.b), len(t.b)) }

// splitLines cuts src at its newlines, appending the lines to lines; a
// last newline ends the last line.
func splitLines(lines [][]byte, src []byte) [][]byte {
	n := 1
	for _, c := range src {
		if c == '\n' {
			n++
		}
	}
	lines = slices.Grow(lines, n)
	for len(src) > 0 {
		i := 0
		for i < len(src) && src[i] != '\n' {
			i++
		}
		lines = append(lines, src[:i])
		if i == len(src) {
			break
		}
		src = src[i+1:]
	}
	return lines
}

// endBlock ends a block's plain text with a newline, as inspect does.
func (f *fast) endBlock() {
	if s := f.text.String(); len(s) > 0 && s[len(s)-1] != '\n' {
		f.text.WriteByte('\n')
	}
}

// heading renders an ATX heading line; it returns the lines it took, 0 if
// the line is not one it takes.
func (f *fast) heading(l []byte) int {
	level := 0
	for level < len(l) && l[level] == '#' {
		level++
	}
	if level > 6 || level+1 >= len(l) || l[level] != ' ' || !textStart(l[level+1:]) || l[len(l)-1] == '#' {
		return 0
	}
	content := l[level+1:]
	level = max(level, 2) // demoteH1
	id := f.ids.Generate(content, 0)
	h := byte('0' + level)
	f.html = append(f.html, "<h"...)
	f.html = append(f.html, h)
	f.html = append(f.html, ` id="`...)
	f.html = append(f.html, id...)
	f.html = append(f.html, `">`...)
	start := f.text.Len()
	if !f.inline(content, line) {
		return 0
	}
	// A copy: headings outlive the text, which the search index drops.
	f.heads = append(f.heads, Heading{Level: level, ID: string(id), Text: strings.Clone(f.text.String()[start:])})
	f.html = append(f.html, "</h"...)
	f.html = append(f.html, h, '>', '\n')
	f.endBlock()
	return 1
}

// paragraph renders the lines up to the next blank one as a paragraph.
func (f *fast) paragraph(lines [][]byte) int {
	n := 0
	for n < len(lines) && len(lines[n]) > 0 {
		n++
	}
	if !f.lines(lines[:n], 0) {
		return 0
	}
	return n
}

// quote renders a block quote of one paragraph: lines "> text" up to a
// blank line or the end.
func (f *fast) quote(lines [][]byte) int {
	n := 0
	for n < len(lines) && len(lines[n]) > 2 && lines[n][0] == '>' && lines[n][1] == ' ' {
		n++
	}
	if n == 0 || n < len(lines) && len(lines[n]) > 0 {
		return 0 // a line after the quote would continue its paragraph
	}
	f.html = append(f.html, "<blockquote>\n"...)
	if !f.lines(lines[:n], 2) {
		return 0
	}
	f.html = append(f.html, "</blockquote>\n"...)
	return n
}

// lines renders lines as a paragraph, each without its first skip bytes.
func (f *fast) lines(lines [][]byte, skip int) bool {
	f.html = append(f.html, "<p>"...)
	for i, l := range lines {
		if !textStart(l[skip:]) {
			return false
		}
		if i > 0 {
			f.html = append(f.html, '\n')
			f.text.WriteByte(' ')
		}
		if !f.inline(l[skip:], line) {
			return false
		}
	}
	f.html = append(f.html, "</p>\n"...)
	f.endBlock()
	return true
}

// list renders a tight list, bulleted ("- item") or numbered ("1. item"),
// up to a blank line or the end, with no item after that blank line.
func (f *fast) list(lines [][]byte) int {
	ordered := lines[0][0] != '-'
	n := 0
	for n < len(lines) && len(lines[n]) > 0 {
		m := marker(lines[n], ordered)
		if m == 0 || !textStart(lines[n][m:]) {
			return 0
		}
		if it := lines[n][m:]; len(it) >= 3 && it[0] == '[' && it[2] == ']' {
			return 0 // "[x]", "[ ]": a task's checkbox
		}
		n++
	}
	for _, l := range lines[n:] {
		if len(l) > 0 {
			if l[0] == '-' || digit(l[0]) {
				return 0 // perhaps more of the list, which makes it loose
			}
			break
		}
	}
	tag := "ul>\n"
	if ordered {
		tag = "ol>\n"
	}
	f.html = append(f.html, '<')
	if start := number(lines[0]); ordered && start != 1 {
		f.html = append(f.html, `ol start="`...)
		f.html = strconv.AppendInt(f.html, int64(start), 10)
		f.html = append(f.html, "\">\n"...)
	} else {
		f.html = append(f.html, tag...)
	}
	first := f.block
	for i, l := range lines[:n] {
		f.block, f.dq = first+i, 0
		f.html = append(f.html, "<li>"...)
		if !f.inline(l[marker(l, ordered):], line) {
			return 0
		}
		f.html = append(f.html, "</li>\n"...)
		f.endBlock()
	}
	f.html = append(f.html, "</"...)
	f.html = append(f.html, tag...)
	return n
}

// marker returns the length of a list item's marker and the space after
// it: "- ", or 1–9 digits, "." and a space; 0 if l starts with neither.
func marker(l []byte, ordered bool) int {
	if !ordered {
		if len(l) > 2 && l[0] == '-' && l[1] == ' ' {
			return 2
		}
		return 0
	}
	i := 0
	for i < len(l) && i < 10 && digit(l[i]) {
		i++
	}
	if i == 0 || i > 9 || i+2 >= len(l) || l[i] != '.' || l[i+1] != ' ' {
		return 0
	}
	return i + 2
}

// number returns the number a line starts with.
func number(l []byte) int {
	n := 0
	for i := 0; i < len(l) && digit(l[i]); i++ {
		n = 10*n + int(l[i]-'0')
	}
	return n
}

// textStart reports whether line l, in or opening a paragraph or as the
// text of a heading or an item, opens no block of its own: a letter, a
// digit that does not start a list number, a non-ASCII character, one of
// `([".,;?!%/$)`, or the "*" of emphasis; and it has no space at the end
// (two make a line break). (A line of ":" and "-" under a paragraph makes
// it a table.)
func textStart(l []byte) bool {
	if len(l) == 0 || l[len(l)-1] == ' ' {
		return false
	}
	switch c := l[0]; {
	case letter(c), c >= 0x80, strings.IndexByte(`([".,;?!%/$)`, c) >= 0:
		return true
	case digit(c):
		i := 0
		for i < len(l) && digit(l[i]) {
			i++
		}
		// A list number: 1–9 digits, "." or ")", and a space or the end.
		return i > 9 || i == len(l) || l[i] != '.' && l[i] != ')' || i+1 < len(l) && l[i+1] != ' '
	case c == '*':
		return len(l) > 1 && (l[1] == '*' || alnum(l[1]))
	}
	return false
}

func letter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func digit(c byte) bool  { return c >= '0' && c <= '9' }

// table renders a GFM table: a header row, a delimiter row and body rows up
// to a blank line or the end, every row "| a | b |" with the header's
// number of cells, each cell's text between spaces.
func (f *fast) table(lines [][]byte) int {
	n := 0
	for n < len(lines) && len(lines[n]) > 0 {
		n++
	}
	if n < 3 {
		return 0
	}
	head := cells(lines[0], nil, false)
	aligns := make([]string, len(head))
	delims := cells(lines[1], nil, true)
	if head == nil || len(delims) != len(head) {
		return 0
	}
	for i, d := range delims {
		left, right := d[0] == ':', len(d) > 1 && d[len(d)-1] == ':'
		dashes := d[b2i(left) : len(d)-b2i(right)]
		if len(dashes) == 0 || strings.Trim(string(dashes), "-") != "" {
			return 0
		}
		switch {
		case left && right:
			aligns[i] = ` style="text-align:center"`
		case left:
			aligns[i] = ` style="text-align:left"`
		case right:
			aligns[i] = ` style="text-align:right"`
		}
	}
	f.html = append(f.html, "<table>\n<thead>\n"...)
	first, row := f.block, head
	for r := range n {
		if r == 1 {
			continue
		}
		if r > 0 {
			if row = cells(lines[r], row[:0], false); len(row) != len(head) {
				return 0
			}
		}
		if r == 2 {
			f.html = append(f.html, "<tbody>\n"...)
		}
		f.block = first + r
		f.html = append(f.html, "<tr>\n"...)
		tag := "td"
		if r == 0 {
			tag = "th"
		}
		for i, c := range row {
			f.html = append(f.html, '<')
			f.html = append(f.html, tag...)
			f.html = append(f.html, aligns[i]...)
			f.html = append(f.html, '>')
			if !f.inline(c, cell) {
				return 0
			}
			f.html = append(f.html, "</"...)
			f.html = append(f.html, tag...)
			f.html = append(f.html, ">\n"...)
			f.endBlock()
		}
		f.html = append(f.html, "</tr>\n"...)
		if r == 0 {
			f.html = append(f.html, "</thead>\n"...)
		}
	}
	f.html = append(f.html, "</tbody>\n</table>\n"...)
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cells appends to dst the cells of a row "| a | b |": the text between
// the bars, without the spaces around it, which must be there unless the
// row is the delimiter row. It returns nil for any other line.
func cells(l []byte, dst [][]byte, delims bool) [][]byte {
	if len(l) < 4 || l[0] != '|' || l[len(l)-1] != '|' {
		return nil
	}
	l = l[1:]
	for len(l) > 0 {
		i := 0
		for i < len(l) && l[i] != '|' {
			i++
		}
		c := l[:i]
		if i == len(l) || !delims && (len(c) < 3 || c[0] != ' ' || c[len(c)-1] != ' ') {
			return nil
		}
		for len(c) > 0 && c[0] == ' ' {
			c = c[1:]
		}
		for len(c) > 0 && c[len(c)-1] == ' ' {
			c = c[:len(c)-1]
		}
		if len(c) == 0 {
			return nil
		}
		dst = append(dst, c)
		l = l[i+1:]
	}
	return dst
}
