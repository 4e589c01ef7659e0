package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files (testdata/errors/*/stderr.golden)")

// catalogue is the error-message catalogue: one small site per kind of
// mistake an editor makes, each with the exact report of `handboek check
// --strict` in stderr.golden. Run `go test ./cmd/handboek -update` to
// rewrite the goldens, then read the diff: every message must say what is
// wrong, where, and how to fix it, in words an editor understands.
const catalogue = "../../testdata/errors"

func TestErrorCatalogue(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	entries, err := os.ReadDir(catalogue)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		dir := filepath.Join(catalogue, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			code, stdout, stderr := runCLI("check", "--strict", "--source", dir)
			if code != 1 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
			}
			golden := filepath.Join(dir, "stderr.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(stderr), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/handboek -update)", err)
			}
			if stderr != string(want) {
				t.Errorf("stderr differs from %s\ngot:\n%s\nwant:\n%s", golden, stderr, want)
			}
		})
	}
	if n < 20 {
		t.Errorf("the catalogue has %d cases; keep at least 20", n)
	}
}
