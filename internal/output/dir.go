package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// Dir writes a site into a fresh temporary folder beside the target and swaps
// it in on Commit, so a failed build never leaves a half-written site and the
// previous one stays as it was. Folders are made through os.Root and files
// opened with openat2(RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS) on Linux (os.Root
// elsewhere), so nothing can land outside the folder. Safe for concurrent use.
type Dir struct {
	target string   // the output folder
	tmp    string   // the folder being written
	root   *os.Root // tmp, for contained writes
	fast   *beneath // tmp, for one-call contained file writes; nil where unavailable
	made   sync.Map // folders created in tmp: slash path -> true

	mu    sync.Mutex
	roots map[string]*os.Root // open folders in tmp, by slash path; see near
	once  map[string]bool     // folders near met once and did not open
}

// marker is written into every output folder, so that a later build knows it
// may replace the folder.
const marker = ".handboek-build"

// NewDir starts writing a site that will replace target. It refuses a target
// that exists and is not an earlier build (it holds files but no marker), so
// `--out` pointed at the wrong folder never deletes anyone's work.
func NewDir(target string) (*Dir, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	if err := CheckTarget(abs); err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".tmp-")
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	d := &Dir{target: abs, tmp: tmp, root: root, roots: map[string]*os.Root{}, once: map[string]bool{}}
	if fast, ok := openBeneath(tmp); ok {
		d.fast = fast
	}
	if err := d.write(marker, []byte("This folder is written by handboek build and replaced on every build.\n")); err != nil {
		d.Abort()
		return nil, err
	}
	return d, nil
}

// CheckTarget reports whether target may be replaced by a build: it does not
// exist, is empty, or holds an earlier build.
func CheckTarget(target string) error {
	entries, err := os.ReadDir(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		info, statErr := os.Stat(target)
		if statErr == nil && !info.IsDir() {
			return fmt.Errorf("output %s is a file, not a folder; choose another --out", target)
		}
		return err
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(target, marker)); err == nil {
		return nil
	}
	return fmt.Errorf("output folder %s already holds files that handboek did not write; refusing to replace it (empty it, or choose another --out)", target)
}

// KeepsData says that WriteFile is done with data when it returns, so a
// caller may reuse it.
func (d *Dir) KeepsData() bool { return false }

// WriteFile writes data to name inside the folder.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	return d.write(name, data)
}

func (d *Dir) write(name string, data []byte) error {
	dir, file := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		if d.fast != nil {
			return d.fast.writeFile(name, data)
		}
		return d.root.WriteFile(file, data, 0o644)
	}
	if err := d.mkdirAll(dir); err != nil {
		return err
	}
	if d.fast != nil {
		return d.fast.writeFile(name, data)
	}
	r, rel := d.near(dir)
	return r.WriteFile(path.Join(rel, file), data, 0o644)
}

// mkdirAll creates dir and its parents once: the folder is new, so a folder
// made before still exists. os.Root.MkdirAll opens and creates every
// component on every call, which at 10,000 pages was half the time spent
// writing files.
func (d *Dir) mkdirAll(dir string) error {
	if _, ok := d.made.Load(dir); ok {
		return nil
	}
	if parent := path.Dir(dir); parent != "." {
		if err := d.mkdirAll(parent); err != nil {
			return err
		}
	}
	r, rel := d.near(dir)
	if err := r.Mkdir(rel, 0o755); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		// Another writer made it, or a file has the name: only a folder
		// counts as made (Commit takes the output's mode from one).
		if info, err := r.Lstat(rel); err != nil || !info.IsDir() {
			return &fs.PathError{Op: "mkdir", Path: dir, Err: syscall.ENOTDIR}
		}
	}
	d.made.Store(dir, true)
	return nil
}

// near returns an open Root close to dir, and dir relative to it: the Root of
// dir's parent folder when it keeps one open, else the output's own.
// os.Root opens and closes every folder on the way to a file, so writing
// "goede-praktijken/2024/x/index.html" from the top costs seven system
// calls more than writing "x/index.html" from its parent folder.
//
// It opens a parent on its second use: most parents hold one folder (a
// list's second page), and the first few hundred of them, kept open,
// left no room for the few that hold thousands (the years of the good
// practices), whose folders were then all made from the top.
func (d *Dir) near(dir string) (*os.Root, string) {
	parent := path.Dir(dir)
	if parent == "." {
		return d.root, dir
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if r, ok := d.roots[parent]; ok {
		return r, path.Base(dir)
	}
	if !d.once[parent] {
		if d.once != nil {
			d.once[parent] = true
		}
		return d.root, dir
	}
	if d.roots != nil && len(d.roots) < maxRoots {
		if r, err := d.root.OpenRoot(parent); err == nil {
			d.roots[parent] = r
			return r, path.Base(dir)
		}
	}
	return d.root, dir
}

// maxRoots bounds the folders Dir keeps open (the parents of page folders:
// sections, years, pagers), so a large site never runs out of file
// descriptors; beyond it, writes start from the top.
const maxRoots = 256

// closeRoots closes the folders near keeps open.
func (d *Dir) closeRoots() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fast != nil {
		d.fast.close()
		d.fast = nil
	}
	for _, r := range d.roots {
		r.Close()
	}
	d.roots, d.once = nil, nil
}

// Commit swaps the new site in place of the target and removes the old one.
func (d *Dir) Commit() error {
	d.closeRoots()
	d.root.Close()
	// MkdirTemp made the folder private (0700), which kept the unfinished
	// site to ourselves; the published one gets the mode of the folders in
	// it (0755 less the umask), so a web server running as another user can
	// read it.
	if err := os.Chmod(d.tmp, d.folderMode()); err != nil {
		d.Abort()
		return err
	}
	old := ""
	if _, err := os.Stat(d.target); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.target, old); err != nil {
			d.Abort()
			return err
		}
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		if old != "" {
			os.Rename(old, d.target) // put the previous site back
		}
		d.Abort()
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// folderMode returns the permissions of a folder Dir made (0755 less the
// umask), or 0755 when it made none.
func (d *Dir) folderMode() fs.FileMode {
	mode := fs.FileMode(0o755)
	d.made.Range(func(dir, _ any) bool {
		if info, err := os.Stat(filepath.Join(d.tmp, filepath.FromSlash(dir.(string)))); err == nil {
			mode = info.Mode().Perm()
		}
		return false
	})
	return mode
}

// Abort removes the unfinished site; the target is left as it was.
func (d *Dir) Abort() {
	d.closeRoots()
	d.root.Close()
	os.RemoveAll(d.tmp)
}

// checkName rejects output names that could escape the output folder.
func checkName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || !fs.ValidPath(name) {
		return fmt.Errorf("invalid output path %q", name)
	}
	return nil
}
