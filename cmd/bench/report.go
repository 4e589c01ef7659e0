package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// markdown renders the results as docs/benchmarks.md.
func (r *results) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	m := r.Machine
	p("# Benchmarks\n\n")
	p("Written by `make bench` (`go run ./cmd/bench`); do not edit by hand. Each run replaces this file,\n")
	p("so git keeps the history of the figures. The machine is shared and noisy: figures are medians,\n")
	p("and only ratios within one run are worth comparing.\n\n")
	p("- Date: %s, commit %s\n", m.Date, orDash(m.Commit))
	p("- CPU: %s, %d cores; memory %s; %s\n", orDash(m.CPU), m.Cores, orDash(m.Memory), orDash(m.Kernel))
	p("- Go: %s; Hugo: %s\n", m.Go, orDash(m.Hugo))
	p("- Load average at the start: %s\n", orDash(m.Load))
	p("- Sites built on: %s\n\n", orDash(m.WorkFS))

	p("## Full build\n\n")
	p("A generated site (`internal/benchgen`: every section, ~8 KB of Dutch-like Markdown a page with\n")
	p("headings, lists, tables, links with anchors and frontmatter references), built from scratch into an\n")
	p("empty folder of its own, deleted once measured: on a fuller file system creating files costs more\n")
	p("(a 50,000-page build's system time went from 9 to 13 s with four earlier outputs beside it). Where\n")
	p("the sites are built matters: on ext4 without a journal, as this machine's disk is mounted, Linux skips\n")
	p("inodes deleted in the last ~50 minutes when it creates files, one lookup each, so after a mass delete\n")
	p("(anyone's) creating the ~24,000 files and folders of a 10,000-page site costs seconds more. There the\n")
	p("outputs are kept until the end; `-work` on a fresh file system with a journal (\"Sites built on\" above)\n")
	p("avoids both. `handboek build` and Hugo run as separate processes; CPU is user+sys, RSS the peak\n")
	p("resident set of the process itself (VmHWM, read every 5 ms). The goldmark floor is `bench floor`: read every file and convert its body with\n")
	p("goldmark configured as the build configures it (`markdown.Convert`: goldmark's own Convert, none of\n")
	p("the build's Markdown passes) on all cores, writing nothing, at Go's default garbage collector pace;\n")
	p("\"paced\" is the same at a build's pace (`internal/heapbudget`), the stricter bound: the default pace\n")
	p("collects the floor's few-MB heap hundreds of times. Hugo renders an equivalent site\n")
	p("(`cmd/bench/hugo`) with `--minify` and has no search index. The build parses with goldmark, but\n")
	p("without GFM's autolinking of bare addresses where a page's text has none (`markdown.parseTree`: goldmark\n")
	p("stops at every space for it), and renders the parsed tree with a renderer of its own (`markdown.htmlOut`:\n")
	p("the bytes goldmark's renderer writes, in about a third of the instructions); tests hold both to goldmark\n")
	p("alone. So neither goldmark floor, goldmark as configured, is strictly the least a build must do.\n")
	p("\"The build's own Markdown\" is: the\n")
	p("same files through the build's Markdown pass (`bench floor -pace -own`: `markdown.Parse` and `Render`,\n")
	p("its positions, links, headings, plain text and checks included), at the build's pace; the build over it\n")
	p("is the cost of everything but the Markdown.\n\n")
	p("| pages | Markdown | what | runs | wall (median) | pages/s | CPU | peak RSS | × floor | × Hugo |\n")
	p("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.Sizes {
		row := func(what string, x summary) {
			p("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |\n",
				thousands(s.Pages), mb(s.Bytes), what, x.Runs, secs(x.Wall), rate(s.Pages, x.Wall),
				secs(x.CPU), mb(x.RSS), ratio(x.Wall, s.Floor.Wall), hugoRatio(x.Wall, s.Hugo))
		}
		row("handboek build", s.Build)
		row("goldmark floor", s.Floor)
		if s.Paced.Runs > 0 {
			row("goldmark floor, paced", s.Paced)
		}
		if s.Own.Runs > 0 {
			row("the build's own Markdown, paced", s.Own)
		}
		if s.Hugo != nil {
			row("Hugo --minify", *s.Hugo)
		} else if s.HugoErr != "" {
			p("| %s | %s | Hugo --minify | – | %s | | | | | |\n", thousands(s.Pages), mb(s.Bytes), s.HugoErr)
		}
	}
	p("\n")
	for _, s := range r.Sizes {
		p("- %s pages: handboek rendered %s HTML pages; one-minute load after each round: %s.\n",
			thousands(s.Pages), thousands(s.OutPages), strings.Join(s.Load, ", "))
		if line := roundsLine(s.Pages, s.Rounds); line != "" {
			p("%s\n", line)
		}
	}
	if len(r.Sizes) > 1 {
		a, z := r.Sizes[len(r.Sizes)-2], r.Sizes[len(r.Sizes)-1]
		p("- Scaling: %s pages take %s the time of %s pages (%s the pages), of the medians above.\n",
			thousands(z.Pages), ratio(z.Build.Wall, a.Build.Wall), thousands(a.Pages), fmt.Sprintf("%.1f×", float64(z.Pages)/float64(a.Pages)))
	}
	for _, s := range r.Sizes {
		if len(s.Scale) > 0 {
			p("- Scaling in the same minute: in each round at %s pages, the %s-page site was built just before: %s ÷ %s pages %s, median %.2f×; in CPU time %s, median %.2f×.\n",
				thousands(s.Pages), thousands(s.ScaleOf), thousands(s.Pages), thousands(s.ScaleOf), each(s.Scale), median(s.Scale), each(s.ScaleCPU), median(s.ScaleCPU))
		}
	}
	p("\n")

	for _, s := range r.Sizes {
		if s.Phases == "" {
			continue
		}
		p("Where the time goes at %s pages: `bench phases`, the build's stages one by one in one process\n", thousands(s.Pages))
		p("(fastest of 2), writing nothing; `handboek build` also writes the %s files and swaps the folder in.\n\n", thousands(s.OutPages))
		p("```\n%s```\n\n", s.Phases)
	}

	p("## Rebuilds and the dev server\n\n")
	p("Incremental: one `build.Builder` with `Options.Incremental`, in the benchmark's process, building\n")
	p("into memory as `handboek serve` does; a body edit appends a paragraph to one good practice, a\n")
	p("layout edit one to the site's own `layouts/base.html` (the built-in one, copied). Serve:\n")
	p("`handboek serve` on the site; the time from saving a file to the served page (polled over HTTP)\n")
	p("holding the new text.\n\n")
	p("| pages | what | median | runs |\n|---:|---|---:|---:|\n")
	for _, s := range r.Sizes {
		n := thousands(s.Pages)
		if inc := s.Incremental; inc != nil {
			p("| %s | first build in process | %s | 1 |\n", n, ms(inc.Full))
			p("| %s | rebuild, nothing changed | %s | %d |\n", n, ms(inc.Same), inc.Runs)
			p("| %s | rebuild after a body edit (%d file parsed, %d rendered) | %s | %d |\n", n, inc.Parsed, inc.Rendered, ms(inc.Edit), inc.Runs)
			p("| %s | rebuild after a layout edit (%d files rendered) | %s | %d |\n", n, inc.Relaid, ms(inc.Layout), inc.Runs)
		} else if s.IncrErr != "" {
			p("| %s | incremental rebuild | – | %s |\n", n, firstLine(s.IncrErr))
		}
		if sv := s.Serve; sv != nil {
			p("| %s | serve: start to first page | %s | 1 |\n", n, ms(sv.Start))
			p("| %s | serve: body edit to served page | %s | %d |\n", n, ms(median(sv.Body)), len(sv.Body))
			p("| %s | serve: layout edit to served page | %s | %d |\n", n, ms(median(sv.Layout)), len(sv.Layout))
		} else if s.ServeErr != "" {
			p("| %s | serve | – | %s |\n", n, firstLine(s.ServeErr))
		}
	}
	p("\n")

	p("## Search index\n\n")
	p("Measured in the output folder (`zoeken/index/`), every file gzipped on its own as a host that\n")
	p("compresses sends it. A first query loads the manifest, the shard of its word and the result\n")
	p("files of one page of results: the median over the 50 most frequent words, and the worst case.\n\n")
	p("| site | pages | files | raw | gzipped | manifest | first query | worst first query |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	row := func(name string, pages int, f *searchFigures) {
		p("| %s | %s | %d | %s | %s | %s | %s | %s |\n", name, thousands(pages), f.Files, kb(f.Bytes), kb(f.Gzip), kb(f.Manifest), kb(f.FirstQuery), kb(f.FirstQueryMax))
	}
	if f := r.Real; f != nil {
		row("the handbook (content/)", f.Pages, f)
	} else {
		p("| the handbook (content/) | – | – | %s | | | | |\n", firstLine(r.RealErr))
	}
	for _, s := range r.Sizes {
		if f := s.Search; f != nil {
			row("generated", s.OutPages, f)
		} else {
			p("| generated, %s pages | – | – | %s | | | | |\n", thousands(s.Pages), firstLine(s.SearchErr))
		}
	}
	p("\n")
	r.goals(p)
	return b.String()
}

// goals compares the figures with the goals of the speed issue (10,000 pages).
func (r *results) goals(p func(string, ...any)) {
	var ten, fifty *sizeResult
	for _, s := range r.Sizes {
		switch {
		case s.Pages == 10000:
			ten = s
		case s.Pages == 50000:
			fifty = s
		}
	}
	if ten == nil {
		return
	}
	p("## Goals at 10,000 pages\n\n| goal | target | measured | met |\n|---|---:|---:|:-:|\n")
	goal := func(name, target, measured string, met bool, known bool) {
		mark := "no"
		switch {
		case !known:
			mark, measured = "?", "–"
		case met:
			mark = "yes"
		}
		p("| %s | %s | %s | %s |\n", name, target, measured, mark)
	}
	fr, shown := sameMinute(ten.Rounds, float64(ten.Build.Wall)/float64(max(1, ten.Floor.Wall)))
	goal("full build ÷ goldmark floor", "≤ 1.5×", shown, fr <= 1.5, true)
	if ten.Paced.Runs > 0 {
		pr := float64(ten.Build.Wall) / float64(max(1, ten.Paced.Wall))
		p("| full build ÷ goldmark floor, paced (not a goal; the stricter bound) | – | %.2f× | – |\n", pr)
	}
	if ten.Own.Runs > 0 {
		or := float64(ten.Build.Wall) / float64(max(1, ten.Own.Wall))
		p("| full build ÷ the build's own Markdown, paced (not a goal; all but the Markdown) | – | %.2f× | – |\n", or)
	}
	if ten.Hugo != nil {
		hr := float64(ten.Build.Wall) / float64(ten.Hugo.Wall)
		goal("full build ÷ Hugo --minify", "≤ 0.15×", fmt.Sprintf("%.2f×", hr), hr <= 0.15, true)
	} else {
		goal("full build ÷ Hugo --minify", "≤ 0.15×", "", false, false)
	}
	goal("peak RSS of the build", "≤ 600 MB", mb(ten.Build.RSS), ten.Build.RSS <= 600e6, true)
	if fifty != nil {
		sr, shown := sameMinute(fifty.Scale, float64(fifty.Build.Wall)/float64(ten.Build.Wall))
		goal("50,000 pages ÷ 10,000 pages", "≤ 5.5×", shown, sr <= 5.5, true)
	} else {
		goal("50,000 pages ÷ 10,000 pages (run with -large)", "≤ 5.5×", "", false, false)
	}
	if sv := ten.Serve; sv != nil {
		d := median(sv.Body)
		goal("serve: body edit to served page", "≤ 100 ms", ms(d), d <= 100*time.Millisecond, true)
	} else {
		goal("serve: body edit to served page", "≤ 100 ms", "", false, false)
	}
	if f := ten.Search; f != nil {
		goal("search: first-query download", "≤ 150 kB", kb(f.FirstQuery), f.FirstQuery <= 150_000, true)
	} else {
		goal("search: first-query download", "≤ 150 kB", "", false, false)
	}
	p("\n")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// roundsLine reports the build ÷ floor ratio of each round at one size. The
// table's ratio is of the medians, which may come from different rounds;
// in a round the floor runs just before the build, so the two saw the
// same machine, which on a shared one can differ by a third from one
// minute to the next.
func roundsLine(pages int, rounds []float64) string {
	if len(rounds) == 0 {
		return ""
	}
	return fmt.Sprintf("- %s pages: build ÷ floor in each round (the floor runs just before the build): %s; median %.2f×.",
		thousands(pages), each(rounds), median(rounds))
}

// sameMinute is the figure for a goal that is a ratio of two timings: the
// median of the ratios of the rounds, where each round ran both in the same
// minute of the shared machine, with the ratio of the two medians beside it
// (taken minutes apart, it follows the noise); or that ratio alone, without
// rounds.
func sameMinute(rounds []float64, ofMedians float64) (float64, string) {
	if len(rounds) == 0 {
		return ofMedians, fmt.Sprintf("%.2f×", ofMedians)
	}
	m := median(rounds)
	return m, fmt.Sprintf("%.2f× (of the medians: %.2f×)", m, ofMedians)
}

// each lists ratios, one for each round.
func each(ratios []float64) string {
	s := make([]string, len(ratios))
	for i, r := range ratios {
		s[i] = fmt.Sprintf("%.2f", r)
	}
	return strings.Join(s, ", ")
}

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}

func hugoRatio(a time.Duration, h *summary) string {
	if h == nil {
		return "–"
	}
	return ratio(a, h.Wall)
}

func rate(pages int, d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return thousands(int(float64(pages) / d.Seconds()))
}

func ms(d time.Duration) string {
	if d < 10*time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return secs(d)
}

func mb(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB" }

func kb(n int64) string { return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + " kB" }

// thousands writes n with commas: 10,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
