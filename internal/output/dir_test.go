package output

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestDirWritesNestedFolders writes files into new, shared and deep folders
// from several goroutines, as the rendering workers do, and finds every file.
func TestDirWritesNestedFolders(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range 40 {
		names = append(names,
			fmt.Sprintf("goede-praktijken/%d/p%d/index.html", 2016+i%5, i),
			fmt.Sprintf("themas/t%d/pagina/%d/index.html", i%3, i),
			fmt.Sprintf("f%d.txt", i))
	}
	for i := range maxRoots + 50 { // more parent folders than Dir keeps open
		names = append(names, fmt.Sprintf("veel/m%d/p/index.html", i))
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(names); i += 4 {
				if err := d.WriteFile(names[i], []byte(names[i])); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := d.WriteFile("f0.txt/x.html", []byte("x")); err == nil {
		t.Error("wrote below a file")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		got, err := os.ReadFile(filepath.Join(target, filepath.FromSlash(n)))
		if err != nil || string(got) != n {
			t.Errorf("%s: %q, %v", n, got, err)
		}
	}
	// The site is as readable as the folders in it (MkdirTemp made it 0700).
	top, err1 := os.Stat(target)
	sub, err2 := os.Stat(filepath.Join(target, "veel"))
	if err1 != nil || err2 != nil || top.Mode().Perm() != sub.Mode().Perm() || top.Mode().Perm()&0o055 == 0 && sub.Mode().Perm()&0o055 != 0 {
		t.Errorf("output folder mode %v, its folders %v (%v, %v)", top.Mode(), sub.Mode(), err1, err2)
	}
}

// TestDirStaysInside plants symlinks inside the unfinished folder (a folder
// and a file pointing outside) and checks that writes through them fail and
// leave the outside untouched, with the openat2 writer and with os.Root.
func TestDirStaysInside(t *testing.T) {
	for _, fast := range []bool{true, false} {
		t.Run(fmt.Sprintf("openat2=%v", fast), func(t *testing.T) {
			outside := t.TempDir()
			victim := filepath.Join(outside, "victim.html")
			os.WriteFile(victim, []byte("keep"), 0o644)
			d, err := NewDir(filepath.Join(t.TempDir(), "public"))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Abort()
			if !fast {
				d.fast = nil
			} else if d.fast == nil {
				t.Skip("no openat2 here")
			}
			os.Symlink(outside, filepath.Join(d.tmp, "map"))
			os.Symlink(victim, filepath.Join(d.tmp, "bestand.html"))
			for _, name := range []string{"map/victim.html", "map/nieuw/index.html", "bestand.html"} {
				if err := d.WriteFile(name, []byte("pwned")); err == nil {
					t.Errorf("%s: written through a symlink", name)
				}
			}
			if got, _ := os.ReadFile(victim); string(got) != "keep" {
				t.Errorf("outside file changed: %q", got)
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 1 {
				t.Errorf("outside folder holds %d entries, want 1", len(entries))
			}
		})
	}
}

// TestDirModeAfterAWriteBelowAFile checks that a failed write below a file,
// which leaves the file's name among the folders made, does not give the
// published folder the file's mode (no x bit: nobody could enter it).
func TestDirModeAfterAWriteBelowAFile(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a.txt/x.html", []byte("x")); err == nil {
		t.Fatal("wrote below a file")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(target)
	if err != nil || info.Mode().Perm()&0o100 == 0 {
		t.Errorf("output folder mode %v (%v), want one its owner can enter", info.Mode(), err)
	}
}

// TestDirKeepsBusyFoldersOpen makes more one-off parent folders than Dir
// keeps open before the folders of a busy one, as a build writes a site with
// many lists of two pages: the busy parent must still be kept open.
func TestDirKeepsBusyFoldersOpen(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	var names []string
	for i := range maxRoots + 10 {
		names = append(names, fmt.Sprintf("themas/t%d/pagina/2/index.html", i))
	}
	for i := range 20 {
		names = append(names, fmt.Sprintf("goede-praktijken/2024/p%d/index.html", i))
	}
	for _, n := range names {
		if err := d.WriteFile(n, []byte(n)); err != nil {
			t.Fatal(err)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.roots["goede-praktijken/2024"]; !ok {
		t.Errorf("the parent of 20 folders is not kept open; open: %d folders", len(d.roots))
	}
	if _, ok := d.roots["themas/t0/pagina"]; ok {
		t.Error("a parent of one folder is kept open")
	}
}
