package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMeasureIncremental runs the in-process rebuilds on a small site: a body
// edit parses one file and renders few, a layout edit renders every file,
// and the site is left as it was found.
func TestMeasureIncremental(t *testing.T) {
	dir := generatedSite(t, 100, 2)
	before := snapshotFiles(t, dir)
	inc, err := measureIncremental(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Parsed != 1 {
		t.Errorf("a body edit parsed %d files, want 1", inc.Parsed)
	}
	if inc.Rendered == 0 || inc.Rendered >= inc.Relaid {
		t.Errorf("a body edit rendered %d files and a layout edit %d: want some, and fewer than all", inc.Rendered, inc.Relaid)
	}
	if inc.Relaid < 100 {
		t.Errorf("a layout edit rendered %d files, want every page's", inc.Relaid)
	}
	if inc.Layout <= 0 || inc.Edit <= 0 || inc.Same <= 0 {
		t.Errorf("times not measured: %+v", inc)
	}
	after := snapshotFiles(t, dir)
	if len(after) != len(before) {
		t.Errorf("the site had %d files and has %d after", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s was not given its bytes back", name)
		}
	}
}

func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
