package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/heapbudget"
	"github.com/samenopleiden/handboek/internal/output"
)

// buildFlags are the flags build and check share.
type buildFlags struct {
	source      string
	baseURL     string
	drafts      bool
	strict      bool
	format      string
	maxFileSize int64
	gitDates    bool // build only
}

func (f *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.source, "source", ".", "site `folder` holding content/ (and optionally layouts/, static/)")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	fs.StringVar(&f.format, "format", "text", "problem report format: text, json or gitlab (Code Quality report on stdout)")
	fs.Int64Var(&f.maxFileSize, "max-file-size", 0, "largest content file in `bytes` (default 1 MiB)")
}

func (f *buildFlags) valid(stderr io.Writer) bool {
	if !slices.Contains(formats, f.format) {
		fmt.Fprintf(stderr, "handboek: --format must be text, json or gitlab, not %q\n", f.format)
		return false
	}
	return true
}

func (f *buildFlags) options() build.Options {
	return build.Options{Source: f.source, BaseURL: f.baseURL, Drafts: f.drafts, MaxFileSize: f.maxFileSize, GitDates: f.gitDates, Once: true}
}

// oneOffGC paces the garbage collector of a one-off build (build and check)
// to a heap budget (see heapbudget) and returns the build's options with
// Sized set to size the budget by the content (heapbudget.ForContent), and
// a func that puts the old pace back. GOGC in the environment wins.
//
// Against a fixed GOGC=50 the budget saved 9-15% of the CPU time of a
// 10,000-page build, and its floor for small heaps 3% more.
func oneOffGC(env string, opts build.Options) (build.Options, func()) {
	if env != "" {
		return opts, func() {}
	}
	pacer := heapbudget.Start(heapbudget.MinBudget)
	opts.Sized = func(contentBytes int64) {
		pacer.SetBudget(heapbudget.ForContent(contentBytes))
	}
	return opts, pacer.Stop
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var out string
	fs := newFlags("build", stderr)
	f.register(fs)
	fs.StringVar(&out, "out", "", "output `folder` (default SOURCE/public)")
	fs.StringVar(&f.baseURL, "base-url", "", "`URL` the site is published at, e.g. https://example.org/handboek/ (default /)")
	fs.BoolVar(&f.gitDates, "git-dates", true, "show \"Laatst bijgewerkt op\" dates from git history (needs the full history, not a shallow clone)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !f.valid(stderr) {
		return 2
	}
	if out == "" {
		out = filepath.Join(f.source, "public")
	}
	if err := checkOut(f.source, out); err != nil {
		fmt.Fprintf(stderr, "handboek: %v\n", err)
		return 1
	}
	opts, restore := oneOffGC(os.Getenv("GOGC"), f.options())
	defer restore()
	b := build.New(opts)
	dir, err := output.NewDir(out)
	if err != nil {
		fmt.Fprintf(stderr, "handboek: %v\n", err)
		return 1
	}
	res := b.Build(dir)
	if report(res.Problems, f, stdout, stderr) {
		dir.Abort()
		fmt.Fprintf(stderr, "build failed; %s left as it was\n", out)
		return 1
	}
	if err := dir.Commit(); err != nil {
		fmt.Fprintf(stderr, "handboek: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "built %d pages (%d files) in %s into %s\n", res.Pages, res.Files, res.Duration.Round(time.Millisecond), out)
	return 0
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	fs := newFlags("check", stderr)
	f.register(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !f.valid(stderr) {
		return 2
	}
	opts, restore := oneOffGC(os.Getenv("GOGC"), f.options())
	defer restore()
	res := build.New(opts).Build(output.Discard{})
	if report(res.Problems, f, stdout, stderr) {
		return 1
	}
	if f.format != "json" {
		fmt.Fprintf(stderr, "checked %d pages: no problems\n", res.Pages)
	}
	return 0
}

// report prints the problems and says whether the build failed.
func report(problems diag.List, f buildFlags, stdout, stderr io.Writer) bool {
	sorted := problems.Sorted()
	switch f.format {
	case "json":
		writeJSON(stdout, sorted)
	case "gitlab":
		writeText(stderr, sorted)
		writeGitLab(stdout, sorted, f.source)
	default:
		writeText(stderr, sorted)
		if os.Getenv("GITHUB_ACTIONS") == "true" {
			writeGitHub(stdout, sorted, f.source)
		}
	}
	return sorted.HasErrors(f.strict)
}

// jsonProblem is one problem in --format json.
type jsonProblem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, problems diag.List) {
	out := make([]jsonProblem, 0, len(problems))
	for _, d := range problems {
		out = append(out, jsonProblem{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// checkOut refuses an output folder that is the source folder or holds it,
// which a build would replace.
func checkOut(source, out string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(dst, src); err == nil && filepath.IsLocal(rel) || rel == "." {
		return fmt.Errorf("--out %s is the source folder or contains it; choose a folder such as %s", out, filepath.Join(source, "public"))
	}
	return nil
}
