package watch

import (
	"io/fs"
	"os"
	"path"
)

// tree is the watcher's picture of a site: every file and folder under
// content/, layouts/ and static/ that Classify accepts, as last reported in a
// batch. Syncing a path compares the disk with the picture, updates the
// picture and records the difference as Changes. Both watchers use it: the
// event watcher syncs the paths its events name, the poller syncs everything.
//
// A tree reads through fs.Lstat, so it never follows a symlink, and it works
// on any fs.FS, which is how its tests run on an fstest.MapFS.
type tree struct {
	fsys  fs.FS
	nodes map[string]*node // slash path relative to the root ("." is the root) -> last seen state

	// watch is called for each folder the tree learns of, before its entries
	// are listed, so that an event watcher can add a watch first and miss
	// nothing created in between; unwatch when a folder is gone. Both may be nil.
	watch, unwatch func(rel string)
}

// node is the last seen state of one path.
type node struct {
	info fs.FileInfo     // from the last Lstat (Stat for the root)
	kids map[string]bool // names of the entries inside, for a folder; nil for anything else
}

func (n *node) isDir() bool { return n.kids != nil }

func newTree(fsys fs.FS) *tree {
	return &tree{fsys: fsys, nodes: map[string]*node{}}
}

// sync brings the picture of rel, and of everything under it if it is a
// folder, up to date with the disk and records the difference in out.
// touched says that an event named rel itself: a file that still exists is then
// reported as written even when its size and time look unchanged, because a
// file system's clock can be too coarse to tell two quick writes apart.
// Files found while listing a folder are compared by size, time and identity.
func (t *tree) sync(rel string, touched bool, out batch) {
	if rel != "." {
		if _, ok := Classify(rel); !ok {
			return
		}
		// Learn a path only through its folder, so the picture never has a
		// file without its parent (an event can outrun the folder's own).
		if parent := t.nodes[path.Dir(rel)]; parent == nil || !parent.isDir() {
			t.sync(path.Dir(rel), false, out)
			return
		}
	}
	var fi fs.FileInfo
	var err error
	if rel == "." {
		fi, err = fs.Stat(t.fsys, ".")
	} else {
		fi, err = fs.Lstat(t.fsys, rel)
	}
	old := t.nodes[rel]
	if err != nil {
		t.remove(rel, out)
		return
	}
	if !fi.IsDir() {
		if old != nil && old.isDir() {
			t.remove(rel, out)
			old = nil
		}
		kind, _ := Classify(rel)
		switch {
		case old == nil:
			t.add(rel, &node{info: fi})
			out.add(Change{Path: rel, Kind: kind, Op: Create})
		case touched || !sameFile(old.info, fi):
			old.info = fi
			out.add(Change{Path: rel, Kind: kind, Op: Write})
		}
		return
	}

	if old != nil && !old.isDir() {
		t.remove(rel, out)
		old = nil
	}
	if old == nil {
		old = &node{kids: map[string]bool{}}
		t.add(rel, old)
		if t.watch != nil {
			t.watch(rel)
		}
	}
	old.info = fi
	// A folder that cannot be listed (gone in between, no permission) counts
	// as empty: its files are reported removed, and come back with the next
	// event or poll that can list it.
	entries, _ := fs.ReadDir(t.fsys, rel)
	present := make(map[string]bool, len(entries))
	for _, e := range entries {
		if _, ok := Classify(join(rel, e.Name())); ok {
			present[e.Name()] = true
		}
	}
	for name := range old.kids {
		if !present[name] {
			t.remove(join(rel, name), out)
		}
	}
	for _, e := range entries {
		if present[e.Name()] {
			t.sync(join(rel, e.Name()), false, out)
		}
	}
}

// remove forgets rel and everything under it, recording a Remove for each file.
// The root itself is never forgotten, only emptied.
func (t *tree) remove(rel string, out batch) {
	n := t.nodes[rel]
	if n == nil {
		return
	}
	if n.isDir() {
		for name := range n.kids {
			t.remove(join(rel, name), out)
		}
		if rel == "." {
			return
		}
		if t.unwatch != nil {
			t.unwatch(rel)
		}
	} else {
		kind, _ := Classify(rel)
		out.add(Change{Path: rel, Kind: kind, Op: Remove})
	}
	delete(t.nodes, rel)
	if parent := t.nodes[path.Dir(rel)]; parent != nil {
		delete(parent.kids, path.Base(rel))
	}
}

// add records n at rel, whose parent folder is already known (or rel is the root).
func (t *tree) add(rel string, n *node) {
	t.nodes[rel] = n
	if rel == "." {
		return
	}
	if parent := t.nodes[path.Dir(rel)]; parent != nil && parent.isDir() {
		parent.kids[path.Base(rel)] = true
	}
}

// files returns every file path in the picture, for tests.
func (t *tree) files() []string {
	var out []string
	for p, n := range t.nodes {
		if !n.isDir() {
			out = append(out, p)
		}
	}
	return out
}

// join is path.Join for a folder that may be the root.
func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// sameFile reports whether two observations of a path look like the same,
// unchanged file: same type, size and modification time and, when the
// operating system can tell, the same file (a rename-save replaces it).
func sameFile(a, b fs.FileInfo) bool {
	if a.Mode() != b.Mode() || a.Size() != b.Size() || !a.ModTime().Equal(b.ModTime()) {
		return false
	}
	// os.SameFile is false for infos that do not come from package os (as in
	// tests on an fstest.MapFS); it is then no evidence either way.
	return os.SameFile(a, b) || !os.SameFile(a, a)
}
