package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/heapbudget"
)

const (
	basic  = "../../internal/build/testdata/basic"
	broken = "../../internal/build/testdata/broken"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tests := []struct {
		name      string
		args      []string
		code      int
		stderrHas string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"bouw"}, 2, `unknown command "bouw"`},
		{"help", []string{"help"}, 0, "Commands:"},
		{"bad flag", []string{"build", "--nope"}, 2, "flag provided but not defined"},
		{"stray argument", []string{"check", "--source", basic, "extra"}, 2, `unexpected argument "extra"`},
		{"bad format", []string{"check", "--source", basic, "--format", "xml"}, 2, "--format must be"},
		{"check with warnings", []string{"check", "--source", basic}, 0, "0 errors, 3 warnings"},
		{"strict fails on warnings", []string{"check", "--source", basic, "--strict"}, 1, "warning: raw HTML"},
		{"broken site", []string{"check", "--source", broken}, 1, "content/goede-praktijken/fouten.md:9:1: unknown key \"subregoi\" (did you mean \"subregio\"?)"},
		{"missing content", []string{"check", "--source", t.TempDir()}, 1, "no content/ folder here"},
		{"build", []string{"build", "--source", basic, "--out", out}, 0, "built "},
		{"out is source", []string{"build", "--source", basic, "--out", basic}, 1, "is the source folder or contains it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderrHas, stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("build wrote no index.html: %v", err)
	}
}

func TestBuildFailureKeepsOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--source", basic, "--out", out); code != 0 {
		t.Fatalf("first build: %s", stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "index.html"))
	code, _, stderr := runCLI("build", "--source", broken, "--out", out)
	if code != 1 || !strings.Contains(stderr, "left as it was") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Equal(before, after) || len(after) == 0 {
		t.Error("failed build changed the output")
	}
}

func TestJSONFormat(t *testing.T) {
	code, stdout, _ := runCLI("check", "--source", broken, "--format", "json")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	var problems []jsonProblem
	if err := json.Unmarshal([]byte(stdout), &problems); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	found := false
	for _, p := range problems {
		if p.File == "content/goede-praktijken/fouten.md" && p.Line == 9 && p.Column == 1 && p.Severity == "error" && strings.HasPrefix(p.Message, `unknown key "subregoi"`) {
			found = true
		}
	}
	if !found || len(problems) < 20 {
		t.Errorf("%d problems, subregoi found: %v", len(problems), found)
	}
}

func TestDrafts(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--source", basic, "--out", out, "--drafts"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "goede-praktijken/concept/index.html")); err != nil {
		t.Error("draft not built with --drafts")
	}
	if code, _, stderr := runCLI("build", "--source", basic, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "goede-praktijken/concept/index.html")); err == nil {
		t.Error("draft built without --drafts")
	}
}

// TestOneOffGC checks that build and check pace the collector to the heap
// budget unless the user set GOGC, that the budget grows with the content,
// and that the previous pace comes back.
func TestOneOffGC(t *testing.T) {
	before := debug.SetGCPercent(70)
	defer debug.SetGCPercent(before)
	opts, restore := oneOffGC("", build.Options{Source: "x"})
	// This test's heap is far below the budget: its goal rises to the floor.
	if now := gcPercent(); now <= heapbudget.Default {
		t.Errorf("without GOGC: target %d, want more than %d", now, heapbudget.Default)
	}
	if opts.Source != "x" || opts.Sized == nil {
		t.Fatalf("options %+v: want Source kept and Sized set", opts)
	}
	// A site of 1 TB of content: the budget grows with it, and a heap this
	// small stays at the default pace; what matters is that Sized works.
	opts.Sized(1 << 40)
	restore()
	if now := gcPercent(); now != 70 {
		t.Errorf("after the build: target %d, want the 70 from before", now)
	}
	debug.SetGCPercent(300) // as if GOGC=300
	opts, restore = oneOffGC("300", build.Options{})
	restore()
	if now := gcPercent(); now != 300 || opts.Sized != nil {
		t.Errorf("with GOGC=300: target %d, want 300 kept; Sized set: %v", now, opts.Sized != nil)
	}
}

func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}
