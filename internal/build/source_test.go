package build

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourceFilesRead reads files whose size changed since the walk, as a
// build may meet them, and a missing one: each as os.ReadFile would.
func TestSourceFilesRead(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("Samen opleiden in de regio. ", 1000)
	files := map[string]string{
		"content/leeg.md":  "",
		"content/kort.md":  "---\ntitle: Kort\n---\nTekst.\n",
		"content/lang.md":  long,
		"content/a/b/c.md": "diep",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, src := range []struct {
		name string
		open func() *sourceFiles
	}{
		{"folder", func() *sourceFiles { return openSource(dir, os.DirFS(dir)) }},
		{"fallback", func() *sourceFiles { return openSource(filepath.Join(dir, "missing"), os.DirFS(dir)) }},
	} {
		source := src.open()
		defer source.close()
		for _, tc := range []struct {
			file string
			size int64 // as the walk saw it
		}{
			{"content/leeg.md", 0},
			{"content/kort.md", int64(len(files["content/kort.md"]))},
			{"content/kort.md", 3},    // grew since the walk
			{"content/kort.md", 4096}, // shrank since the walk
			{"content/lang.md", 0},
			{"content/lang.md", int64(len(long)) - 1},
			{"content/lang.md", int64(len(long))},
			{"content/a/b/c.md", -1},
		} {
			got, err := source.readFile(tc.file, tc.size)
			if err != nil {
				t.Errorf("%s: readFile(%q, %d): %v", src.name, tc.file, tc.size, err)
				continue
			}
			if want := files[tc.file]; !bytes.Equal(got, []byte(want)) {
				t.Errorf("%s: readFile(%q, %d) = %d bytes, want %d", src.name, tc.file, tc.size, len(got), len(want))
			}
		}
		_, err := source.readFile("content/weg.md", 10)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != "content/weg.md" || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: readFile of a missing file: %v, want a not-exist error naming content/weg.md", src.name, err)
		}
		if _, err := source.readFile("content/../../etc/passwd", 10); err == nil {
			t.Errorf("%s: readFile read a path outside the folder", src.name)
		}
	}
}
