package markdown

import "bytes"

// omitted is what goldmark writes in place of raw HTML, which the Renderer
// leaves out.
const omitted = "<!-- raw HTML omitted -->"

// compact removes from goldmark's HTML, in place, what the theme's HTML
// minifier removes from it, in a seventh of the minifier's time and without
// allocating (BenchmarkCompact), and returns the shortened slice:
//
//   - the newline goldmark writes between two tags when one of them is a
//     block-level tag ("</p>\n<ul>"), where it renders as nothing;
//   - the comments goldmark writes in place of raw HTML, with the space
//     after one when there is space before it.
//
// Everything else, <pre> elements whole, is kept as it is. compact reads
// goldmark's output only: text in it is escaped, so every "<" opens a tag
// goldmark wrote. FuzzCompact checks that minifying compact's output gives
// what minifying goldmark's gives, so compact removes nothing that shows.
func compact(b []byte) []byte {
	out := b[:0] // out never passes r: copies move bytes back or leave them
	pre, cmt := find(b, 0, "<pre"), find(b, 0, omitted)
	for r := 0; r < len(b); {
		if pre < r {
			pre = find(b, r, "<pre")
		}
		if cmt < r {
			cmt = find(b, r, omitted)
		}
		nl := len(b)
		if i := bytes.IndexByte(b[r:min(pre, cmt)], '\n'); i >= 0 {
			nl = r + i
		}
		stop := min(nl, pre, cmt)
		out = append(out, b[r:stop]...)
		r = stop
		switch {
		case r == len(b):
		case r == pre:
			end := find(b, r, "</pre>")
			end = min(end+len("</pre>"), len(b))
			out = append(out, b[r:end]...)
			r = end
		case r == cmt:
			// The space on either side of the comment is one space.
			r += len(omitted)
			for len(out) > 0 && space(out[len(out)-1]) && r < len(b) && space(b[r]) {
				r++
			}
		default: // a newline
			r++
			if !betweenBlockTags(out, b[r:]) {
				out = append(out, '\n')
			}
		}
	}
	return out
}

// space reports whether c is HTML whitespace, a run of which renders as
// one space outside <pre>.
func space(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

// find returns the index of s in b at or after from, or len(b).
func find(b []byte, from int, s string) int {
	if i := bytes.Index(b[from:], []byte(s)); i >= 0 {
		return from + i
	}
	return len(b)
}

// betweenBlockTags reports whether a newline between before and after
// separates two tags (or ends the output after a tag), one of which is a
// block-level tag.
func betweenBlockTags(before, after []byte) bool {
	if len(before) == 0 || before[len(before)-1] != '>' {
		return false
	}
	if len(after) == 0 {
		return true
	}
	if after[0] != '<' {
		return false
	}
	open := bytes.LastIndexByte(before, '<')
	return open >= 0 && blockTag(before[open+1:]) || blockTag(after[1:])
}

// blockTag reports whether b, the bytes after a tag's "<", starts with the
// name of a block-level element goldmark writes, opening or closing.
func blockTag(b []byte) bool {
	if len(b) > 0 && b[0] == '/' {
		b = b[1:]
	}
	n := 0
	for n < len(b) && ('a' <= b[n] && b[n] <= 'z' || '1' <= b[n] && b[n] <= '6') {
		n++
	}
	if n < len(b) && b[n] != '>' && b[n] != ' ' && b[n] != '/' {
		return false
	}
	switch string(b[:n]) {
	case "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
		"hr", "table", "thead", "tbody", "tr", "th", "td", "div", "section", "dl", "dt", "dd":
		return true
	}
	return false
}
