// The escapers below are html/template's (Go's html/template/html.go and
// url.go, BSD-style licence, Copyright 2011 The Go Authors), narrowed to the
// values they are given here: strings and html/template's own HTML, URL and
// JS types. Anything else makes the page fall back to html/template, and
// TestEscapersAsHTMLTemplate compares every one with the original.

package engine

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// escaper is one of html/template's escaping functions, by the name the
// escaper gives it in a template's tree.
type escaper int

const (
	htmlEscaper escaper = iota
	attrEscaper
	rcdataEscaper
	urlFilter
	urlNormalizer
	urlEscaper
	jsValEscaper
)

var escapers = map[string]escaper{
	"_html_template_htmlescaper":   htmlEscaper,
	"_html_template_attrescaper":   attrEscaper,
	"_html_template_rcdataescaper": rcdataEscaper,
	"_html_template_urlfilter":     urlFilter,
	"_html_template_urlnormalizer": urlNormalizer,
	"_html_template_urlescaper":    urlEscaper,
	"_html_template_jsvalescaper":  jsValEscaper,
}

type contentType int

const (
	plainText contentType = iota
	htmlText
	urlText
	jsText
)

var (
	htmlType     = reflect.TypeFor[template.HTML]()
	urlType      = reflect.TypeFor[template.URL]()
	jsType       = reflect.TypeFor[template.JS]()
	stringType   = reflect.TypeFor[string]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
	formatType   = reflect.TypeFor[fmt.Formatter]()
)

// stringify is html/template's stringify for one argument, the value a
// pipeline hands its escaper; ok is false for values it leaves to
// html/template (pointers, interfaces, Stringers, the other content types,
// floats, structs...).
func stringify(v reflect.Value) (s string, t contentType, ok bool) {
	if !v.IsValid() {
		return "", plainText, true // a nil argument is skipped: ""
	}
	switch v.Type() {
	case stringType:
		return v.String(), plainText, true
	case htmlType:
		return v.String(), htmlText, true
	case urlType:
		return v.String(), urlText, true
	case jsType:
		return v.String(), jsText, true
	}
	if v.Type().PkgPath() == "html/template" || v.Type().Implements(stringerType) || v.Type().Implements(errorType) || v.Type().Implements(formatType) {
		return "", 0, false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), plainText, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), plainText, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), plainText, true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), plainText, true
	}
	return "", 0, false
}

// escape applies e to v; ok is false when html/template must do it.
func (e escaper) escape(v reflect.Value) (string, bool) {
	s, t, ok := stringify(v)
	if !ok {
		return "", false
	}
	switch e {
	case htmlEscaper:
		if t == htmlText {
			return s, true
		}
		return htmlReplacer(s, htmlReplacementTable), true
	case attrEscaper:
		if t == htmlText {
			return "", false // html/template strips the tags first
		}
		return htmlReplacer(s, htmlReplacementTable), true
	case rcdataEscaper:
		if t == htmlText {
			return htmlReplacer(s, htmlNormReplacementTable), true
		}
		return htmlReplacer(s, htmlReplacementTable), true
	case urlFilter:
		if t != urlText && !isSafeURL(s) {
			return "#ZgotmplZ", true
		}
		return s, true
	case urlNormalizer, urlEscaper:
		return urlProcessor(e == urlNormalizer || t == urlText, s), true
	case jsValEscaper:
		if t == jsText {
			return s, true
		}
	}
	return "", false
}

var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlReplacer is html/template's with badRunes true, as all of its
// callers here use it: runes outside the table are kept as they are.
func htmlReplacer(s string, replacementTable []string) string {
	written, b := 0, new(strings.Builder)
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

func urlProcessor(norm bool, s string) string {
	var b strings.Builder
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%') // "%%%02x", without fmt
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
