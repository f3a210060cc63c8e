package markdown

// Compact is compact, for the external tests that compare it with the
// theme's minifier.
var Compact = compact
