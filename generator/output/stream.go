package output

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// Materialize returns f with Data holding what its Stream writes, for
// sinks that keep files in memory; a file without Stream comes back as it
// is.
func Materialize(f File) (File, error) {
	if f.Stream == nil {
		return f, nil
	}
	var b bytes.Buffer
	if err := f.Stream(&b); err != nil {
		return File{}, err
	}
	f.Data, f.Stream = b.Bytes(), nil
	return f, nil
}

// overwrite writes what stream writes into the file at p, creating it if
// needed. While the bytes agree with what the file holds it only reads
// them, as Writer.write does for whole files: a file that comes out the
// same is not written, and keeps its modification time.
func overwrite(p string, stream func(io.Writer) error) error {
	fd, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	ow := &overwriter{f: fd}
	bw := bufio.NewWriterSize(ow, 256<<10)
	err = stream(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = ow.finish()
	}
	if cerr := fd.Close(); err == nil {
		err = cerr
	}
	return err
}

// overwriter writes into a file from its start, comparing until the first
// difference and writing from there on.
type overwriter struct {
	f       *os.File
	off     int64 // bytes written or found equal
	differs bool
	old     []byte
}

func (o *overwriter) Write(p []byte) (int, error) {
	if !o.differs {
		if cap(o.old) < len(p) {
			o.old = make([]byte, len(p))
		}
		old := o.old[:len(p)]
		n, err := o.f.ReadAt(old, o.off)
		if n == len(p) && bytes.Equal(old, p) {
			o.off += int64(n)
			return n, nil
		}
		if err != nil && err != io.EOF {
			return 0, err
		}
		o.differs = true
	}
	n, err := o.f.WriteAt(p, o.off)
	o.off += int64(n)
	return n, err
}

// finish cuts what the file held beyond the new bytes.
func (o *overwriter) finish() error {
	st, err := o.f.Stat()
	if err != nil {
		return err
	}
	if st.Size() != o.off {
		return o.f.Truncate(o.off)
	}
	return nil
}
