package build

import (
	"os"
	"path/filepath"
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
