package huffman

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// inputs are the shapes the package must get right: nothing, one symbol,
// every byte, text, varints, more than a block, counts that make a code
// longer than deflate allows, data no code shortens.
func inputs() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 3000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	var varints []byte
	for range 20000 {
		varints = binary.AppendUvarint(varints, uint64(r.ExpFloat64()*300))
		varints = append(varints, byte(1+r.IntN(127)))
	}
	every := make([]byte, 256*3)
	for i := range every {
		every[i] = byte(i)
	}
	return map[string][]byte{
		"empty":      nil,
		"one byte":   {'x'},
		"one symbol": bytes.Repeat([]byte{0}, 5000),
		"two":        []byte("abababababbbbbbbbbbbbbbbba"),
		"every byte": every,
		"text":       []byte(strings.Repeat("Cross-sector partnerships bring business, government and civil society together. ", 40)),
		"varints":    varints,
		"random":     random,
		"too deep":   fibonacci(1 << 16),
		"blocks":     bytes.Repeat(varints[:50000], 5),
	}
}

// fibonacci returns about n bytes whose counts follow the Fibonacci
// numbers: a Huffman code for them is as deep as there are symbols, past
// the 15 bits deflate allows.
func fibonacci(n int) []byte {
	var b []byte
	a, c := 1, 1
	for s := 0; len(b) < n && s < 256; s++ {
		b = append(b, bytes.Repeat([]byte{byte(s)}, a)...)
		a, c = c, a+c
	}
	return b[:min(len(b), n)]
}

func gunzip(t testing.TB, z []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestRoundTrip decompresses each input's member with compress/gzip (which
// checks the CRC and length) and compress/flate.
func TestRoundTrip(t *testing.T) {
	for name, in := range inputs() {
		t.Run(name, func(t *testing.T) {
			var e Encoder
			z := e.AppendGzip([]byte("before"), in)
			if !bytes.HasPrefix(z, []byte("before")) {
				t.Fatal("dst's bytes were not kept")
			}
			if got := gunzip(t, z[len("before"):]); !bytes.Equal(got, in) {
				t.Fatalf("gunzip gives %d bytes, want the %d given", len(got), len(in))
			}
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(e.AppendDeflate(nil, in))))
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("inflate: %v, %d bytes for %d", err, len(got), len(in))
			}
		})
	}
}

// TestSizeAsFlate compares the deflate data with compress/flate's at
// HuffmanOnly, which codes each block with an optimal code too: the sizes
// may differ by the header and the rounding of a code limited to 15 bits,
// a few bytes a block.
func TestSizeAsFlate(t *testing.T) {
	for name, in := range inputs() {
		var ref bytes.Buffer
		fw, _ := flate.NewWriter(&ref, flate.HuffmanOnly)
		fw.Write(in)
		fw.Close()
		var e Encoder
		ours := len(e.AppendDeflate(nil, in))
		blocks := len(in)/blockSize + 1
		if ours > ref.Len()+8*blocks {
			t.Errorf("%s: %d bytes, compress/flate HuffmanOnly %d", name, ours, ref.Len())
		}
		if stored := len(in) + 5*blocks; ours > stored {
			t.Errorf("%s: %d bytes, more than the %d of stored blocks", name, ours, stored)
		}
		t.Logf("%-10s %7d bytes → %7d (compress/flate %7d)", name, len(in), ours, ref.Len())
	}
	// A code does pay on text.
	var e Encoder
	v := inputs()["text"]
	if z := e.AppendDeflate(nil, v); len(z) > len(v)*6/10 {
		t.Errorf("text: %d bytes to %d", len(v), len(z))
	}
}

// TestLengths checks codes made for skewed counts: no code over the limit,
// and every code complete (Kraft's sum exactly one), which decoders require
// of all but a one-symbol code.
func TestLengths(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var sc scratch
	for trial := range 2000 {
		n := 2 + r.IntN(literals-1)
		freq := make([]uint32, literals)
		a, b := uint32(1), uint32(1)
		for i := range n {
			switch trial % 3 {
			case 0: // Fibonacci: the deepest trees
				freq[i] = a
				a, b = b, min(a+b, 1<<30)
			case 1:
				freq[i] = 1 + uint32(r.IntN(1000))
			default:
				freq[i] = uint32(1) << r.IntN(20)
			}
		}
		for _, limit := range []int{maxBits, maxLenBits} {
			if n > 1<<limit {
				continue
			}
			bits := make([]uint8, literals)
			sc.lengths(freq, bits, limit)
			kraft := 0
			for s, l := range bits {
				if (freq[s] > 0) != (l > 0) {
					t.Fatalf("trial %d: symbol %d of count %d has length %d", trial, s, freq[s], l)
				}
				if int(l) > limit {
					t.Fatalf("trial %d: length %d over the limit %d", trial, l, limit)
				}
				if l > 0 {
					kraft += 1 << (limit - int(l))
				}
			}
			if kraft != 1<<limit {
				t.Fatalf("trial %d, limit %d: Kraft sum %d/%d", trial, limit, kraft, 1<<limit)
			}
		}
	}
}

func FuzzAppendGzip(f *testing.F) {
	for _, in := range inputs() {
		if len(in) < 1<<12 {
			f.Add(in)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var e Encoder
		z := e.AppendGzip(nil, in)
		if got := gunzip(t, z); !bytes.Equal(got, in) {
			t.Fatalf("round trip: %q → %q", in, got)
		}
		if limit := len(in) + 5*(len(in)/blockSize+1) + 18; len(z) > limit {
			t.Fatalf("%d bytes to %d, more than stored blocks' %d", len(in), len(z), limit)
		}
	})
}

func BenchmarkAppendGzip(b *testing.B) {
	in := inputs()["varints"][:2400] // the size of a posting-list member
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var dst []byte
	var e Encoder
	for b.Loop() {
		dst = e.AppendGzip(dst[:0], in)
	}
}

// BenchmarkFlateHuffmanOnly is what AppendGzip replaces, for comparison.
func BenchmarkFlateHuffmanOnly(b *testing.B) {
	in := inputs()["varints"][:2400]
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.HuffmanOnly)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		zw.Reset(&buf)
		zw.Write(in)
		zw.Close()
	}
}
