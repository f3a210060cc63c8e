package search_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"math/rand"
	"strings"
	"testing"

	"casebook/internal/huffman"
)

// huffmanLevel stands for internal/huffman among compress/gzip's levels.
const huffmanLevel = -100

// TestGunzipJS checks the script's own inflater against Go's gzip writer
// (stored, fixed and dynamic Huffman blocks, long matches, a header with a
// name, empty input) and against internal/huffman, which writes the posting
// lists' members.
func TestGunzipJS(t *testing.T) {
	ctx := scriptPage(t)
	r := rand.New(rand.NewSource(7))
	noise := make([]byte, 70000)
	r.Read(noise)
	varints := make([]byte, 0, 50000)
	for range 20000 {
		varints = append(varints, byte(r.Intn(4)), byte(r.Intn(200)))
	}
	inputs := map[string][]byte{
		"empty":   nil,
		"one":     []byte("a"),
		"text":    []byte(strings.Repeat("partnership case studies, water and sanitation; ", 400)),
		"noise":   noise,
		"varints": varints,
		"runs":    bytes.Repeat([]byte{0}, 100000),
	}
	for name, in := range inputs {
		for _, level := range []int{gzip.NoCompression, gzip.BestSpeed, 4, gzip.BestCompression, gzip.HuffmanOnly, huffmanLevel} {
			var buf bytes.Buffer
			if level == huffmanLevel {
				var e huffman.Encoder
				buf.Write(e.AppendGzip(nil, in))
			} else {
				zw, _ := gzip.NewWriterLevel(&buf, level)
				if name == "text" {
					zw.Name = "with a name"
				}
				zw.Write(in)
				zw.Close()
			}
			got := run[string](t, ctx, `(() => {
				const b = Uint8Array.from(atob("`+base64.StdEncoding.EncodeToString(buf.Bytes())+`"), c => c.charCodeAt(0));
				let s = "";
				for (const x of casebookSearch.gunzip(b)) s += String.fromCharCode(x);
				return btoa(s);
			})()`)
			if got != base64.StdEncoding.EncodeToString(in) {
				t.Errorf("%s at level %d: the script inflates %d bytes differently", name, level, len(in))
			}
		}
	}
}
