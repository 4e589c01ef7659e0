package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/search"
)

// TestMeasureSearchAgreesWithSearch reads a built site's index from its
// files and compares the figures with what internal/search measures itself.
func TestMeasureSearchAgreesWithSearch(t *testing.T) {
	dir := generatedSite(t, 400, 4)
	out := filepath.Join(dir, "public")
	b := build.New(build.Options{Source: dir})
	w, err := output.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	res := b.Build(w)
	if res.Problems.HasErrors(false) {
		t.Fatal(res.Problems.Sorted().String())
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	want, err := search.Write(output.Discard{}, b.SearchDocs(res.Site), search.Options{Measure: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := measureSearch(out)
	if err != nil {
		t.Fatal(err)
	}
	st := want.Stats
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"files", int64(got.Files), int64(st.Files)},
		{"bytes", got.Bytes, st.Bytes},
		{"gzip", got.Gzip, st.Gzip},
		{"manifest", got.Manifest, st.ManifestGzip},
		{"worst first query", got.FirstQueryMax, st.FirstQueryMax},
	} {
		if c.got != c.want {
			t.Errorf("%s: measured %d from the files, search says %d", c.name, c.got, c.want)
		}
	}
	// search computes pages per result file as ceil(pages/files), which can
	// differ from the manifest's "per" that the browser uses (and that
	// measureSearch reads), so a hit may count another result file there.
	if d := got.FirstQuery - st.FirstQuery; d < -st.FirstQuery/50 || d > st.FirstQuery/50 {
		t.Errorf("first query: measured %d from the files, search says %d", got.FirstQuery, st.FirstQuery)
	}
}

func TestDecodeNumbers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
	}{
		{"5", []int{5}},
		{"X0", []int{32}},
		{"_V", []int{1023}},
		{"05X0", []int{0, 5, 32}},
	} {
		got := decodeNumbers(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("decodeNumbers(%q) = %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("decodeNumbers(%q) = %v, want %v", tc.in, got, tc.want)
			}
		}
	}
}

func TestMountOf(t *testing.T) {
	if _, err := os.Stat("/proc/mounts"); err != nil {
		t.Skip("no /proc/mounts")
	}
	// The longest mount point that holds the folder, not one that only
	// starts with the same letters.
	if got, want := mountOf("/proc/self/fd"), "proc on proc, mounted at /proc"; got != want {
		t.Errorf("mountOf(/proc/self/fd) = %q, want %q", got, want)
	}
	if got := mountOf("/procfs-not-it"); !regexp.MustCompile(`mounted at /(,|$)`).MatchString(got) {
		t.Errorf("mountOf(/procfs-not-it) = %q, want the root file system", got)
	}
}

// TestDeletesAreSlow checks which file systems keep the outputs until the
// end: ext4 without a journal only.
func TestDeletesAreSlow(t *testing.T) {
	for _, c := range []struct {
		m    mount
		want bool
	}{
		{mount{"/dev/no-such-disk", "/x", "ext4"}, true}, // no journal listed in /proc/fs/jbd2
		{mount{"tmpfs", "/tmp", "tmpfs"}, false},
		{mount{"/dev/no-such-disk", "/x", "xfs"}, false},
	} {
		if got := c.m.withoutJournal(); got != c.want {
			t.Errorf("%+v: withoutJournal %v, want %v", c.m, got, c.want)
		}
	}
	if _, err := os.Stat("/proc/mounts"); err != nil {
		t.Skip("no /proc/mounts")
	}
	for _, dir := range []string{"/", "/proc", os.TempDir(), t.TempDir()} {
		if got, want := deletesAreSlow(dir), strings.HasSuffix(mountOf(dir), "without a journal"); got != want {
			t.Errorf("deletesAreSlow(%s) = %v, but mountOf says %q", dir, got, mountOf(dir))
		}
	}
}

// TestStrayArgumentsAreRefused checks that a word where a command or flag
// belongs stops the benchmark before it starts (and before it could rewrite
// docs/benchmarks.md).
func TestStrayArgumentsAreRefused(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-large", "flor"}} {
		err := runBench(args)
		if err == nil || !strings.Contains(err.Error(), "unknown command") {
			t.Errorf("bench %v: %v, want an unknown command error", args, err)
		}
	}
}

func TestRoundsLine(t *testing.T) {
	tests := []struct {
		rounds []float64
		want   string
	}{
		{nil, ""},
		{[]float64{1.5}, "- 10,000 pages: build ÷ floor in each round (the floor runs just before the build): 1.50; median 1.50×."},
		{[]float64{2.15, 1.61, 1.604}, "- 10,000 pages: build ÷ floor in each round (the floor runs just before the build): 2.15, 1.61, 1.60; median 1.61×."},
		{[]float64{1.9, 1.4, 1.5, 1.6}, "- 10,000 pages: build ÷ floor in each round (the floor runs just before the build): 1.90, 1.40, 1.50, 1.60; median 1.50×."},
	}
	for _, tt := range tests {
		if got := roundsLine(10000, tt.rounds); got != tt.want {
			t.Errorf("roundsLine(%v) =\n%q, want\n%q", tt.rounds, got, tt.want)
		}
	}
}

// TestGoalsInTheSameMinute checks that the report takes the goals that are
// ratios (build ÷ floor, 50,000 ÷ 10,000 pages) from the rounds that ran both
// in the same minute, with the ratio of the medians beside it, and from that
// ratio alone without rounds.
func TestGoalsInTheSameMinute(t *testing.T) {
	ten := &sizeResult{Pages: 10000, Build: summary{Runs: 3, Wall: 3 * time.Second}, Floor: summary{Runs: 3, Wall: 2 * time.Second}}
	fifty := &sizeResult{Pages: 50000, Build: summary{Runs: 3, Wall: 18 * time.Second}}
	r := &results{Sizes: []*sizeResult{ten, fifty}}
	got := r.markdown()
	for _, want := range []string{
		"| 50,000 pages ÷ 10,000 pages | ≤ 5.5× | 6.00× | no |",
		"| full build ÷ goldmark floor | ≤ 1.5× | 1.50× | yes |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("without rounds, report lacks %q:\n%s", want, got)
		}
	}

	ten.Rounds = []float64{1.7, 1.4, 1.3, 1.6, 1.45}
	fifty.ScaleOf, fifty.Scale, fifty.ScaleCPU = 10000, []float64{5.9, 4.8, 5.1}, []float64{5.2, 4.9, 5.0}
	got = r.markdown()
	for _, want := range []string{
		"| full build ÷ goldmark floor | ≤ 1.5× | 1.45× (of the medians: 1.50×) | yes |",
		"| 50,000 pages ÷ 10,000 pages | ≤ 5.5× | 5.10× (of the medians: 6.00×) | yes |",
		"- Scaling in the same minute: in each round at 50,000 pages, the 10,000-page site was built just before: 50,000 ÷ 10,000 pages 5.90, 4.80, 5.10, median 5.10×; in CPU time 5.20, 4.90, 5.00, median 5.00×.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
}
