package render

import (
	"bytes"
	"html/template"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/site"
)

// Writer receives rendered files. name is a slash path relative to the output
// root. It must be safe for concurrent use. It may keep data, unless it says
// otherwise (see Keeps).
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Keeps reports whether w may keep the data it is given after WriteFile
// returns: true unless w has a method KeepsData that says false. Run renders
// every file for such a Writer into the same buffer instead of a copy of its
// own (at 10,000 pages, 140 MB less to allocate and collect).
func Keeps(w Writer) bool {
	k, ok := w.(interface{ KeepsData() bool })
	return !ok || k.KeepsData()
}

// Options configure rendering.
type Options struct {
	Markdown *markdown.Markdown
	// Assets maps static file names ("css/site.css") to their URLs with the
	// content hash ("/handboek/css/site.3f2a1b9c.css").
	Assets map[string]string
	// SearchIndex is the URL the search page loads first; "" when there is no index.
	SearchIndex string
	// MinifyBody, when set, minifies each page's rendered Markdown: the
	// build sets it when the layouts are minified already, so that pages
	// need no minifying as a whole.
	MinifyBody func([]byte) ([]byte, error)
}

// View is what a layout gets.
type View struct {
	Site    *site.Site
	Kind    string     // "home", "page", "list", "terms", "term", "search", "404"
	Page    *site.Page // the page itself (home, page, a section's index); nil for generated lists
	Title   string
	Summary string // for the meta description
	Content template.HTML
	TOC     []markdown.Heading
	Section *site.Section // the page's or list's section
	Pager   *site.Pager   // for lists
	Terms   *site.TermList
	Term    *site.Term
	URL     string // this file's URL

	SearchIndex string
	opts        *Options
	cache       *cache // shared by every view of one Plan
	menu        string // menuKey's key, once it is asked for
}

// cache holds what many views of one build compute alike.
type cache struct {
	facets sync.Map // *site.Section -> Facets

	shared lockedMap[sharedKey, template.HTML] // see shared.go; its keys hold no interface
}

// Job is one output file to render.
type Job struct {
	Out     string         // output path
	Page    *site.Page     // the source page, if any
	Section *site.Section  // for a section's list pagers
	Terms   *site.TermList // for a term list, and the pagers of its terms
	Term    *site.Term     // for the pagers of one werkvorm or doelgroep
	run     func(into *bytes.Buffer) diag.List
}

// Render renders the job into bytes of its own.
func (j Job) Render() ([]byte, diag.List) {
	b := getBuffer()
	defer putBuffer(b)
	l := j.run(b)
	return bytes.Clone(b.Bytes()), l
}

// Plan lists every file of the site: pages, lists and pagers, the search page,
// 404, sitemap, feed, robots.txt and .nojekyll. Rendering the jobs in any order
// gives the same files.
func Plan(s *site.Site, t *Templates, opts Options) []Job {
	r := &renderer{site: s, t: t, opts: &opts, cache: &cache{}}
	var jobs []Job
	add := func(out string, p *site.Page, run func(*bytes.Buffer) diag.List) {
		jobs = append(jobs, Job{Out: out, Page: p, run: run})
	}
	add("index.html", s.Home, func(b *bytes.Buffer) diag.List { return r.page(b, s.Home, "home") })
	for _, sec := range s.Sections {
		for _, pg := range sec.Listing.Pagers {
			add(pg.Out, sec.Index, func(b *bytes.Buffer) diag.List { return r.list(b, sec, pg) })
			jobs[len(jobs)-1].Section = sec
		}
	}
	for _, p := range s.Pages {
		add(p.Out, p, func(b *bytes.Buffer) diag.List { return r.page(b, p, "page") })
		for _, pg := range p.Listing.Pagers[1:] {
			add(pg.Out, p, func(b *bytes.Buffer) diag.List { return r.pager(b, p, pg) })
		}
	}
	for _, tl := range s.Terms {
		add(tl.Out, nil, func(b *bytes.Buffer) diag.List { return r.terms(b, tl) })
		jobs[len(jobs)-1].Terms = tl
		for _, term := range tl.Terms {
			for _, pg := range term.Listing.Pagers {
				add(pg.Out, nil, func(b *bytes.Buffer) diag.List { return r.term(b, term, pg) })
				jobs[len(jobs)-1].Term = term
			}
		}
	}
	if t.Has("zoeken.html") {
		add("zoeken/index.html", nil, func(b *bytes.Buffer) diag.List { return r.search(b) })
	}
	add("404.html", nil, func(b *bytes.Buffer) diag.List { return r.notFound(b) })
	add("sitemap.xml", nil, func(b *bytes.Buffer) diag.List { b.Write(sitemap(s)); return nil })
	add("feed.xml", nil, func(b *bytes.Buffer) diag.List { b.Write(feed(s)); return nil })
	add("robots.txt", nil, func(b *bytes.Buffer) diag.List { b.Write(robots(s)); return nil })
	add(".nojekyll", nil, func(*bytes.Buffer) diag.List { return nil })
	return jobs
}

// Run renders jobs on all cores and writes each file. It returns every
// problem; files of jobs that failed are not written.
//
// Each worker starts on a stretch of jobs of its own and then helps with the
// others' (see stretches): jobs next to each other write into the same
// folders, and two workers making folders in one parent folder at the same
// time take turns in the kernel, one spinning or asleep while the other works.
func Run(jobs []Job, w Writer) diag.List {
	var (
		mu       sync.Mutex
		problems diag.List
		wg       sync.WaitGroup
		keeps    = Keeps(w)
		workers  = runtime.GOMAXPROCS(0)
		parts    = stretches(len(jobs), workers)
	)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := getBuffer()
			defer putBuffer(b)
			for k := range len(parts) {
				part := &parts[(i+k)%len(parts)] // its own first, then the next
				for n := part.take(); n >= 0; n = part.take() {
					j := jobs[n]
					b.Reset()
					l := j.run(b)
					data := b.Bytes()
					if keeps {
						data = bytes.Clone(data)
					}
					if !l.HasErrors(false) {
						if err := w.WriteFile(j.Out, data); err != nil {
							l.Errorf(diag.Pos{File: j.Out}, "cannot write: %v", err)
						}
					}
					if len(l) > 0 {
						mu.Lock()
						problems.Append(l)
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	return problems
}

// stretch is a run of job numbers that workers take one at a time.
type stretch struct {
	next atomic.Int64
	end  int64
}

// take returns the next job number of the stretch, or -1 when none is left.
func (s *stretch) take() int {
	if n := s.next.Add(1) - 1; n < s.end {
		return int(n)
	}
	return -1
}

// stretches cuts n jobs into k stretches of about the same length.
func stretches(n, k int) []stretch {
	parts := make([]stretch, k)
	for i := range parts {
		parts[i].next.Store(int64(i * n / k))
		parts[i].end = int64((i + 1) * n / k)
	}
	return parts
}

type renderer struct {
	site  *site.Site
	t     *Templates
	opts  *Options
	cache *cache
}

func (r *renderer) view(kind, title, url string) *View {
	return &View{Site: r.site, Kind: kind, Title: title, URL: url, SearchIndex: r.opts.SearchIndex, opts: r.opts, cache: r.cache}
}

// body renders the Markdown of p into buf, which it keeps grown, and
// returns it as a string without a copy: goldmark's output, raw HTML
// already removed.
//
// The caller renders the page and only then gives buf to another page
// (bodies), so the string must not outlive the page's rendering: at
// 10,000 pages, 90 MB less to allocate than a slice for each. Nothing
// keeps it: every output is a copy, memoized partials are not keyed by a
// template.HTML (argKey), shared ones by their view's menu and section.
func (r *renderer) body(p *site.Page, buf *[]byte) (template.HTML, diag.List) {
	if p == nil || p.Doc == nil {
		return "", nil
	}
	html, err := r.opts.Markdown.AppendRender((*buf)[:0], p.Doc, p.Links)
	if err == nil && r.opts.MinifyBody != nil {
		html, err = r.opts.MinifyBody(html)
	}
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: p.File}, "cannot render Markdown: %v", err)
		return "", l
	}
	*buf = html[:0]
	return template.HTML(unsafe.String(unsafe.SliceData(html), len(html))), nil
}

// bodies holds the buffers of body for reuse.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// putBody returns buf to bodies, once the page whose body it holds is
// rendered, unless it grew very large.
func putBody(buf *[]byte) {
	if cap(*buf) <= 4<<20 {
		bodies.Put(buf)
	}
}

func (r *renderer) page(b *bytes.Buffer, p *site.Page, kind string) diag.List {
	v := r.view(kind, p.Meta.Title, p.URL)
	v.Page, v.Section, v.Summary = p, p.Section, p.Meta.Summary
	if p.Listing != nil && len(p.Listing.Pagers) > 0 {
		v.Pager = p.Listing.Pagers[0]
	}
	buf := bodies.Get().(*[]byte)
	defer putBody(buf)
	var problems diag.List
	v.Content, problems = r.body(p, buf)
	v.TOC = toc(p.Doc)
	names := []string{"page.html"}
	if kind == "home" {
		names = []string{"home.html"}
	} else if p.Section != nil {
		names = []string{p.Section.Key + ".html", "page.html"}
	}
	tpl, name := r.t.lookup(names...)
	problems.Append(r.t.execute(b, tpl, name, v))
	return problems
}

func (r *renderer) list(b *bytes.Buffer, sec *site.Section, pg *site.Pager) diag.List {
	v := r.view("list", sec.Title, pg.URL)
	v.Section, v.Pager, v.Page = sec, pg, sec.Index
	var problems diag.List
	if sec.Index != nil {
		v.Summary = sec.Index.Meta.Summary
		if pg.Number == 1 {
			buf := bodies.Get().(*[]byte)
			defer putBody(buf)
			v.Content, problems = r.body(sec.Index, buf)
		}
	}
	tpl, name := r.t.lookup(sec.Key+"-list.html", "list.html")
	problems.Append(r.t.execute(b, tpl, name, v))
	return problems
}

// pager renders page 2 and later of a page's list of referrers.
func (r *renderer) pager(b *bytes.Buffer, p *site.Page, pg *site.Pager) diag.List {
	v := r.view("list", p.Meta.Title, pg.URL)
	v.Section, v.Pager, v.Page = p.Section, pg, p
	tpl, name := r.t.lookup("list.html")
	return r.t.execute(b, tpl, name, v)
}

func (r *renderer) terms(b *bytes.Buffer, tl *site.TermList) diag.List {
	v := r.view("terms", tl.Title, tl.URL)
	v.Terms = tl
	tpl, name := r.t.lookup("terms.html", "list.html")
	return r.t.execute(b, tpl, name, v)
}

func (r *renderer) term(b *bytes.Buffer, term *site.Term, pg *site.Pager) diag.List {
	v := r.view("term", Label(term.Value), pg.URL)
	v.Terms, v.Term, v.Pager = term.List, term, pg
	tpl, name := r.t.lookup("term.html", "list.html")
	return r.t.execute(b, tpl, name, v)
}

func (r *renderer) search(b *bytes.Buffer) diag.List {
	v := r.view("search", "Zoeken", r.site.BasePath+"zoeken/")
	tpl, name := r.t.lookup("zoeken.html")
	return r.t.execute(b, tpl, name, v)
}

func (r *renderer) notFound(b *bytes.Buffer) diag.List {
	v := r.view("404", "Pagina niet gevonden", r.site.BasePath+"404.html")
	tpl, name := r.t.lookup("404.html")
	return r.t.execute(b, tpl, name, v)
}

// toc returns the headings worth a table of contents: levels 2 and 3, when
// there are at least two.
func toc(d *markdown.Doc) []markdown.Heading {
	if d == nil {
		return nil
	}
	n := 0
	for _, h := range d.Headings {
		if h.Level == 2 || h.Level == 3 {
			n++
		}
	}
	switch {
	case n < 2:
		return nil
	case n == len(d.Headings):
		return d.Headings[:n:n] // all of them, as most pages have: no copy
	}
	out := make([]markdown.Heading, 0, n)
	for _, h := range d.Headings {
		if h.Level == 2 || h.Level == 3 {
			out = append(out, h)
		}
	}
	return out
}

// Asset returns the URL of a static file; templates call it as {{asset "css/site.css"}}.
func (v *View) Asset(name string) (string, error) {
	if u, ok := v.opts.Assets[name]; ok {
		return u, nil
	}
	return "", errorf("no static file %q (looked in static/)", name)
}

// Abs returns an absolute URL where the base URL has a host.
func (v *View) Abs(u string) string { return v.Site.AbsURL(u) }

// IsCurrent reports whether url is this view's section or page, for aria-current.
func (v *View) IsCurrent(url string) bool {
	return v.URL == url || (url != v.Site.BasePath && strings.HasPrefix(v.URL, url))
}

// EditURL is the "edit this page" link, or "".
func (v *View) EditURL() string { return v.Site.EditURL(v.Page) }

// TermOf returns the term of a werkvorm or doelgroep value in the term list key
// ("werkvormen", "doelgroepen").
func (v *View) TermOf(key, value string) (*site.Term, error) {
	for _, tl := range v.Site.Terms {
		if tl.Key != key {
			continue
		}
		for _, t := range tl.Terms {
			if t.Value == value {
				return t, nil
			}
		}
	}
	return nil, errorf("no %s %q", key, value)
}

// Description is the meta description.
func (v *View) Description() string {
	if v.Summary != "" {
		return v.Summary
	}
	return v.Site.Description
}
