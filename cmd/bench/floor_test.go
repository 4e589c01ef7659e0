package main

import (
	"path/filepath"
	"runtime"
	"testing"
)

// TestFloorPace runs the floor on a small site at Go's default pace and
// with -pace: paced as a build, it collects less (its heap may reach the
// budget's floor, 96 MB, which 300 pages never allocate).
func TestFloorPace(t *testing.T) {
	dir := generatedSite(t, 300, 3)
	collections := func(args ...string) uint32 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if err := runFloor(append([]string{"-source", dir}, args...)); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.NumGC - before.NumGC
	}
	plain, paced := collections(), collections("-pace")
	if paced >= plain {
		t.Errorf("the paced floor collected %d times, the default %d: want fewer", paced, plain)
	}
}

// TestFloorOwn converts a small site with goldmark's Convert and with the
// build's own pass: the own pass writes heading ids, which Convert leaves
// out, so it makes more HTML from the same Markdown.
func TestFloorOwn(t *testing.T) {
	dir := generatedSite(t, 100, 5)
	files, err := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	if err != nil || len(files) < 50 {
		t.Fatalf("%d files (%v)", len(files), err)
	}
	inPlain, plain, err := convertFiles(files, false)
	if err != nil {
		t.Fatal(err)
	}
	inOwn, own, err := convertFiles(files, true)
	if err != nil {
		t.Fatal(err)
	}
	if inOwn != inPlain || plain == 0 || own <= plain {
		t.Errorf("read %d and %d bytes, made %d bytes of HTML with Convert and %d with the own pass: want the same read, and more HTML from the own pass", inPlain, inOwn, plain, own)
	}
}
