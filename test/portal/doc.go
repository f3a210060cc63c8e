// Package portal tests the built sample portal as readers meet it: in a
// real headless Chromium (internal/browser), at phone and desktop widths,
// in light and dark colour schemes, with the keyboard only, without
// JavaScript and without CSS, and with axe-core checking WCAG 2.2 A and AA.
//
// The tests build the repository's own site (content/, casebook.toml) in
// memory with generator.Build and serve it from an httptest server over
// output.Mem; nothing is written to disk and nothing is fetched from the
// network. axe-core is vendored into testdata/axe/ at the repository root
// by scripts/fetch-axe.sh (run by `make test` and .ci/run); without it the
// accessibility test skips with a message, except under CI=true, where it
// fails. Without Chromium every browser test skips the same way.
//
// The package holds only tests. It is a package of its own, not part of
// generator/render, because it exercises the whole pipeline (content, site,
// theme, output) and because its tests are slow next to the unit tests:
// `go test ./test/portal` runs them alone.
package portal
