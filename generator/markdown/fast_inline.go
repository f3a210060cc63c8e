package markdown

import (
	"bytes"
	"strings"
)

// The inline half of the fast path (see fast): the text of a line.

// plainByte marks the bytes that are text whatever is around them: letters,
// digits, space, non-ASCII, and the punctuation no rule of the subset reads.
var plainByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = alnum(byte(c)) || c >= 0x80 || strings.IndexByte(" ,;:?()%/+=$#", byte(c)) >= 0
	}
	return t
}()

// Where inline text is: what it may hold besides text.
const (
	line   = iota // a heading's, an item's or a paragraph's: everything
	cell          // a table cell's: no double quotes
	nested        // emphasis's or a link's: only text
)

// inline renders inline text into f.html and f.text; false means it is
// not in the subset.
func (f *fast) inline(s []byte, in int) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if plainByte[c] {
			j := i + 1
			for j < len(s) && plainByte[s[j]] {
				j++
			}
			f.html = append(f.html, s[i:j]...)
			f.text.Write(s[i:j])
			i = j
			continue
		}
		n := 1
		switch c {
		case '.':
			if i+2 < len(s) && s[i+1] == '.' && s[i+2] == '.' {
				if i >= 3 && string(s[i-3:i]) == "www" {
					return false // "www..." is an autolink, which the text's "www…" would hide
				}
				f.sub("&hellip;", "…")
				n = 3
			} else {
				f.lit(c)
			}
		case '-':
			switch {
			case i+2 < len(s) && s[i+1] == '-' && s[i+2] == '-':
				f.sub("&mdash;", "—")
				n = 3
			case i+1 < len(s) && s[i+1] == '-':
				f.sub("&ndash;", "–")
				n = 2
			default:
				f.lit(c)
			}
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				return false // an image
			}
			f.lit(c)
		case '\'':
			// An apostrophe after a letter or digit: before a letter, or
			// before a space and more of the line.
			if i == 0 || i+1 == len(s) || !alnum(s[i-1]) || !letter(s[i+1]) && (s[i+1] != ' ' || i+2 >= len(s)) {
				return false
			}
			f.sub("&rsquo;", "’")
		case '&':
			// An ampersand that cannot start an entity.
			j := i + 1
			for j < len(s) && (alnum(s[j]) || s[j] == '#') {
				j++
			}
			if j < len(s) && s[j] == ';' {
				return false
			}
			f.html = append(f.html, "&amp;"...)
			f.text.WriteByte('&')
		case '"':
			if in != line || !f.doubleQuote(s, i) {
				return false
			}
		case '*':
			if in == nested {
				return false
			}
			n = f.emphasis(s, i)
		case '[':
			if in == nested {
				return false
			}
			n = f.link(s, i)
		default:
			return false
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// lit writes a byte that is text.
func (f *fast) lit(c byte) {
	f.html = append(f.html, c)
	f.text.WriteByte(c)
}

// sub writes a typographer's substitution: its entity in the HTML, its
// character in the text.
func (f *fast) sub(entity, char string) {
	f.html = append(f.html, entity...)
	f.text.WriteString(char)
}

// doubleQuote writes the double quote at s[i], if it is one the typographer
// surely turns: an opening one after a space or "(" and before a letter
// or digit, or a closing one, with one open in the block, after a letter
// or digit and before a space or punctuation, or after ".,?!" and before
// a space.
func (f *fast) doubleQuote(s []byte, i int) bool {
	prev, next := byte(' '), byte(' ')
	if i > 0 {
		prev = s[i-1]
	}
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch {
	case (prev == ' ' || prev == '(') && alnum(next):
		f.dq++
		f.sub("&ldquo;", "“")
	case f.dq > 0 && (alnum(prev) && closes(next) || strings.IndexByte(".,?!", prev) >= 0 && next == ' '):
		f.dq--
		f.sub("&rdquo;", "”")
	default:
		return false
	}
	return true
}

// closes reports whether c, after a closing delimiter that follows a
// letter or digit, leaves it closing only: a space (or the line's end) or
// punctuation.
func closes(c byte) bool { return strings.IndexByte(" .,;:?!)", c) >= 0 }

// emphasis writes the *emphasis* or **strong** at s[i], returning the
// bytes it took, 0 if it is not of the subset: opened at the start or after
// a space or "(", before a letter or digit; closed by as many "*" after a
// letter or digit, before a space, the end or punctuation, or after
// punctuation before a space or the end; nothing but words between.
func (f *fast) emphasis(s []byte, i int) int {
	n := 1
	if i+1 < len(s) && s[i+1] == '*' {
		n = 2
	}
	j := i + n
	if i > 0 && s[i-1] != ' ' && s[i-1] != '(' || j >= len(s) || !alnum(s[j]) {
		return 0
	}
	k := words(s, j)
	e := k + n
	if e > len(s) || s[k] != '*' || n == 2 && s[k+1] != '*' {
		return 0
	}
	// After a letter or digit, a closer closes before a space or
	// punctuation; after punctuation, before a space.
	if after := byte(' '); e == len(s) || closes(s[e]) {
		if e < len(s) {
			after = s[e]
		}
		if !alnum(s[k-1]) && (strings.IndexByte(".,;:?!)", s[k-1]) < 0 || after != ' ') {
			return 0
		}
	} else {
		return 0
	}
	tag := "em>"
	if n == 2 {
		tag = "strong>"
	}
	f.html = append(f.html, '<')
	f.html = append(f.html, tag...)
	if !f.inline(s[j:k], nested) {
		return 0
	}
	f.html = append(f.html, "</"...)
	f.html = append(f.html, tag...)
	return e - i
}

// words returns the end of the run of s from j that can be the text of
// emphasis or a link: no "*", brackets or double quotes.
func words(s []byte, j int) int {
	for j < len(s) && (plainByte[s[j]] || strings.IndexByte(".-!'&", s[j]) >= 0) {
		j++
	}
	return j
}

// link writes the [text](destination) at s[i], returning the bytes it
// took, 0 if it is not of the subset: plain words, and a destination of URL
// characters that is http(s), a path or a fragment.
func (f *fast) link(s []byte, i int) int {
	j := words(s, i+1)
	if j == i+1 || j+1 >= len(s) || s[j] != ']' || s[j+1] != '(' {
		return 0
	}
	k := j + 2
	for k < len(s) && destByte(s, k) {
		k++
	}
	dest := s[j+2 : min(k, len(s))]
	if k == len(s) || s[k] != ')' || !safeDest(dest) {
		return 0
	}
	f.html = append(f.html, `<a href="`...)
	f.html = append(f.html, dest...)
	f.html = append(f.html, `">`...)
	if !f.inline(s[i+1:j], nested) {
		return 0
	}
	f.html = append(f.html, "</a>"...)
	f.links = append(f.links, Link{Dest: string(dest), Line: f.block})
	return k + 1 - i
}

// destByte reports whether s[k] is a byte of a destination goldmark writes
// as it is: a letter, a digit, "-_.~/?:=+#,;$", or "%" and two hex digits.
func destByte(s []byte, k int) bool {
	c := s[k]
	if alnum(c) || strings.IndexByte("-_.~/?:=+#,;$", c) >= 0 {
		return true
	}
	return c == '%' && k+2 < len(s) && hex(s[k+1]) && hex(s[k+2])
}

func hex(c byte) bool { return digit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// safeDest reports whether a destination is one goldmark links as it is:
// http or https, or without a scheme (a path, a query or a fragment).
func safeDest(d []byte) bool {
	if len(d) == 0 || !letter(d[0]) && strings.IndexByte("/#.?", d[0]) < 0 {
		return false
	}
	return bytes.IndexByte(d, ':') < 0 || bytes.HasPrefix(d, []byte("https://")) || bytes.HasPrefix(d, []byte("http://"))
}
