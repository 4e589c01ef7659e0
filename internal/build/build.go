// Package build is the orchestrator: it runs the pipeline
//
//	content (load) -> site (link) -> render + search -> output
//
// for one site folder, one step a line, and returns every problem found. A
// Builder keeps parsed pages between builds (keyed by file and content hash)
// so that a rebuild in watch mode re-reads and re-parses only changed files.
//
// It does not decide where output goes: the caller passes a Writer (a folder
// written atomically, memory, or nothing for `check`).
package build

import (
	"context"
	"hash/maphash"
	"html/template"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"time"

	handboek "github.com/samenopleiden/handboek"
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/gitdates"
	"github.com/samenopleiden/handboek/internal/junk"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/render"
	"github.com/samenopleiden/handboek/internal/site"
)

// Writer receives every output file; output.Dir, output.Mem and
// output.Discard implement it.
type Writer interface {
	WriteFile(name string, data []byte) error
}

var (
	_ Writer        = (*output.Dir)(nil)
	_ Writer        = (*output.Mem)(nil)
	_ Writer        = output.Discard{}
	_ render.Writer = Writer(nil)
)

// Options configure a build.
type Options struct {
	Source      string // site folder holding content/ (and optionally layouts/, static/)
	BaseURL     string // "https://example.org/handboek/"; "" for "/"
	Drafts      bool   // include draft pages
	MaxFileSize int64  // per content file; 0 for content.DefaultMaxFileSize
	// GitDates reads each page's last-change date from git history (package
	// gitdates) for "Laatst bijgewerkt op" and the sitemap. Off, pages have none.
	GitDates bool
}

// Result is what a build produced.
type Result struct {
	Site     *site.Site // nil when loading or linking failed
	Problems diag.List  // every error and warning, unsorted
	Pages    int        // HTML pages rendered
	Files    int        // files written
	Parsed   int        // content files parsed in this build (not taken from the cache)
	Duration time.Duration
}

// Builder builds one site, again and again. Not safe for concurrent use.
type Builder struct {
	opts  Options
	fsys  fs.FS // the site folder
	md    *markdown.Markdown
	min   *output.Minifier
	seed  maphash.Seed
	cache map[string]cached // content file -> its last parse
}

type cached struct {
	hash     uint64
	page     *content.Page
	problems diag.List
}

// New returns a Builder for the site in opts.Source.
func New(opts Options) *Builder {
	return &Builder{
		opts:  opts,
		fsys:  os.DirFS(opts.Source),
		md:    markdown.New(),
		min:   output.NewMinifier(),
		seed:  maphash.MakeSeed(),
		cache: map[string]cached{},
	}
}

// Minifier returns the minifier, for writers that need one.
func (b *Builder) Minifier() *output.Minifier { return b.min }

// Build runs the whole pipeline and writes the site to w. It writes nothing
// if loading, linking or the layouts have errors; with render errors some
// files may have been written, so callers must not publish a failed build
// (output.Dir never swaps it in).
func (b *Builder) Build(w Writer) *Result {
	start := time.Now()
	res := &Result{}
	defer func() { res.Duration = time.Since(start) }()

	files, problems := content.Walk(b.fsys)
	res.Problems.Append(problems)
	pages, assets := b.load(files, res)
	updated := b.gitDates(res)
	s, problems := site.Link(pages, assets, site.Options{BaseURL: b.opts.BaseURL, Drafts: b.opts.Drafts, Static: b.staticExists, Updated: updated})
	res.Problems.Append(problems)
	templates, problems := render.LoadTemplates(b.layers(), template.FuncMap{})
	res.Problems.Append(problems)
	if res.Problems.HasErrors(false) {
		return res
	}
	res.Site = s

	static, names, err := output.Static(b.layers(), b.min, junk.Is)
	if err != nil {
		res.Problems.Errorf(diag.Pos{File: "static"}, "%v", err)
		return res
	}
	jobs := render.Plan(s, templates, render.Options{Markdown: b.md, Assets: assetURLs(s.BasePath, names)})
	res.Problems.Append(render.Run(jobs, w))
	res.Problems.Append(b.copyFiles(w, static, s.Assets))
	res.Pages, res.Files = len(jobs), len(jobs)+len(static)+len(s.Assets)
	return res
}

// gitDates returns the last commit date of each content file when
// Options.GitDates is set; a git failure is a warning, not a failed build.
func (b *Builder) gitDates(res *Result) map[string]time.Time {
	if !b.opts.GitDates {
		return nil
	}
	dates, err := gitdates.Load(context.Background(), b.opts.Source, "content")
	if err != nil {
		res.Problems.Warnf(diag.Pos{File: "content"}, "no \"Laatst bijgewerkt op\" dates: %v", err)
	}
	return dates
}

// layers is the site folder over the embedded defaults.
func (b *Builder) layers() fs.FS { return overlay{top: b.fsys, bottom: handboek.Defaults} }

func (b *Builder) staticExists(name string) bool {
	info, err := fs.Stat(b.layers(), "static/"+name)
	return err == nil && !info.IsDir()
}

func assetURLs(base string, names map[string]string) map[string]string {
	urls := make(map[string]string, len(names))
	for name, out := range names {
		urls[name] = base + out
	}
	return urls
}

// load reads and parses the content files on all cores, reusing the parse of
// every file whose bytes did not change since the last build.
func (b *Builder) load(files []content.File, res *Result) ([]*content.Page, []string) {
	var mdFiles []content.File
	var assets []string
	for _, f := range files {
		if f.Page {
			mdFiles = append(mdFiles, f)
		} else {
			assets = append(assets, f.Path)
		}
	}
	results := make([]cached, len(mdFiles))
	fresh := make([]bool, len(mdFiles))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], fresh[i] = b.parse(mdFiles[i])
			}
		}()
	}
	for i := range mdFiles {
		next <- i
	}
	close(next)
	wg.Wait()

	seen := make(map[string]bool, len(mdFiles))
	pages := make([]*content.Page, 0, len(mdFiles))
	for i, f := range mdFiles {
		seen[f.Path] = true
		b.cache[f.Path] = results[i]
		if fresh[i] {
			res.Parsed++
		}
		res.Problems.Append(results[i].problems)
		if results[i].page != nil {
			pages = append(pages, results[i].page)
		}
	}
	for f := range b.cache {
		if !seen[f] {
			delete(b.cache, f) // deleted or renamed since the last build
		}
	}
	return pages, assets
}

// parse returns the page for f, from the cache when its bytes are unchanged.
// It only reads b.cache; load writes it.
func (b *Builder) parse(f content.File) (cached, bool) {
	if l := content.CheckSize(f.Path, f.Size, b.opts.MaxFileSize); l != nil {
		return cached{problems: l}, true // too big to read at all
	}
	src, err := fs.ReadFile(b.fsys, f.Path)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: f.Path}, "cannot read: %v", err)
		return cached{problems: l}, true
	}
	h := maphash.Bytes(b.seed, src)
	if c, ok := b.cache[f.Path]; ok && c.hash == h {
		return c, false
	}
	p, problems := content.Parse(b.md, f.Path, src, content.Options{MaxFileSize: b.opts.MaxFileSize})
	return cached{hash: h, page: p, problems: problems}, true
}

// copyFiles writes the static files and the assets under content/.
func (b *Builder) copyFiles(w Writer, static []output.Asset, assets []site.Asset) diag.List {
	var problems diag.List
	for _, a := range static {
		if err := w.WriteFile(a.Name, a.Data); err != nil {
			problems.Errorf(diag.Pos{File: "static/" + a.Name}, "cannot write: %v", err)
		}
	}
	for _, a := range assets {
		data, err := fs.ReadFile(b.fsys, a.Src)
		if err == nil {
			err = w.WriteFile(a.Out, data)
		}
		if err != nil {
			problems.Errorf(diag.Pos{File: a.Src}, "cannot copy: %v", err)
		}
	}
	return problems
}
