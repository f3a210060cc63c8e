package markdown

import "testing"

func TestPlainInline(t *testing.T) {
	for s, want := range map[string]bool{
		"Train 200 teachers in 12 districts":  true,
		"Cut costs by 30%, (mostly) in 2024.": true,
		"5":                                   true,
		"":                                    false,
		"2019. A year":                        false, // an ordered list
		"1) first":                            false,
		"- item":                              false,
		"See www.example.org":                 false, // an autolink
		"wait...":                             false, // an ellipsis
		"2010--2015 plan":                     false, // an en dash
		"a *b*":                               false,
		"it's":                                false, // a curly apostrophe
		"Zoë":                                 false,
		"two  spaces":                         false,
		"ends with space ":                    false,
		"mail a@b.org":                        false,
		"x: y":                                false,
	} {
		if got := plainInline(s); got != want {
			t.Errorf("plainInline(%q) = %v, want %v", s, got, want)
		}
	}
}

// plainAlphabet is what FuzzPlainInline maps fuzzed bytes onto: mostly
// bytes plainInline allows, in the combinations that come close to syntax.
const plainAlphabet = "aw W1 9.-,;%/?()$+=:@'\"*_.-. "

// FuzzPlainInline checks that what plainInline lets through Inline untouched is
// what goldmark renders it to.
func FuzzPlainInline(f *testing.F) {
	for _, s := range []string{"Train 200 teachers", "www.x.org", "a -- b", "1. x", "x...", "(a) b/c = 3%"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, s string) {
		mapped := []byte(s)
		for i, c := range mapped {
			mapped[i] = plainAlphabet[int(c)%len(plainAlphabet)]
		}
		for _, c := range []string{s, string(mapped)} {
			if !plainInline(c) {
				continue
			}
			if got := r.inlineGoldmark(c); string(got) != c {
				t.Errorf("plainInline(%q), but goldmark renders %q", c, got)
			}
		}
	})
}
