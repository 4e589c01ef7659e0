package main

import (
	"runtime"
	"testing"

	"github.com/samenopleiden/handboek/internal/benchgen"
)

// TestFloorPace runs the floor on a small site at Go's default pace and
// with -pace: paced as a build, it collects less (its heap may reach the
// budget's floor, 96 MB, which 300 pages never allocate).
func TestFloorPace(t *testing.T) {
	dir := t.TempDir()
	if _, err := benchgen.Generate(dir, benchgen.Options{Pages: 300, Seed: 3}); err != nil {
		t.Fatal(err)
	}
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
