package main

import (
	"testing"

	"github.com/samenopleiden/handboek/internal/benchgen"
)

// generatedSite writes a generated site of the given size into a temporary
// folder and returns the folder.
func generatedSite(t *testing.T, pages int, seed uint64) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := benchgen.Generate(dir, benchgen.Options{Pages: pages, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return dir
}
