package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/output"
)

// incremental are the figures of rebuilds with one build.Builder with
// Options.Incremental, in this process, into memory (as handboek serve builds).
type incremental struct {
	Full     time.Duration // the first, full build (parse everything)
	Same     time.Duration // median rebuild with nothing changed
	Edit     time.Duration // median rebuild after changing one page's body
	Parsed   int           // files parsed again by an edit rebuild (want 1)
	Rendered int           // files rendered again by an edit rebuild
	Layout   time.Duration // median rebuild after changing layouts/base.html
	Relaid   int           // files rendered again by a layout rebuild (want all)
	Runs     int
}

// measureIncremental builds the site once, then rebuilds it runs times with
// nothing changed, runs times after appending a paragraph to one page and
// runs times after editing the site's base layout. Every file it touches gets
// its bytes back afterwards.
func measureIncremental(site string, runs int) (*incremental, error) {
	pages, err := editablePages(site, runs)
	if err != nil {
		return nil, err
	}
	b := build.New(build.Options{Source: site, Incremental: true})
	once := func() (time.Duration, *build.Result, error) {
		start := time.Now()
		res := b.Build(output.NewMem())
		d := time.Since(start)
		if res.Problems.HasErrors(false) {
			return d, res, fmt.Errorf("build failed:\n%s", tail(res.Problems.Sorted().String(), 2000))
		}
		return d, res, nil
	}
	inc := &incremental{Runs: runs}
	if inc.Full, _, err = once(); err != nil {
		return nil, err
	}
	var same, edit []time.Duration
	for i := range runs {
		d, _, err := once()
		if err != nil {
			return nil, err
		}
		same = append(same, d)

		restore, err := appendParagraph(filepath.Join(site, pages[i]), fmt.Sprintf("bewerking%d", i))
		if err != nil {
			return nil, err
		}
		d, res, err := once()
		restore()
		if err != nil {
			return nil, err
		}
		edit = append(edit, d)
		inc.Parsed, inc.Rendered = res.Parsed, res.Rendered
	}
	editLayout, removeLayout, err := baseLayout(site)
	if err != nil {
		return nil, err
	}
	defer removeLayout()
	var layout []time.Duration
	for i := range runs {
		if err := editLayout(fmt.Sprintf("layoutbewerking%d", i)); err != nil {
			return nil, err
		}
		d, res, err := once()
		if err != nil {
			return nil, err
		}
		layout = append(layout, d)
		inc.Relaid = res.Rendered
	}
	inc.Same, inc.Edit, inc.Layout = median(same), median(edit), median(layout)
	return inc, nil
}

// editablePages returns n good practices spread over the site, as paths
// relative to the site folder.
func editablePages(site string, n int) ([]string, error) {
	var all []string
	err := filepath.WalkDir(filepath.Join(site, "content", "goede-praktijken"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" {
			rel, _ := filepath.Rel(site, p)
			all = append(all, rel)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for i := 0; i < len(all) && len(out) < n; i += max(1, len(all)/n) {
		if src, err := os.ReadFile(filepath.Join(site, all[i])); err == nil && !strings.Contains(string(src), "\ndraft: true\n") {
			out = append(out, all[i])
		}
	}
	if len(out) < n {
		return nil, fmt.Errorf("found %d of %d good practices to edit", len(out), n)
	}
	return out, nil
}

// appendParagraph adds a paragraph holding token to the Markdown file, the way
// an editor saves (write in place), and returns a function that puts the old
// bytes back.
func appendParagraph(file, token string) (restore func(), err error) {
	old, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	edited := append(append([]byte{}, old...), []byte("\nDeze alinea is toegevoegd: "+token+".\n")...)
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		return nil, err
	}
	return func() { os.WriteFile(file, old, 0o644) }, nil
}
