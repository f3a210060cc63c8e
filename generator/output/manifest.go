package output

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// A manifest lists the files a build wrote into an output folder, as that
// build left them: size, modification time and a checksum of the bytes. It
// is kept beside the folder (.public.files for public, .public-prev.files
// for the folder kept for the next build) and names the folder by device
// and inode, which renaming keeps. A build writing into the kept folder
// then learns that a file already holds its bytes from a stat and a
// checksum instead of reading the file back: at 100,000 studies that is
// 4 GB of old pages not read. A file whose size or modification time is
// not its entry's (edited, or written by another build) is read and
// compared as before; so is every file when the manifest is missing, or
// names another folder. A file changed in place by a tool that then sets
// its modification time back, to the nanosecond, would be taken as
// unchanged.
type manifest struct {
	folder string // folderID of the folder it describes
	// files and dirs are found by the key of their path (pathKey), sorted
	// by key: at 100,000 studies, maps by path were 150,000 strings for
	// the collector to mark through the build, and the manifest's text
	// 20 MB held beside them; these hold no pointer, 5 MB. Two paths with
	// one key would be as likely as a file with the other's size,
	// checksum and modification time to the nanosecond: the entry found
	// is always checked against the file (Writer.write, Writer.list).
	files []keyed[entry]
	// dirs are the folder's folders with their modification times, in
	// Unix nanoseconds, as the build left them: a folder whose time has
	// not moved holds what the manifest lists in it, and prune need not
	// read it (see Writer.prune).
	dirs []keyed[int64]
	// path and sum are the manifest's file and the CRC-32C of its bytes:
	// children reads its paths again when the folder is pruned, and uses
	// them only if the file did not change.
	path string
	sum  uint32
}

// keyed is a manifest's value for the path of a key.
type keyed[T any] struct {
	key uint64
	v   T
}

// find returns the value of a path's key in a list sorted by key.
func find[T any](list []keyed[T], p string) (T, bool) {
	k := pathKey(p)
	i, ok := slices.BinarySearchFunc(list, k, func(e keyed[T], k uint64) int { return cmp.Compare(e.key, k) })
	if !ok {
		var zero T
		return zero, false
	}
	return list[i].v, true
}

// file returns the entry of the file at p, if the manifest lists it.
func (m *manifest) file(p string) (entry, bool) { return find(m.files, p) }

// dir returns the modification time of the folder at p, if the manifest
// lists it.
func (m *manifest) dir(p string) (int64, bool) { return find(m.dirs, p) }

// pathKey is a path's key in a manifest: its 64-bit FNV-1a hash.
func pathKey(p string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(p); i++ {
		h = (h ^ uint64(p[i])) * 1099511628211
	}
	return h
}

type entry struct {
	size, mtime int64 // bytes; modification time, in Unix nanoseconds
	sum         uint64
}

const manifestHeader = "casebook output manifest 1"

// manifestPath is where the manifest of the output folder dir is kept:
// beside it, hidden, ".public.files" for public and ".public-prev.files"
// for .public-prev.
func manifestPath(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+strings.TrimPrefix(filepath.Base(dir), ".")+".files")
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is two CRC-32s of b (Castagnoli and IEEE), both computed by the
// processor where it can: a few GB/s, a fraction of the time the file's
// bytes take to make.
func checksum(b []byte) uint64 {
	return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
}

// readManifest returns the manifest kept for the folder dir, or nil when
// there is none, it cannot be read, or it describes another folder.
func readManifest(dir string) *manifest {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() {
		return nil
	}
	id, ok := folderID(st)
	if !ok {
		return nil
	}
	file := manifestPath(dir)
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	m := &manifest{folder: id, path: file, sum: crc32.Checksum(data, castagnoli)}
	n := bytes.Count(data, []byte("\n"))
	m.files = make([]keyed[entry], 0, n)
	ok = eachLine(data, id, func(path string, dir bool, e entry) bool {
		if dir {
			m.dirs = append(m.dirs, keyed[int64]{pathKey(path), e.mtime})
		} else {
			m.files = append(m.files, keyed[entry]{pathKey(path), e})
		}
		return true
	})
	if !ok {
		return nil
	}
	slices.SortFunc(m.files, func(a, b keyed[entry]) int { return cmp.Compare(a.key, b.key) })
	slices.SortFunc(m.dirs, func(a, b keyed[int64]) int { return cmp.Compare(a.key, b.key) })
	return m
}

// eachLine checks a manifest's bytes, which must name the folder id, and
// calls f with each path it lists, a folder's with its time as e.mtime; it
// returns false when the manifest is not one, names another folder or has
// a line amiss, or when f does. The paths are read-only views of data.
func eachLine(data []byte, id string, f func(path string, dir bool, e entry) bool) bool {
	text := unsafe.String(unsafe.SliceData(data), len(data))
	head, text, _ := strings.Cut(text, "\n")
	if head != manifestHeader+" "+id {
		return false
	}
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		// size mtime sum path, or d mtime path for a folder
		if rest, ok := strings.CutPrefix(line, "d "); ok {
			mtime, path, ok := strings.Cut(rest, " ")
			t, err := strconv.ParseInt(mtime, 10, 64)
			if !ok || err != nil || !fs.ValidPath(path) || !f(path, true, entry{mtime: t}) {
				return false
			}
			continue
		}
		size, rest, ok1 := strings.Cut(line, " ")
		mtime, rest, ok2 := strings.Cut(rest, " ")
		sum, path, ok3 := strings.Cut(rest, " ")
		if !ok1 || !ok2 || !ok3 {
			return false
		}
		sz, err1 := strconv.ParseInt(size, 10, 64)
		mt, err2 := strconv.ParseInt(mtime, 10, 64)
		cs, err3 := strconv.ParseUint(sum, 16, 64)
		// A path that is not a clean one inside the folder ("..", "/x")
		// would have prune look outside it: the manifest is not used.
		if err1 != nil || err2 != nil || err3 != nil || !fs.ValidPath(path) || path == "." || !f(path, false, entry{size: sz, mtime: mt, sum: cs}) {
			return false
		}
	}
	return true
}

// writeManifest writes the manifest of the folder dir: its files' entries
// and its folders' times, in any order. It writes a temporary file and
// renames it, so that a manifest is whole or absent.
func writeManifest(dir string, files map[string]entry, dirs map[string]int64) error {
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	id, ok := folderID(st)
	if !ok {
		return nil
	}
	p := manifestPath(dir)
	tmp := p + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	fmt.Fprintf(bw, "%s %s\n", manifestHeader, id)
	var line []byte
	listsAll := true
	for path, e := range files {
		if strings.ContainsAny(path, "\n\r") {
			// Such a file is compared the slow way, and since no folder
			// then lists all it holds, every folder is read.
			listsAll = false
			continue
		}
		line = strconv.AppendInt(line[:0], e.size, 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, e.mtime, 10)
		line = append(line, ' ')
		line = strconv.AppendUint(line, e.sum, 16)
		line = append(line, ' ')
		line = append(line, path...)
		line = append(line, '\n')
		bw.Write(line)
	}
	for path, mtime := range dirs {
		if !listsAll || strings.ContainsAny(path, "\n\r") {
			continue
		}
		line = append(strconv.AppendInt(append(line[:0], "d "...), mtime, 10), ' ')
		line = append(append(line, path...), '\n')
		bw.Write(line)
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// children lists what each folder of the manifest holds, by folder, from
// its file read again; nil when the file changed since readManifest read
// it (prune then reads every folder).
func (m *manifest) children() map[string][]dirEntry {
	data, err := os.ReadFile(m.path)
	if err != nil || crc32.Checksum(data, castagnoli) != m.sum {
		return nil
	}
	out := make(map[string][]dirEntry, len(m.dirs))
	ok := eachLine(data, m.folder, func(p string, dir bool, _ entry) bool {
		if p != "." {
			// Copies: the names outlive data.
			d := strings.Clone(path.Dir(p))
			out[d] = append(out[d], dirEntry{name: strings.Clone(path.Base(p)), dir: dir})
		}
		return true
	})
	if !ok {
		return nil
	}
	return out
}
