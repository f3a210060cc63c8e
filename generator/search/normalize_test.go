package search

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// vector is one golden normalisation case, shared with the JavaScript tests.
type vector struct {
	In    string   `json:"in"`
	Words []string `json:"words"`
}

func vectors(t testing.TB) []vector {
	t.Helper()
	data, err := os.ReadFile("testdata/normalize.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestWordsGolden(t *testing.T) {
	for _, v := range vectors(t) {
		got := Words(v.In)
		if got == nil {
			got = []string{}
		}
		if !slices.Equal(got, v.Words) {
			t.Errorf("Words(%q)\n got %q\nwant %q", v.In, got, v.Words)
		}
	}
}

func TestParts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"at&t", []string{"at", "t"}},
		{"a&b&c", []string{"a", "b", "c"}},
		{"water", []string{"water"}},
	} {
		if got := Parts(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Parts(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzWords checks the properties of normalisation: words are non-empty,
// valid UTF-8, lower case, free of marks, made of letters, numbers and
// single inner "&"; normalising a word again gives the word itself; and
// normalising the words joined by spaces gives the same words.
func FuzzWords(f *testing.F) {
	for _, v := range vectors(f) {
		f.Add(v.In)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := Words(s)
		for _, w := range ws {
			if w == "" || !utf8.ValidString(w) {
				t.Fatalf("Words(%q): bad word %q", s, w)
			}
			if w[0] == '&' || w[len(w)-1] == '&' || strings.Contains(w, "&&") {
				t.Fatalf("Words(%q): bad joiner in %q", s, w)
			}
			for _, r := range w {
				if r != '&' && !unicode.IsLetter(r) && !unicode.IsNumber(r) {
					t.Fatalf("Words(%q): %q holds %q", s, w, r)
				}
			}
			if again := Words(w); len(again) != 1 || again[0] != w {
				t.Fatalf("Words(%q) = %q: not idempotent on %q (%q)", s, ws, w, again)
			}
		}
		if again := Words(strings.Join(ws, " ")); !slices.Equal(again, ws) {
			t.Fatalf("Words(%q) = %q, but of its words joined: %q", s, ws, again)
		}
	})
}

// FuzzASCIIWords requires the ASCII path of eachWord to give the words the
// general one gives.
func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{"AT&T and at&&t, a&b&c & d&", "Ünïcode aside: R&D 2024 x86_64 C++", "&a&", "a&1"} {
		f.Add(s)
	}
	words := func(each func(string, func([]byte)), s string) []string {
		var out []string
		each(s, func(w []byte) { out = append(out, string(w)) })
		return out
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i := range b {
			b[i] &= 0x7f // ASCII, keeping the fuzzer's bytes
		}
		s = string(b)
		if got, want := words(eachASCIIWord, s), words(eachRuneWord, s); !slices.Equal(got, want) {
			t.Fatalf("%q: ASCII path %q, general path %q", s, got, want)
		}
	})
}

// BenchmarkASCIIWords times the ASCII path of eachWord against the general
// one on the same English text.
func BenchmarkASCIIWords(b *testing.B) {
	s := strings.Repeat("The partnership of AT&T and the Ministry trained 1,200 teachers in 2023; outcomes were mixed. ", 200)
	for _, c := range []struct {
		name string
		each func(string, func([]byte))
	}{{"ascii", eachASCIIWord}, {"general", eachRuneWord}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				c.each(s, func([]byte) {})
			}
		})
	}
}
