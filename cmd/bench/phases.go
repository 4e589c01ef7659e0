package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"time"

	handboek "github.com/samenopleiden/handboek"
	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/junk"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/render"
	"github.com/samenopleiden/handboek/internal/search"
	"github.com/samenopleiden/handboek/internal/site"
)

// runPhases is `bench phases -source DIR`: the build's stages one by one, in
// this process, each the fastest of several runs (the least disturbed by a
// busy machine), to see where the time goes and to compare one change before
// and after. The stages are those of build.Builder.Build, called through the
// packages' own APIs; the site must use the default layouts.
func runPhases(args []string) error {
	fl := flag.NewFlagSet("bench phases", flag.ContinueOnError)
	source := fl.String("source", ".", "site `folder` holding content/")
	runs := fl.Int("runs", 3, "runs; each stage reports its fastest")
	if err := fl.Parse(args); err != nil {
		return err
	}
	fsys := os.DirFS(*source)
	md := markdown.New()
	min := output.NewMinifier()
	best := map[string]time.Duration{}
	var order []string
	lap := func(name string, start time.Time) {
		d := time.Since(start)
		if old, ok := best[name]; !ok || d < old {
			if !ok {
				order = append(order, name)
			}
			best[name] = d
		}
	}
	var heap uint64
	var pages int
	for range *runs {
		start := time.Now()
		files, problems := content.Walk(fsys)
		if problems.HasErrors(false) {
			return fmt.Errorf("%s", problems.Sorted().String())
		}
		lap("walk content/", start)

		start = time.Now()
		index := search.NewIndex()
		loaded, assets, bodies, err := parseAll(fsys, md, files, index)
		if err != nil {
			return err
		}
		lap("read + parse + tokenise for search", start)

		start = time.Now()
		s, problems := site.Link(loaded, assets, site.Options{Static: func(string) bool { return false }})
		if problems.HasErrors(false) {
			return fmt.Errorf("%s", problems.Sorted().String())
		}
		lap("link the site model", start)
		pages = len(s.Pages)

		start = time.Now()
		docs := build.SearchDocs(s, func(p *content.Page) *search.Body { return bodies[p] })
		if _, err := index.Write(output.Discard{}, docs, search.Options{}); err != nil {
			return err
		}
		lap("search index (from the tokenised text)", start)
		index, bodies, docs = nil, nil, nil // as the build, which frees them before rendering

		start = time.Now()
		templates, problems := render.LoadTemplates(handboek.Defaults, nil)
		if problems.HasErrors(false) {
			return fmt.Errorf("%s", problems.Sorted().String())
		}
		_, names, err := output.Static(handboek.Defaults, min, junk.Is)
		if err != nil {
			return err
		}
		urls := map[string]string{}
		for k, v := range names {
			urls[k] = "/" + v
		}
		// As handboek build: each body minified on its own (its layouts are
		// minified once too, which this leaves out).
		jobs := render.Plan(s, templates, render.Options{Markdown: md, Assets: urls, SearchIndex: "/zoeken/index/x/manifest.json", MinifyBody: min.Body})
		lap("templates, static files, plan", start)

		start = time.Now()
		if l := render.Run(jobs, output.Discard{}); l.HasErrors(false) {
			return fmt.Errorf("%s", l.Sorted().String())
		}
		lap(fmt.Sprintf("render %d files (Markdown + templates)", len(jobs)), start)

		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = ms.HeapAlloc
		runtime.KeepAlive(s)
	}
	fmt.Printf("%d pages, fastest of %d runs:\n", pages, *runs)
	for _, name := range order {
		fmt.Printf("  %-45s %8.0f ms\n", name, float64(best[name].Microseconds())/1000)
	}
	fmt.Printf("  %-45s %8.0f MB\n", "live heap with the site model", float64(heap)/1e6)
	return nil
}

// parseAll reads and parses the Markdown files on all cores, like the build,
// and like it tokenises the text of every page for search with index and
// drops it from the page.
func parseAll(fsys fs.FS, md *markdown.Markdown, files []content.File, index *search.Index) ([]*content.Page, []string, map[*content.Page]*search.Body, error) {
	var mdFiles []content.File
	var assets []string
	for _, f := range files {
		if f.Page {
			mdFiles = append(mdFiles, f)
		} else {
			assets = append(assets, f.Path)
		}
	}
	pages := make([]*content.Page, len(mdFiles))
	bodies := make([]*search.Body, len(mdFiles))
	errs := make([]error, len(mdFiles))
	size := int64(0)
	for _, f := range mdFiles {
		size += f.Size
	}
	index.Reserve(int(size))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				src, err := fs.ReadFile(fsys, mdFiles[i].Path)
				if err != nil {
					errs[i] = err
					continue
				}
				p, problems := content.Parse(md, mdFiles[i].Path, src, content.Options{})
				if problems.HasErrors(false) {
					errs[i] = fmt.Errorf("%s", problems.Sorted().String())
				}
				pages[i] = p
				if p != nil && p.Kind == content.Regular && !p.Meta.Draft {
					bodies[i] = index.Body(p.Doc.Text)
					p.Doc.Text = ""
				}
			}
		}()
	}
	for i := range mdFiles {
		next <- i
	}
	close(next)
	wg.Wait()
	byPage := make(map[*content.Page]*search.Body, len(pages))
	for i, err := range errs {
		if err != nil {
			return nil, nil, nil, err
		}
		if bodies[i] != nil {
			byPage[pages[i]] = bodies[i]
		}
	}
	return pages, assets, byPage, nil
}
