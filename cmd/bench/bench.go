package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/benchgen"
)

// results is everything one benchmark run measured.
type results struct {
	Machine machine
	Sizes   []*sizeResult
	Real    *searchFigures // the real handbook's index; nil if it has none
	RealErr string
}

// sizeResult holds the figures for one generated site.
type sizeResult struct {
	Pages    int   // Markdown files in the site
	Bytes    int64 // their size
	OutPages int   // HTML pages handboek rendered
	Build    summary
	Floor    summary
	Paced    summary  // the floor at a build's garbage collector pace (bench floor -pace)
	Own      summary  // the build's own Markdown pass at its pace (bench floor -pace -own)
	Hugo     *summary // nil without hugo
	HugoErr  string
	Load     []string  // the one-minute load average after each round
	Rounds   []float64 // build ÷ floor wall time in each round
	// Above 10,000 pages, each round also builds the 10,000-page site just
	// before this one: this build ÷ that one, in wall and CPU time.
	Scale, ScaleCPU []float64
	ScaleOf         int // the pages of that site; 0 without it

	Incremental *incremental
	IncrErr     string
	Search      *searchFigures
	SearchErr   string
	Serve       *serveFigures
	ServeErr    string // why serve was not measured
	Phases      string // `bench phases` output: the stages in one process
}

func benchmark(c config) (*results, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(c.work, "handboek")
	logf("go build ./cmd/handboek")
	build := exec.Command("go", "build", "-o", bin, "./cmd/handboek")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/handboek: %v", err)
	}
	r := &results{Machine: describeMachine(c.hugo)}
	r.Machine.Commit = commitOf(root)
	r.Machine.WorkFS = mountOf(c.work)
	c.keepOutputs = deletesAreSlow(c.work)

	hugoDir := ""
	if c.hugo != "" {
		hugoDir = filepath.Join(c.work, "hugo-site")
		if err := writeHugoSite(hugoDir); err != nil {
			return nil, err
		}
	}

	real := c.real
	if !filepath.IsAbs(real) {
		real = filepath.Join(root, real)
	}
	if fig, err := buildAndMeasureSearch(bin, real, filepath.Join(c.work, "real-out")); err != nil {
		r.RealErr = err.Error()
	} else {
		r.Real = fig
	}

	for _, n := range c.sizes {
		sr, err := benchSize(c, n, bin, self, hugoDir)
		if err != nil {
			return nil, fmt.Errorf("%d pages: %v", n, err)
		}
		r.Sizes = append(r.Sizes, sr)
	}
	return r, nil
}

func commitOf(root string) string {
	cmd := exec.Command("git", "describe", "--always", "--dirty")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

var builtRE = regexp.MustCompile(`built (\d+) pages`)

// benchSize measures one generated site of n pages.
func benchSize(c config, n int, bin, self, hugoDir string) (*sizeResult, error) {
	siteOf := func(n int) string { return filepath.Join(c.work, fmt.Sprintf("site-%d", n)) }
	site := siteOf(n)
	os.RemoveAll(site)
	logf("%d pages: generating %s", n, site)
	start := time.Now()
	st, err := benchgen.Generate(site, benchgen.Options{Pages: n, Seed: c.seed})
	if err != nil {
		return nil, err
	}
	logf("%d pages: %d files, %.1f MB in %s", n, st.Files, float64(st.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
	sr := &sizeResult{Pages: st.Files, Bytes: st.Bytes}
	// Every run writes into a folder of its own, deleted once measured, so
	// that each run starts from the same file system: on a fuller one, file
	// creation costs more (a 50,000-page build's system time went from 9 to
	// 13 s with the outputs of four earlier runs beside it). But where
	// deletes are slow (deletesAreSlow: this machine's own disk), nothing is
	// deleted until the benchmark ends, as deleting the last run's output
	// would slow down the next contender, not the one that wrote it.
	outOf := func(tool string, i int) string { return filepath.Join(c.work, fmt.Sprintf("%s-out-%d-%d", tool, n, i)) }
	measured := func(out string) {
		if !c.keepOutputs {
			os.RemoveAll(out)
		}
	}
	var out string

	// Warm the page cache once, so that the first timed run is not the only
	// one reading from disk.
	if _, _, err := run(self, "floor", "-source", site); err != nil {
		return nil, err
	}
	var builds, floors, paced, own, hugos []sample
	runs := c.runsFor(n)
	if small := largestUpTo(c.sizes, 10000); n > 10000 && small > 0 {
		sr.ScaleOf = small // measured already: sizes run in increasing order
	}
	for i := range runs {
		// One round runs each contender once, so that a busy minute on the
		// shared machine hurts all of them alike.
		s, _, err := run(self, "floor", "-source", site)
		if err != nil {
			return nil, err
		}
		floors = append(floors, s)
		if s, _, err = run(self, "floor", "-source", site, "-pace"); err != nil {
			return nil, err
		}
		paced = append(paced, s)
		if s, _, err = run(self, "floor", "-source", site, "-pace", "-own"); err != nil {
			return nil, err
		}
		own = append(own, s)

		// The goal for 50,000 pages is a ratio to 10,000: build both in
		// the same minute of the shared machine, as build and floor.
		var smaller sample
		if sr.ScaleOf > 0 {
			pairOut := outOf(fmt.Sprintf("handboek-%d", sr.ScaleOf), i)
			if smaller, _, err = run(bin, "build", "--source", siteOf(sr.ScaleOf), "--out", pairOut); err != nil {
				return nil, err
			}
			measured(pairOut)
		}
		if out != "" {
			measured(out) // the last one stays, for measureSearch
		}
		out = outOf("handboek", i)
		s, stderr, err := run(bin, "build", "--source", site, "--out", out)
		if err != nil {
			return nil, err
		}
		builds = append(builds, s)
		if sr.ScaleOf > 0 {
			sr.Scale = append(sr.Scale, float64(s.Wall)/float64(max(1, smaller.Wall)))
			sr.ScaleCPU = append(sr.ScaleCPU, float64(s.CPU)/float64(max(1, smaller.CPU)))
		}
		if m := builtRE.FindStringSubmatch(stderr); m != nil {
			sr.OutPages, _ = strconv.Atoi(m[1])
		}

		if hugoDir != "" && sr.HugoErr == "" && (n <= 10000 || os.Getenv("BENCH_HUGO_LARGE") != "") {
			s, _, err := run(c.hugo, hugoArgs(hugoDir, site, outOf("hugo", i))...)
			measured(outOf("hugo", i))
			if err != nil {
				sr.HugoErr = firstLine(err.Error())
			} else {
				hugos = append(hugos, s)
			}
		}
		sr.Load = append(sr.Load, loadNow())
		sr.Rounds = append(sr.Rounds, float64(builds[i].Wall)/float64(max(1, floors[i].Wall)))
		logf("%d pages: round %d/%d: build %s, floor %s%s (load %s)", n, i+1, runs,
			secs(builds[i].Wall), secs(floors[i].Wall), hugoNote(hugos, i), sr.Load[i])
	}
	sr.Build, sr.Floor, sr.Paced, sr.Own = summarise(builds), summarise(floors), summarise(paced), summarise(own)
	if len(hugos) > 0 {
		h := summarise(hugos)
		sr.Hugo = &h
	} else if hugoDir != "" && sr.HugoErr == "" {
		sr.HugoErr = "not run above 10,000 pages (set BENCH_HUGO_LARGE=1; Hugo needs ~17 GB there)"
	}

	if fig, err := measureSearch(out); err != nil {
		sr.SearchErr = err.Error()
	} else {
		sr.Search = fig
	}
	measured(out)

	logf("%d pages: incremental rebuilds", n)
	if inc, err := measureIncremental(site, 5); err != nil {
		sr.IncrErr = err.Error()
	} else {
		sr.Incremental = inc
	}

	if n == largestUpTo(c.sizes, 10000) {
		logf("%d pages: the stages one by one", n)
		if _, out, err := run(self, "phases", "-source", site, "-runs", "2"); err == nil {
			sr.Phases = out
		}
		logf("%d pages: handboek serve", n)
		sv, err := measureServe(bin, site, c.edits, c.layoutEdits)
		if err != nil {
			sr.ServeErr = err.Error()
			logf("%d pages: serve: %v", n, err)
		} else {
			sr.Serve = sv
		}
	}
	return sr, nil
}

func largestUpTo(sizes []int, limit int) int {
	best := 0
	for _, n := range sizes {
		if n <= limit && n > best {
			best = n
		}
	}
	return best
}

func hugoNote(hugos []sample, i int) string {
	if i < len(hugos) {
		return ", hugo " + secs(hugos[i].Wall)
	}
	return ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s" }
