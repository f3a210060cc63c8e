package markdown

import (
	"strings"

	"github.com/yuin/goldmark/text"
)

// Compact is compact, for the external tests that compare it with the
// theme's minifier.
var Compact = compact

func textReader(s string) text.Reader { return text.NewReader([]byte(s)) }

func hasAt(s string) bool { return strings.Contains(s, "@") }
