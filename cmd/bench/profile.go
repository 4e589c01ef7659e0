package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/samenopleiden/handboek/internal/benchgen"
	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/output"
)

// runProfile is `bench profile`: the whole build of `handboek build`, in this
// process, under the CPU profiler, for `go tool pprof -top`.
//
//	go run ./cmd/bench profile -pages 10000 -cpuprofile cpu.out -memprofile mem.out
func runProfile(args []string) error {
	fl := flag.NewFlagSet("bench profile", flag.ContinueOnError)
	source := fl.String("source", "", "site `folder` to build (default: generate one of -pages pages)")
	pages := fl.Int("pages", 10000, "size of the generated site when -source is not set")
	seed := fl.Uint64("seed", 1, "generator seed")
	runs := fl.Int("runs", 1, "builds to run under the profiler")
	cpu := fl.String("cpuprofile", "", "write a CPU profile to `file`")
	mem := fl.String("memprofile", "", "write an allocation profile to `file` after the builds")
	if err := fl.Parse(args); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "handboek-profile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	site := *source
	if site == "" {
		site = filepath.Join(work, "site")
		if _, err := benchgen.Generate(site, benchgen.Options{Pages: *pages, Seed: *seed}); err != nil {
			return err
		}
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for i := range *runs {
		out := filepath.Join(work, fmt.Sprintf("public-%d", i)) // see outOf in benchSize: no deletes between runs
		start := time.Now()
		b := build.New(build.Options{Source: site, Once: true}) // as handboek build
		dir, err := output.NewDir(out)
		if err != nil {
			return err
		}
		res := b.Build(dir)
		if res.Problems.HasErrors(false) {
			dir.Abort()
			return fmt.Errorf("build failed:\n%s", tail(res.Problems.Sorted().String(), 2000))
		}
		if err := dir.Commit(); err != nil {
			return err
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(os.Stderr, "build %d: %d pages in %s (heap in use %d MB, total allocated %d MB, %d GCs)\n",
			i+1, res.Pages, time.Since(start).Round(time.Millisecond), ms.HeapInuse>>20, ms.TotalAlloc>>20, ms.NumGC)
	}
	if *mem != "" {
		f, err := os.Create(*mem)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	return nil
}
