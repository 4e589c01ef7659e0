package build

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// overlay is a read-only file system that shows the files of top, and the
// files of bottom that top does not have: a site's layouts/ and static/ over
// the embedded defaults, file by file.
type overlay struct {
	top, bottom fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		info, statErr := f.Stat()
		if statErr == nil && !info.IsDir() {
			return f, nil
		}
		f.Close()
		if statErr == nil {
			// A folder: its entries come from ReadDir, which merges both.
			return o.bottomOrTop(name)
		}
	}
	return o.bottom.Open(name)
}

func (o overlay) bottomOrTop(name string) (fs.File, error) {
	if f, err := o.bottom.Open(name); err == nil {
		return f, nil
	}
	return o.top.Open(name)
}

func (o overlay) ReadFile(name string) ([]byte, error) {
	if b, err := fs.ReadFile(o.top, name); err == nil {
		return b, nil
	} else if !errors.Is(err, fs.ErrNotExist) && !isDirErr(err) {
		return nil, err
	}
	return fs.ReadFile(o.bottom, name)
}

func isDirErr(err error) bool { return strings.Contains(err.Error(), "is a directory") }

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.top, name)
	b, errB := fs.ReadDir(o.bottom, name)
	if errA != nil && errB != nil {
		return nil, errA
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range a {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range b {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y fs.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
	return out, nil
}
