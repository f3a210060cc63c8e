package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The decoders read the formats of encode.go, as the script does. They
// serve tests and tools; every one returns an error, never panics, on any
// input.

// Entry is one decoded dictionary entry.
type Entry struct {
	Key         string
	Prefix      bool     // a prefix entry: Key is the prefix
	Completions []string // of a prefix entry
	Group       uint32   // of a word entry
	DF          int
	Top         []Posting // best first
	// Full postings: the pack file, the offset and length of their gzip
	// member in it, and the list's offset in the member, uncompressed; Pack
	// is -1 when Top is complete.
	Pack, Off, Len, At int
	// The head of a long list (see hasHead): HeadDF postings, in a member
	// of pack file HeadPack at HeadOff, HeadLen bytes; HeadDF is 0 without.
	HeadDF, HeadPack, HeadOff, HeadLen int
}

// Posting is one document of a posting list with its impact.
type Posting struct {
	Doc    uint32
	Impact uint8
}

// ErrFormat is wrapped by every decoding error.
var ErrFormat = errors.New("search index: bad format")

type rd struct {
	b []byte
	p int
}

func (r *rd) uvarint() (uint64, error) {
	v, n := binary.Uvarint(r.b[r.p:])
	if n <= 0 {
		return 0, fmt.Errorf("%w: bad varint at %d", ErrFormat, r.p)
	}
	r.p += n
	return v, nil
}

// count reads a varint that counts items of at least min bytes each in what
// is left, so that a corrupt count cannot make a decoder allocate much.
func (r *rd) count(min int) (int, error) {
	v, err := r.uvarint()
	if err != nil {
		return 0, err
	}
	if v > uint64(len(r.b)-r.p)/uint64(max(1, min))+1 {
		return 0, fmt.Errorf("%w: count %d past the end", ErrFormat, v)
	}
	return int(v), nil
}

func (r *rd) bytes(n int) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.p {
		return nil, fmt.Errorf("%w: %d bytes past the end", ErrFormat, n)
	}
	b := r.b[r.p : r.p+n]
	r.p += n
	return b, nil
}

// text reads a length-prefixed block of lines, each ended by "\n".
func (r *rd) lines() ([]string, error) {
	n, err := r.count(1)
	if err != nil {
		return nil, err
	}
	b, err := r.bytes(n)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, nil
	}
	if b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("%w: text not ended by a newline", ErrFormat)
	}
	return strings.Split(string(b[:len(b)-1]), "\n"), nil
}

func (r *rd) top(df, k int) ([]Posting, error) {
	n := min(df, k)
	top := make([]Posting, 0, min(n, len(r.b)-r.p))
	for range n {
		d, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		if d > 1<<32-1 {
			return nil, fmt.Errorf("%w: document %d", ErrFormat, d)
		}
		top = append(top, Posting{Doc: uint32(d)})
	}
	imps, err := r.bytes(n)
	if err != nil {
		return nil, err
	}
	for i := range top {
		top[i].Impact = imps[i]
	}
	return top, nil
}

// DecodeShard decodes a dictionary shard (uncompressed) of an index with
// top-K lists of k postings whose lists of heads postings or more have a
// head (the manifest's k and hm; heads 0: none).
func DecodeShard(b []byte, k, heads int) ([]Entry, error) {
	es, _, err := DecodeShardTitles(b, k, heads)
	return es, err
}

// DecodeShardTitles decodes a dictionary shard with its part of the title
// table.
func DecodeShardTitles(b []byte, k, heads int) ([]Entry, []TitleEntry, error) {
	es, r, err := decodeEntries(b, k, heads)
	if err != nil {
		return nil, nil, err
	}
	ts, err := r.titles()
	if err != nil {
		return nil, nil, err
	}
	if r.p != len(b) {
		return nil, nil, fmt.Errorf("%w: %d bytes left over", ErrFormat, len(b)-r.p)
	}
	return es, ts, nil
}

func decodeEntries(b []byte, k, heads int) ([]Entry, *rd, error) {
	r := &rd{b: b}
	keys, err := r.lines()
	if err != nil {
		return nil, nil, err
	}
	groups := map[uint32]Entry{}
	out := make([]Entry, 0, len(keys))
	for _, line := range keys {
		if key, rest, ok := strings.Cut(line, "*"); ok {
			e := Entry{Key: key, Prefix: true, Pack: -1}
			if rest != "" {
				if rest[0] != ' ' {
					return nil, nil, fmt.Errorf("%w: prefix entry %q", ErrFormat, line)
				}
				e.Completions = strings.Split(rest[1:], " ")
			}
			df, err := r.uvarint()
			if err != nil {
				return nil, nil, err
			}
			e.DF = int(min(df, 1<<31))
			if e.Top, err = r.top(e.DF, k); err != nil {
				return nil, nil, err
			}
			out = append(out, e)
			continue
		}
		x, err := r.uvarint()
		if err != nil {
			return nil, nil, err
		}
		if x>>1 > 1<<32-1 {
			return nil, nil, fmt.Errorf("%w: group %d", ErrFormat, x>>1)
		}
		g := uint32(x >> 1)
		e, seen := groups[g]
		if x&1 == 1 && !seen {
			return nil, nil, fmt.Errorf("%w: %q refers to group %d before its data", ErrFormat, line, g)
		}
		if x&1 == 0 {
			df, err := r.uvarint()
			if err != nil {
				return nil, nil, err
			}
			e = Entry{Group: g, DF: int(min(df, 1<<31)), Pack: -1}
			if e.Top, err = r.top(e.DF, k); err != nil {
				return nil, nil, err
			}
			if e.DF > k {
				var loc [8]uint64
				n := 4
				if heads > 0 && e.DF >= heads {
					n = 8
				}
				for i := range n {
					if loc[i], err = r.uvarint(); err != nil {
						return nil, nil, err
					}
					loc[i] = min(loc[i], 1<<31)
				}
				e.Pack, e.Off, e.Len, e.At = int(loc[0]), int(loc[1]), int(loc[2]), int(loc[3])
				e.HeadDF, e.HeadPack, e.HeadOff, e.HeadLen = int(loc[4]), int(loc[5]), int(loc[6]), int(loc[7])
			}
			groups[g] = e
		}
		e.Key = line
		out = append(out, e)
	}
	return out, r, nil
}

// DecodePostings decodes a full postings list of df documents.
func DecodePostings(b []byte, df int) ([]Posting, error) {
	out, n, err := DecodeList(b, df)
	if err == nil && n != len(b) {
		return nil, fmt.Errorf("%w: %d bytes left over", ErrFormat, len(b)-n)
	}
	return out, err
}

// DecodeList decodes the full postings list of df documents at the start
// of b (a member of a postings file, from the list's offset) and returns
// how many bytes it takes.
func DecodeList(b []byte, df int) ([]Posting, int, error) {
	r := &rd{b: b}
	if df < 0 || df > len(b) {
		return nil, 0, fmt.Errorf("%w: %d postings in %d bytes", ErrFormat, df, len(b))
	}
	out := make([]Posting, df)
	doc := uint64(0)
	for i := range out {
		gap, err := r.uvarint()
		if err != nil {
			return nil, 0, err
		}
		if i > 0 && gap == 0 {
			return nil, 0, fmt.Errorf("%w: document repeated", ErrFormat)
		}
		if doc += gap; doc > 1<<32-1 {
			return nil, 0, fmt.Errorf("%w: document %d", ErrFormat, doc)
		}
		out[i].Doc = uint32(doc)
	}
	imps, err := r.bytes(df)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].Impact = imps[i]
	}
	return out, r.p, nil
}

// DecodeTypos decodes a reversed-word shard into its words (as written) and
// their document frequencies.
func DecodeTypos(b []byte) ([]string, []int, error) {
	r := &rd{b: b}
	keys, err := r.lines()
	if err != nil {
		return nil, nil, err
	}
	words := make([]string, len(keys))
	dfs := make([]int, len(keys))
	for i, k := range keys {
		rs := []rune(k)
		if len(rs) > 1 {
			for a, b := 1, len(rs)-1; a < b; a, b = a+1, b-1 {
				rs[a], rs[b] = rs[b], rs[a]
			}
		}
		words[i] = string(rs)
		df, err := r.uvarint()
		if err != nil {
			return nil, nil, err
		}
		dfs[i] = int(min(df, 1<<31))
	}
	if r.p != len(b) {
		return nil, nil, fmt.Errorf("%w: %d bytes left over", ErrFormat, len(b)-r.p)
	}
	return words, dfs, nil
}

// Combos are one facet's combinations of values, Sets[c] is combination c,
// and the mode of its columns.
type Combos struct {
	Mode int
	Sets [][]int
}

// DecodeCombos decodes every facet's combinations of values.
func DecodeCombos(b []byte) ([]Combos, error) {
	r := &rd{b: b}
	facets, err := r.count(2)
	if err != nil {
		return nil, err
	}
	out := make([]Combos, facets)
	for f := range out {
		mode, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		combos, err := r.count(1)
		if err != nil {
			return nil, err
		}
		sets := make([][]int, combos)
		for i := range sets {
			k, err := r.count(1)
			if err != nil {
				return nil, err
			}
			sets[i] = make([]int, 0, k)
			for range k {
				v, err := r.uvarint()
				if err != nil {
					return nil, err
				}
				sets[i] = append(sets[i], int(min(v, 1<<31)))
			}
		}
		out[f] = Combos{Mode: int(min(mode, 1<<16)), Sets: sets}
	}
	if r.p != len(b) {
		return nil, fmt.Errorf("%w: %d bytes left over", ErrFormat, len(b)-r.p)
	}
	return out, nil
}

// DecodeColumn decodes a facet column of n documents of a facet with the
// given number of combinations, encoded in mode, into each document's
// combination number.
func DecodeColumn(b []byte, n, combos, mode int) ([]int, error) {
	if n < 0 || combos < 1 && n > 0 {
		return nil, fmt.Errorf("%w: %d documents, %d combinations", ErrFormat, n, combos)
	}
	out := make([]int, n)
	if mode >= 2 {
		if p := packing(combos); mode > p || len(b) != (n+mode-1)/mode {
			return nil, fmt.Errorf("%w: %d bytes for %d documents, %d a byte of %d combinations", ErrFormat, len(b), n, mode, combos)
		}
		// Every byte holds mode digits, the last only as many as there are
		// documents left: no value past them.
		for j, x := range b {
			digits, p := min(mode, n-j*mode), 1
			for range digits {
				p *= combos
			}
			if int(x) >= p {
				return nil, fmt.Errorf("%w: byte %d past %d digits of %d combinations", ErrFormat, x, digits, combos)
			}
			for k := range digits {
				out[j*mode+k] = int(x) % combos
				x = byte(int(x) / combos)
			}
		}
		return out, nil
	}
	if mode > colDelta {
		return nil, fmt.Errorf("%w: column mode %d", ErrFormat, mode)
	}
	width := 1
	if combos > 256 {
		width = 2
	}
	if len(b) != n*width {
		return nil, fmt.Errorf("%w: %d bytes for %d documents", ErrFormat, len(b), n)
	}
	prev := 0
	for i := range out {
		out[i] = int(b[i])
		if width == 2 {
			out[i] += int(b[n+i]) << 8
		}
		if out[i] >= combos {
			return nil, fmt.Errorf("%w: combination %d of %d", ErrFormat, out[i], combos)
		}
		if mode == colDelta {
			out[i] = (prev + out[i]) % combos
			prev = out[i]
		}
	}
	return out, nil
}

// TitleEntry is one entry of the title table: the FNV-1a hash of a title's
// Phrase and its document.
type TitleEntry struct{ Hash, Doc uint32 }

// titles reads a shard's part of the title table.
func (r *rd) titles() ([]TitleEntry, error) {
	n, err := r.count(2)
	if err != nil {
		return nil, err
	}
	out := make([]TitleEntry, n)
	h := uint64(0)
	for i := range out {
		gap, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		d, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		if h += gap; h > 1<<32-1 || d > 1<<32-1 {
			return nil, fmt.Errorf("%w: title entry %d", ErrFormat, i)
		}
		out[i] = TitleEntry{uint32(h), uint32(d)}
	}
	return out, nil
}

// DecodeBundle splits all.bin (uncompressed) into its parts, by name.
func DecodeBundle(b []byte) (map[string][]byte, error) {
	r := &rd{b: b}
	n, err := r.count(2)
	if err != nil {
		return nil, err
	}
	names := make([]string, n)
	sizes := make([]int, n)
	for i := range names {
		l, err := r.count(1)
		if err != nil {
			return nil, err
		}
		name, err := r.bytes(l)
		if err != nil {
			return nil, err
		}
		names[i] = string(name)
		if sizes[i], err = r.count(1); err != nil {
			return nil, err
		}
	}
	parts := make(map[string][]byte, n)
	for i, name := range names {
		if parts[name], err = r.bytes(sizes[i]); err != nil {
			return nil, err
		}
	}
	if r.p != len(b) {
		return nil, fmt.Errorf("%w: %d bytes left over", ErrFormat, len(b)-r.p)
	}
	return parts, nil
}

// Gunzip returns the data of a compressed index file.
func Gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
