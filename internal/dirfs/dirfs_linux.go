package dirfs

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"sync"
	"syscall"
	"time"
)

// dirs are the folders an FS opened, by path ("." is the folder itself).
type dirs struct {
	mu  sync.Mutex
	fds map[string]int
}

func (d *dirs) init(dir string) error {
	fd, err := retry(func() (int, error) {
		return syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	d.fds = map[string]int{".": fd}
	return nil
}

func (d *dirs) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, fd := range d.fds {
		syscall.Close(fd)
	}
	d.fds = nil
}

// fd returns the descriptor of folder dir, opening it (and the folders
// above it) without following symbolic links; ok is false when dir cannot
// be opened so, and the os.Root is to be asked.
func (d *dirs) fd(dir string) (int, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.fdLocked(dir)
}

func (d *dirs) fdLocked(dir string) (int, bool) {
	if fd, ok := d.fds[dir]; ok {
		return fd, true
	}
	if d.fds == nil {
		return 0, false
	}
	parent, ok := d.fdLocked(path.Dir(dir))
	if !ok {
		return 0, false
	}
	fd, err := retry(func() (int, error) {
		return syscall.Openat(parent, path.Base(dir), syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return 0, false
	}
	d.fds[dir] = fd
	return fd, true
}

// openFD opens the file name without following a symbolic link; ok is
// false when the os.Root is to be asked (a link, a name it would refuse, a
// folder on the path it could not open).
func (f *FS) openFD(name string) (fd int, err error, ok bool) {
	if !fs.ValidPath(name) || name == "." {
		return 0, nil, false
	}
	dfd, ok := f.dirs.fd(path.Dir(name))
	if !ok {
		return 0, nil, false
	}
	fd, err = retry(func() (int, error) {
		return syscall.Openat(dfd, path.Base(name), syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	})
	if errors.Is(err, syscall.ELOOP) {
		return 0, nil, false // a symbolic link: the os.Root follows it if it stays inside
	}
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: name, Err: err}, true
	}
	return fd, nil, true
}

func (f *FS) open(name string) (fs.File, bool) {
	fd, err, ok := f.openFD(name)
	if !ok || err != nil {
		return nil, false // the os.Root says what went wrong, as it would have
	}
	fl := &file{fd: fd, name: name}
	if err := syscall.Fstat(fd, &fl.st); err != nil || fl.st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		// A folder is read through the os.Root, whose files know where
		// they are for ReadDir.
		syscall.Close(fd)
		return nil, false
	}
	return fl, true
}

// file is a file opened the short way: what fs.File asks, with the fstat
// made when it was opened.
type file struct {
	fd   int
	name string
	st   syscall.Stat_t
}

func (fl *file) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n, err := retry(func() (int, error) { return syscall.Read(fl.fd, b) })
	if err != nil {
		return 0, &fs.PathError{Op: "read", Path: fl.name, Err: err}
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (fl *file) Stat() (fs.FileInfo, error) { return info{name: path.Base(fl.name), st: &fl.st}, nil }

func (fl *file) Close() error {
	if fl.fd < 0 {
		return &fs.PathError{Op: "close", Path: fl.name, Err: fs.ErrClosed}
	}
	err := syscall.Close(fl.fd)
	fl.fd = -1
	return err
}

// info is a regular file's fs.FileInfo from its fstat.
type info struct {
	name string
	st   *syscall.Stat_t
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.st.Size }
func (i info) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i info) IsDir() bool        { return false }
func (i info) Sys() any           { return i.st }
func (i info) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	default:
		m |= fs.ModeIrregular
	}
	if i.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if i.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if i.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}

func (f *FS) readFile(name string) ([]byte, error, bool) {
	fd, err, ok := f.openFD(name)
	if !ok || err != nil {
		return nil, nil, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}, true
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, nil, false // the os.Root's error
	}
	b := make([]byte, 0, st.Size+512) // +512: a file may grow; EOF is seen without a new read
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := retry(func() (int, error) { return syscall.Read(fd, b[len(b):cap(b)]) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}, true
		}
		if n == 0 {
			return b, nil, true
		}
		b = b[:len(b)+n]
	}
}

// retry calls a system call again while it is interrupted.
func retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
