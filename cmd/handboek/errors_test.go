package main

import (
	"bytes"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files (testdata/bad/*/stderr.golden)")

// caseArgs returns the extra flags a case needs, from its optional args file.
func caseArgs(t *testing.T, dir string) []string {
	data, err := os.ReadFile(filepath.Join(dir, "args"))
	if err != nil {
		return nil
	}
	return strings.Fields(string(data))
}

// catalogue is the bad-input catalogue: one small site per kind of mistake
// an editor makes or hostile input a build meets, each with the exact report
// of `handboek check --strict` in stderr.golden (and extra flags in an
// optional args file). Every case must also fail `handboek build` without
// touching the previous site or writing anything beside it. Run `go test ./cmd/handboek -update` to
// rewrite the goldens, then read the diff: every message must say what is
// wrong, where, and how to fix it, in words an editor understands.
const catalogue = "../../testdata/bad"

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
			args := append([]string{"check", "--strict", "--source", dir}, caseArgs(t, dir)...)
			code, stdout, stderr := runCLI(args...)
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
			buildKeepsPrevious(t, dir, caseArgs(t, dir))
		})
	}
	if n < 40 {
		t.Errorf("the catalogue has %d cases; keep at least 40", n)
	}
}

// buildKeepsPrevious builds a good site into a fresh folder, then the bad
// case into the same folder: the build must fail, leave the first site byte
// for byte, and leave nothing else beside it.
func buildKeepsPrevious(t *testing.T, dir string, extra []string) {
	t.Helper()
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if code, _, stderr := runCLI("build", "--git-dates=false", "--source", basic, "--out", out); code != 0 {
		t.Fatalf("good build failed: %s", stderr)
	}
	before := readTree(t, out)
	args := append([]string{"build", "--strict", "--git-dates=false", "--source", dir, "--out", out}, extra...)
	if code, _, stderr := runCLI(args...); code != 1 {
		t.Errorf("build of a bad site: exit %d, want 1\n%s", code, stderr)
	}
	if after := readTree(t, out); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("a failed build changed the previous site")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("%d entries beside the output folder after a failed build, want none", len(entries)-1)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
