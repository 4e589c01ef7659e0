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
	"path/filepath"
	"runtime"
	"slices"
	"strings"
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
	"github.com/samenopleiden/handboek/internal/search"
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
	_ search.Writer = Writer(nil)
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
	// NoMinify writes files as rendered, for readable test goldens and debugging.
	NoMinify bool
	// Incremental keeps every output file in memory after a good build, so the
	// next Build renders only what can have changed (the dev server sets it).
	Incremental bool
	// Once says the Builder builds one time (handboek build and check): it
	// keeps no parse cache for a next build, frees the pages' search terms
	// as soon as the index is written, and loads the layouts while the
	// content is parsed.
	Once bool
	// Sized, if set, is called with the total size of the content files once
	// they are listed, before any is read (handboek build sizes its heap
	// budget by it).
	Sized func(contentBytes int64)
}

// Result is what a build produced.
type Result struct {
	Site     *site.Site // nil when loading or linking failed
	Problems diag.List  // every error and warning, unsorted
	Pages    int        // HTML pages rendered
	Files    int        // files written
	Parsed   int        // content files parsed in this build (not taken from the cache)
	Rendered int        // pages and lists rendered in this build (the others were reused)
	Search   search.Result
	// SearchPending says that the site in the writer is complete but its
	// search index is the previous build's: a quick build after body edits
	// leaves it for FinishSearch, so the edited pages can be served first.
	SearchPending bool
	// Changed lists the output files whose bytes differ from the previous
	// good build of this Builder (added, changed or removed), sorted; nil
	// after the first build.
	Changed  []string
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
	index *search.Index     // tokenises page text as it loads; keeps the terms of unchanged pages between builds
	last  *snapshot         // the last good build, with Options.Incremental
	files []content.File    // what the last walk found
	// bodies is the text of every page of the last load, tokenised for
	// search; the pages' Doc.Text is dropped once it is (see searchdocs.go).
	bodies map[*content.Page]*search.Body
}

// snapshot is what an incremental build compares with: the inputs that every
// page's output depends on, and every output file.
type snapshot struct {
	files      map[string][]byte    // output name -> minified bytes
	pages      map[string]pageState // content file -> its page's inputs
	lists      map[string]uint64    // "section <key>" or "term <url>" -> hash of its cards
	layouts    uint64               // hash of all layouts
	siteView   uint64               // hash of what every page shows (see siteHash)
	ownLayouts bool                 // the site folder has layouts/ of its own

	// For a quick build after body edits (see quick), which keeps the model:
	site         *site.Site
	loaded       []*content.Page // every loaded page, drafts included
	assetList    []string        // content assets
	linkProblems diag.List       // what linking found
	layoutSet    layoutSet
	names        map[string]string // static files' output names
	search       search.Result     // the index the files refer to
	searchStale  bool              // bodies changed since the index was written
}

// pageState is what a page's own files are made of.
type pageState struct {
	front   string    // its frontmatter as written
	source  uint64    // hash of its whole file
	view    uint64    // hash of what it shows of other pages (see pageHash)
	updated time.Time // its git date
}

type cached struct {
	size     int64     // the file's size and modification time when read:
	modTime  time.Time // the same two on the next walk mean it is unchanged,
	readAt   time.Time // if the file was already older than racyWindow then
	hash     uint64
	page     *content.Page
	body     *search.Body // the page's text, tokenised for search
	problems diag.List
}

// New returns a Builder for the site in opts.Source.
func New(opts Options) *Builder {
	b := &Builder{
		opts:  opts,
		fsys:  os.DirFS(opts.Source),
		md:    markdown.New(),
		min:   minifier(opts.NoMinify),
		seed:  maphash.MakeSeed(),
		cache: map[string]cached{},
		index: search.NewIndex(),
	}
	return b
}

// Build runs the whole pipeline and writes the site to w. It writes nothing
// if loading, linking or the layouts have errors; with render errors some
// files may have been written, so callers must not publish a failed build
// (output.Dir never swaps it in).
func (b *Builder) Build(w Writer) *Result { return b.Rebuild(w, nil) }

// Rebuild is Build for a caller that knows which files were edited since the last
// build (slash paths relative to the site folder, as the watcher reports
// them). When they are all content pages the last build knew, it looks at
// just those instead of walking the whole content/ folder; otherwise, or with
// changed nil, it is Build.
func (b *Builder) Rebuild(w Writer, edited []string) *Result {
	start := time.Now()
	res := &Result{}
	defer func() { res.Duration = time.Since(start) }()

	dates, layouts := b.startGitDates(), b.startLayouts()
	files, problems := b.walk(edited)
	res.Problems.Append(problems)
	if len(files) == 0 && problems.HasErrors(false) {
		return res // no content/ to read: what linking would add ("_index.md: missing") is noise
	}
	b.files = files
	if b.opts.Sized != nil {
		var size int64
		for _, f := range files {
			size += f.Size
		}
		b.opts.Sized(size)
	}
	pages, assets := b.load(files, res)
	if b.quick(w, res, pages, assets) {
		return res
	}
	updated, err := dates()
	if err != nil {
		res.Problems.Warnf(diag.Pos{File: "content"}, "no \"Laatst bijgewerkt op\" dates: %v", err)
	}
	lay := layouts()
	same := b.sameContent(res, pages, assets, lay)
	var s *site.Site
	var linkProblems diag.List
	if same != nil {
		s, linkProblems = same.site, same.linkProblems
	} else {
		s, linkProblems = site.Link(pages, assets, site.Options{BaseURL: b.opts.BaseURL, Drafts: b.opts.Drafts, Static: b.staticExists, Updated: updated})
	}
	res.Problems.Append(linkProblems)
	res.Problems.Append(lay.problems)
	if res.Problems.HasErrors(false) {
		return res
	}
	res.Site = s

	static, names := lay.static, lay.names
	if lay.staticErr != nil {
		res.Problems.Errorf(diag.Pos{File: "static"}, "%v", lay.staticErr)
		return res
	}
	out := newCollector(w, b.min, b.opts.Incremental)
	var index search.Result
	if same != nil && !same.searchStale {
		index = b.keepSearch(out, same, res)
	} else if index, err = b.search(out, s, res); err != nil {
		// The search index is written before the pages render, and a
		// one-off build frees its terms then: written beside the rendering,
		// the two together held 50-70 MB more at the build's peak, which
		// took it over 600 MB at 10,000 pages. The index takes about 0.3 s
		// of CPU there, much of it on one core, so this costs a tenth of a
		// second or two.
		return res
	}
	opts := render.Options{Markdown: b.md, Assets: assetURLs(s.BasePath, names), SearchIndex: s.BasePath + index.Manifest}
	set := b.layoutSet(lay)
	jobs := set.plan(s, opts)
	todo := jobs
	var next *snapshot
	if b.opts.Incremental {
		if same != nil {
			next = b.restyled(same, names)
		} else {
			next = b.snapshot(s, names)
		}
		todo = b.reuse(jobs, b.dirty(next), out)
	}
	res.Problems.Append(set.run(todo, out, s, opts))
	res.Problems.Append(b.copyFiles(out, static, s.Assets))
	res.Pages, res.Files, res.Rendered = len(jobs), out.count(), len(todo)
	if b.opts.Incremental && !res.Problems.HasErrors(false) {
		next.files = out.files
		next.site, next.loaded, next.assetList, next.linkProblems = s, pages, assets, linkProblems
		next.layoutSet, next.names, next.search = set, names, index
		res.Changed = changed(b.last, next)
		b.last = next
	}
	return res
}

// startGitDates starts reading the last commit date of each content file when
// Options.GitDates is set, and returns a func that waits for them. git runs
// while the content is walked and parsed: at the real handbook its two
// commands took a quarter of the build, one after the other. A git failure
// is a warning, not a failed build.
func (b *Builder) startGitDates() func() (map[string]time.Time, error) {
	if !b.opts.GitDates {
		return func() (map[string]time.Time, error) { return nil, nil }
	}
	type result struct {
		dates map[string]time.Time
		err   error
	}
	done := make(chan result, 1) // a build that stops early leaves it behind
	go func() {
		dates, err := gitdates.Load(context.Background(), b.opts.Source, "content")
		done <- result{dates, err}
	}()
	return func() (map[string]time.Time, error) {
		r := <-done
		return r.dates, r.err
	}
}

// prepared is what a build takes from layouts/ and static/.
type prepared struct {
	templates *render.Templates // the layouts as written
	problems  diag.List         // in the layouts
	minified  *render.Templates // see minifiedTemplates; nil if not used
	static    []output.Asset
	names     map[string]string // static file -> its name with a hash
	staticErr error
}

// startLayouts starts loading the layouts and static files, which do not
// depend on the content, and returns a func that waits for them. A one-off
// build loads them while the content is walked and parsed: at the real
// handbook, loading, minifying and checking the layouts was a fifth of the
// build. A rebuild in the dev server loads them when it needs them, as a
// quick one needs none.
func (b *Builder) startLayouts() func() *prepared {
	if !b.opts.Once {
		return b.loadLayouts
	}
	done := make(chan *prepared, 1) // a build that stops early leaves it behind
	go func() { done <- b.loadLayouts() }()
	return func() *prepared { return <-done }
}

func (b *Builder) loadLayouts() *prepared {
	p := &prepared{}
	p.templates, p.problems = render.LoadTemplates(b.layers(), template.FuncMap{})
	if !p.problems.HasErrors(false) {
		p.minified = b.minifiedTemplates()
	}
	p.static, p.names, p.staticErr = output.Static(b.layers(), b.min, junk.Is)
	return p
}

// layoutSet is what pages are rendered from: the minified layouts, with
// each page's body minified on its own (output.Minifier.Body), when they
// loaded (see minifiedTemplates); else the layouts as written, with the
// collector minifying every page as a whole. Minifying whole pages minified
// the same layout markup on every page, two thirds of the minifier's work.
// Every kind of build renders the same way, so the dev server shows the
// bytes that handboek build publishes.
type layoutSet struct {
	plain, small *render.Templates
	minifyBody   func([]byte) ([]byte, error)
}

func (b *Builder) layoutSet(lay *prepared) layoutSet {
	if lay.minified == nil {
		return layoutSet{plain: lay.templates}
	}
	return layoutSet{plain: lay.templates, small: lay.minified, minifyBody: b.min.Body}
}

// plan plans every file of the site.
func (l layoutSet) plan(s *site.Site, opts render.Options) []render.Job {
	if l.small == nil {
		return render.Plan(s, l.plain, opts)
	}
	opts.MinifyBody = l.minifyBody
	return render.Plan(s, l.small, opts)
}

// run renders todo, jobs of plan, into out. Positions in minified layouts
// mean nothing to an editor: when rendering from them fails, the same files
// are rendered again from the layouts as written for the report (the build
// has failed, so its output is not used).
func (l layoutSet) run(todo []render.Job, out *collector, s *site.Site, opts render.Options) diag.List {
	if l.small == nil {
		return render.Run(todo, out)
	}
	problems := render.Run(todo, out.minifiedHTML())
	if !problems.HasErrors(false) {
		return problems
	}
	again := make(map[string]bool, len(todo))
	for _, j := range todo {
		again[j.Out] = true
	}
	plain := slices.DeleteFunc(render.Plan(s, l.plain, opts), func(j render.Job) bool { return !again[j.Out] })
	return render.Run(plain, out)
}

// search writes the search index and reports its warnings, or its error.
// One-off builds free the index's terms once it is written.
func (b *Builder) search(out *collector, s *site.Site, res *Result) (search.Result, error) {
	index, err := b.writeSearch(out.unminified(), b.SearchDocs(s))
	if err != nil {
		res.Problems.Errorf(diag.Pos{File: "content"}, "search index: %v", err)
		return index, err
	}
	if b.opts.Once {
		b.index, b.bodies = search.NewIndex(), nil // free the terms for rendering
	}
	reportSearch(res, index)
	return index, nil
}

// reportSearch puts the search index and its warnings in the result.
func reportSearch(res *Result, index search.Result) {
	res.Search = index
	for _, warning := range index.Warnings {
		res.Problems.Warnf(diag.Pos{File: "content"}, "%s", warning)
	}
}

// writeSearch writes the search index, reusing the terms of unchanged pages
// in incremental builds.
func (b *Builder) writeSearch(w search.Writer, docs []search.Doc) (search.Result, error) {
	return b.index.Write(w, docs, search.Options{})
}

func minifier(off bool) *output.Minifier {
	if off {
		return nil // Minify on a nil Minifier returns data as it is
	}
	return output.NewMinifier()
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
func (b *Builder) load(files []content.File, res *Result) (pages []*content.Page, assets []string) {
	var mdFiles []content.File
	for _, f := range files {
		if f.Page {
			mdFiles = append(mdFiles, f)
		} else {
			assets = append(assets, f.Path)
		}
	}
	results := make([]cached, len(mdFiles))
	parsed := make([]bool, len(mdFiles))
	b.index.Reserve(textSize(mdFiles))
	source := openSource(b.opts.Source, b.fsys)
	defer source.close()
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], parsed[i] = b.parse(mdFiles[i], source)
			}
		}()
	}
	for i := range mdFiles {
		next <- i
	}
	close(next)
	wg.Wait()

	seen := make(map[string]bool, len(mdFiles))
	pages = make([]*content.Page, 0, len(mdFiles))
	b.bodies = make(map[*content.Page]*search.Body, len(mdFiles))
	for i, f := range mdFiles {
		seen[f.Path] = true
		if !b.opts.Once {
			b.cache[f.Path] = results[i]
		}
		if parsed[i] {
			res.Parsed++
		}
		res.Problems.Append(results[i].problems)
		if results[i].page != nil {
			pages = append(pages, results[i].page)
			if results[i].body != nil {
				b.bodies[results[i].page] = results[i].body
			}
		}
	}
	for f := range b.cache {
		if !seen[f] {
			delete(b.cache, f) // deleted or renamed since the last build
		}
	}
	return pages, assets
}

// walk lists the files under content/, walking the folder unless changed
// names only known pages that are still regular files: then it updates their
// size and time in the last walk's list.
func (b *Builder) walk(changed []string) ([]content.File, diag.List) {
	if len(changed) == 0 || b.files == nil || b.last == nil {
		return content.Walk(b.fsys)
	}
	index := make(map[string]int, len(changed))
	for _, name := range changed {
		if _, known := b.cache[name]; !known || !strings.HasSuffix(name, ".md") {
			return content.Walk(b.fsys)
		}
		index[name] = -1
	}
	files := slices.Clone(b.files)
	for i, f := range files {
		if _, ok := index[f.Path]; ok {
			index[f.Path] = i
		}
	}
	for name, i := range index {
		info, err := os.Lstat(filepath.Join(b.opts.Source, filepath.FromSlash(name))) // a page turned symlink must be reported
		if i < 0 || err != nil || !info.Mode().IsRegular() {
			return content.Walk(b.fsys)
		}
		files[i].Size, files[i].ModTime = info.Size(), info.ModTime()
	}
	return files, nil
}

// racyWindow is how much older than the moment it was read a file must be
// for its size and modification time to prove it unchanged later. A file
// saved twice within the clock's granularity (a second or two on some network
// and Windows file systems) could keep both; as in git's "racy clean" rule,
// such a file is read again.
const racyWindow = 2 * time.Second

// parse returns the page for f, from the cache when its bytes are unchanged.
// It only reads b.cache; load writes it.
func (b *Builder) parse(f content.File, source *sourceFiles) (cached, bool) {
	if l := content.CheckSize(f.Path, f.Size, b.opts.MaxFileSize); l != nil {
		return cached{problems: l}, true // too big to read at all
	}
	c, ok := b.cache[f.Path]
	if ok && c.size == f.Size && c.modTime.Equal(f.ModTime) && c.modTime.Before(c.readAt.Add(-racyWindow)) {
		return c, false // unchanged, not even read
	}
	readAt := time.Now()
	buf := sources.Get().(*[]byte)
	src, err := source.readFile(f.Path, f.Size, *buf)
	recycle := true
	defer func() {
		if recycle {
			if src != nil {
				*buf = src
			}
			sources.Put(buf)
		}
	}()
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: f.Path}, "cannot read: %v", err)
		return cached{problems: l}, true
	}
	var h uint64 // for the next build's cache, which a one-off build has none of
	if !b.opts.Once {
		h = maphash.Bytes(b.seed, src)
	}
	if ok && c.hash == h {
		c.size, c.modTime, c.readAt = f.Size, f.ModTime, readAt
		return c, false
	}
	p, problems := content.Parse(b.md, f.Path, src, content.Options{MaxFileSize: b.opts.MaxFileSize})
	// Without a page the parse may have overrun its deadline and still be
	// reading src; the buffer is left to the collector then.
	recycle = p != nil
	return cached{size: f.Size, modTime: f.ModTime, readAt: readAt, hash: h, page: p, body: b.searchBody(p), problems: problems}, true
}

// sources recycles the buffers that content files are read into: a parsed
// page keeps nothing of its source (TestPageKeepsNothingOfItsSource), and at
// 10,000 pages the buffers were 77 MB of the build's 1.1 GB of garbage.
var sources = sync.Pool{New: func() any { return new([]byte) }}

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
