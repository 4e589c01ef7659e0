// Command bench is `make bench`: it measures how fast handboek builds, and
// writes the figures as a Markdown table to stdout and to docs/benchmarks.md.
//
//	go run ./cmd/bench [-large] [-sizes 1000,10000] [-out docs/benchmarks.md]
//
// For each site size it generates a deterministic synthetic site
// (internal/benchgen) and measures, in one run so that ratios are fair on a
// noisy shared machine:
//
//   - `handboek build` as a separate process (built once with go build): wall
//     time, pages per second, CPU time (user+sys) and peak RSS; median of
//     several runs, each into an empty output folder;
//   - the goldmark floor: `bench floor`, a process that reads every file and
//     converts its body with goldmark's parser and renderer as
//     markdown.Convert configures them, on all cores, writing nothing (the
//     build parses without linkify where a page's text has no bare address,
//     markdown.parseTree, and renders with a renderer of its own,
//     markdown.htmlOut, so it is not strictly a floor);
//   - Hugo --minify on the same content with the equivalent Hugo site in
//     cmd/bench/hugo, when hugo is on PATH;
//   - the incremental rebuild: a second Build of one build.Builder after
//     changing one file, in this process;
//   - the search index in the output: files, bytes raw and gzipped;
//   - at 10,000 pages, once the binary has a serve command: the time from a
//     saved body edit, and from a saved layout edit, to the served page.
//
// Subcommands used by the benchmark, also handy on their own:
//
//	bench gen -pages N [-seed S] DIR        write a synthetic site into DIR
//	bench floor -source DIR                 the goldmark floor of a site
//	bench profile -source DIR -cpuprofile F build in this process under pprof
//	bench phases -source DIR                the build's stages one by one, timed
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/benchgen"
)

func main() {
	var err error
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == "floor":
		err = runFloor(args[1:])
	case len(args) > 0 && args[0] == "gen":
		err = runGen(args[1:])
	case len(args) > 0 && args[0] == "profile":
		err = runProfile(args[1:])
	case len(args) > 0 && args[0] == "phases":
		err = runPhases(args[1:])
	default:
		err = runBench(args)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func runGen(args []string) error {
	fl := flag.NewFlagSet("bench gen", flag.ContinueOnError)
	pages := fl.Int("pages", 1000, "Markdown files to write")
	seed := fl.Uint64("seed", 1, "random seed; the same seed gives the same site")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return fmt.Errorf("usage: bench gen -pages N [-seed S] DIR")
	}
	start := time.Now()
	st, err := benchgen.Generate(fl.Arg(0), benchgen.Options{Pages: *pages, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %d files (%.1f MB, %d drafts, %d page links) in %s\n",
		st.Files, float64(st.Bytes)/1e6, st.Drafts, st.Links, time.Since(start).Round(time.Millisecond))
	return nil
}

// config is the benchmark's flags.
type config struct {
	sizes       []int
	seed        uint64
	out         string
	work        string
	keep        bool
	hugo        string
	edits       int
	layoutEdits int
	real        string
	runs        int
	keepOutputs bool // until the end: see deletesAreSlow
}

func runBench(args []string) error {
	var c config
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	large := fl.Bool("large", false, "also measure 50,000 pages")
	sizes := fl.String("sizes", "", "comma-separated site sizes instead of 1000,10000 (and 50000 with -large)")
	fl.Uint64Var(&c.seed, "seed", 1, "generator seed")
	fl.StringVar(&c.out, "out", "docs/benchmarks.md", "Markdown report to write; empty for stdout only")
	fl.StringVar(&c.work, "work", "", "working folder for generated sites and outputs (default: a new temporary folder)")
	fl.BoolVar(&c.keep, "keep", false, "keep the working folder")
	fl.StringVar(&c.hugo, "hugo", "auto", "hugo binary; auto: from PATH if there; none: skip Hugo")
	fl.IntVar(&c.edits, "edits", 20, "body edits timed in handboek serve")
	fl.IntVar(&c.layoutEdits, "layout-edits", 5, "layout edits timed in handboek serve")
	fl.StringVar(&c.real, "real", ".", "the real handbook's site folder, for its search index figures")
	fl.IntVar(&c.runs, "runs", 0, "runs per measurement (default 5 up to 10,000 pages, 3 above)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		// Refused rather than ignored: a mistyped command ran the whole
		// benchmark and rewrote docs/benchmarks.md.
		return fmt.Errorf("unknown command %q: run bench with flags only (bench -h), or bench floor, gen, profile or phases", fl.Arg(0))
	}
	c.sizes = []int{1000, 10000}
	if *large {
		c.sizes = append(c.sizes, 50000)
	}
	if *sizes != "" {
		c.sizes = nil
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < benchgen.MinPages {
				return fmt.Errorf("-sizes: %q is not a size of at least %d", s, benchgen.MinPages)
			}
			c.sizes = append(c.sizes, n)
		}
		slices.Sort(c.sizes) // the report compares each size with the one before
		c.sizes = slices.Compact(c.sizes)
	}
	switch c.hugo {
	case "none":
		c.hugo = ""
	case "auto":
		c.hugo, _ = exec.LookPath("hugo")
	}
	if c.work == "" {
		dir, err := os.MkdirTemp("", "handboek-bench-")
		if err != nil {
			return err
		}
		c.work = dir
	}
	if !c.keep {
		defer os.RemoveAll(c.work)
	} else {
		logf("keeping %s", c.work)
	}
	r, err := benchmark(c)
	if err != nil {
		return err
	}
	report := r.markdown()
	fmt.Print(report)
	if c.out != "" {
		return os.WriteFile(c.out, []byte(report), 0o644)
	}
	return nil
}

// logf prints progress to stderr; the report goes to stdout.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// runsFor returns how many times to repeat a measurement at n pages.
func (c config) runsFor(n int) int {
	switch {
	case c.runs > 0:
		return c.runs
	case n <= 10000:
		return 5 // the rounds at 10,000 pages set the goals
	}
	return 3 // a median of three rounds: 50,000 ÷ 10,000 pages is a goal too
}

// moduleRoot returns the folder of go.mod, where `go build ./cmd/handboek` runs.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run the benchmark inside the handboek module")
	}
	return filepath.Dir(gomod), nil
}
