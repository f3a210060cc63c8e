// Package slug makes URL path segments out of names.
//
// A slug is lower-case ASCII letters and digits in words joined by single
// hyphens: [a-z0-9]+(-[a-z0-9]+)*. Make folds accents (NFKD, combining
// marks dropped), so "São Paulo Água" becomes "sao-paulo-agua"; letters
// with no ASCII form ("東京") are dropped, and a name with none left yields "".
package slug

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var validRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Valid reports whether s is a well-formed slug.
func Valid(s string) bool { return validRE.MatchString(s) }

// Make returns the slug of name.
func Make(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '&':
			// "AT&T" → "at-t" would lose the name; keep it readable as "and".
			if b.Len() > 0 {
				dash = true
			}
			r = 0
			b.WriteString(sep(&dash, b.Len()) + "and")
			dash = true
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteString(sep(&dash, b.Len()))
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '.':
			// "People's" → "peoples", "Inc." → "inc"
		default:
			dash = true
		}
	}
	return b.String()
}

func sep(dash *bool, n int) string {
	if *dash && n > 0 {
		*dash = false
		return "-"
	}
	*dash = false
	return ""
}
