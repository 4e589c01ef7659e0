package build

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/output"
)

// TestParseCacheTrustsOnlyOldFiles checks the rule that lets a rebuild skip
// reading unchanged files: same size and modification time, and the file was
// already older than racyWindow when it was read. A fresh file is read again
// even if size and time look the same (a second save within the clock's
// granularity on a coarse file system).
func TestParseCacheTrustsOnlyOldFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/basic")); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	page := filepath.Join(dir, "content", "doelen", "autonomie.md")
	b := New(Options{Source: dir})
	b.Build(output.NewMem())

	// Same size, same time, an old file: trusted, not read.
	src, _ := os.ReadFile(page)
	same := []byte(string(src[:len(src)-2]) + "X\n")
	os.WriteFile(page, same, 0o644)
	os.Chtimes(page, old, old)
	if res := b.Build(output.NewMem()); res.Parsed != 0 {
		t.Errorf("unchanged size and time of an old file: parsed %d, want 0", res.Parsed)
	}
	// A new modification time: read and parsed.
	now := time.Now()
	os.Chtimes(page, now, now)
	if res := b.Build(output.NewMem()); res.Parsed != 1 {
		t.Errorf("new modification time: parsed %d, want 1", res.Parsed)
	}
	// The file is fresh now: an edit that keeps size and time is still seen.
	os.WriteFile(page, src, 0o644)
	os.Chtimes(page, now, now)
	mem := output.NewMem()
	if res := b.Build(mem); res.Parsed != 1 {
		t.Errorf("fresh file with the same size and time: parsed %d, want 1", res.Parsed)
	}
}

// TestOnceBuilder checks Options.Once: the output is that of an ordinary
// build (the page text it frees is read by the search index first), and a
// second build parses every file again instead of reusing freed pages.
func TestOnceBuilder(t *testing.T) {
	want, first := buildMem(t, "testdata/basic", "", true)
	b := New(Options{Source: "testdata/basic", Once: true})
	for round := 1; round <= 2; round++ {
		got := output.NewMem()
		res := b.Build(got)
		if res.Problems.HasErrors(false) {
			t.Fatalf("round %d: %s", round, res.Problems.Sorted())
		}
		if res.Parsed != first.Parsed {
			t.Errorf("round %d: parsed %d files, want all %d", round, res.Parsed, first.Parsed)
		}
		if !maps.EqualFunc(got.Files(), want.Files(), bytes.Equal) {
			for name, data := range want.Files() {
				if g, _ := got.ReadFile(name); !bytes.Equal(g, data) {
					t.Errorf("round %d: %s differs from an ordinary build", round, name)
				}
			}
			t.Errorf("round %d: %d files, an ordinary build writes %d", round, len(got.Files()), len(want.Files()))
		}
	}
}

// TestSearchIndexNeedsNoMinifying guards the build's shortcut of writing the
// search index without minifying it: the minifier would not change a byte.
func TestSearchIndexNeedsNoMinifying(t *testing.T) {
	mem, _ := buildMem(t, "testdata/basic", "", true)
	min, n := output.NewMinifier(), 0
	for name, data := range mem.Files() {
		if !strings.HasPrefix(name, "zoeken/index/") {
			continue
		}
		n++
		if again, err := min.Minify(name, data); err != nil || !bytes.Equal(again, data) {
			t.Errorf("%s: minifying changes it (%v):\n%s\n%s", name, err, data, again)
		}
	}
	if n == 0 {
		t.Fatal("no search index written")
	}
}
