package internal

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/samenopleiden/handboek"

// allowed is a statement of policy: which project packages each package may
// import, so that data keeps flowing one way (content -> site -> render/search
// -> output, orchestrated by build; watch and serve on top). Change it only
// with a reason; do not add an edge to make a build pass.
var allowed = map[string][]string{
	"internal/diag":       {},
	"internal/textnorm":   {},
	"internal/junk":       {},
	"internal/gitdates":   {},
	"internal/heapbudget": {},
	"internal/watch":      {"internal/junk"},
	"internal/output":     {"internal/diag"},
	"internal/markdown":   {"internal/diag", "internal/textnorm"},
	"internal/content":    {"internal/diag", "internal/textnorm", "internal/markdown", "internal/junk"},
	"internal/site":       {"internal/content", "internal/markdown", "internal/diag", "internal/textnorm"},
	"internal/render":     {"internal/site", "internal/content", "internal/markdown", "internal/diag"},
	"internal/search":     {"internal/site", "internal/textnorm", "internal/diag"},
	"internal/schema":     {"internal/content", "internal/site", "internal/diag"},
	"internal/build": {"", "internal/content", "internal/markdown", "internal/site", "internal/render",
		"internal/search", "internal/output", "internal/diag", "internal/junk", "internal/gitdates"},
	"internal/serve":    {"internal/build", "internal/watch", "internal/output", "internal/diag"},
	"internal/benchgen": {"internal/content", "internal/textnorm"},
}

// free packages may import any project package: the CLI, the benchmark and
// the end-to-end tests sit at the top.
var free = []string{"cmd/handboek", "cmd/bench", "internal/e2e", "internal", ""}

func TestDependencyPolicy(t *testing.T) {
	root, _ := filepath.Abs("..")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || (top != "cmd" && top != "internal")) {
			return filepath.SkipDir
		}
		if rel == "." {
			rel = ""
		}
		pkg, err := build.ImportDir(p, 0)
		if err != nil {
			return nil // no Go files here
		}
		if slices.Contains(free, rel) {
			return nil
		}
		allow, ok := allowed[rel]
		if !ok {
			t.Errorf("package %s is not in the dependency policy; add it to allowed in internal/deps_test.go", rel)
			return nil
		}
		for _, imp := range pkg.Imports {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			if !slices.Contains(allow, dep) {
				t.Errorf("%s imports %s, which the policy does not allow", rel, dep)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
