package site

import (
	"bytes"
	"fmt"
	"iter"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/textnorm"
)

// Link builds the site model from the loaded pages and the paths of the other
// files under content/ (assets). It reports every problem it finds; the
// returned Site is usable for rendering only when there are no errors.
func Link(pages []*content.Page, assets []string, opts Options) (*Site, diag.List) {
	var problems diag.List
	s := &Site{byFile: map[string]*Page{}, Language: "nl"}
	s.Base, s.BasePath = parseBase(opts.BaseURL)
	if opts.Static == nil {
		opts.Static = func(string) bool { return false }
	}

	drafts := map[string]*content.Page{} // left out of this build, by file
	sections := map[string]*Section{}
	byURL := map[string]*Page{}
	for _, cp := range pages {
		if cp.Meta.Draft && !opts.Drafts {
			drafts[cp.File] = cp
			continue
		}
		p := &Page{Page: cp, Schema: content.SchemaFor(cp.Section), Updated: opts.Updated[cp.File]}
		rel := cp.Path()
		p.URL = s.BasePath + rel
		p.Out = outFile(rel)
		s.byFile[cp.File] = p
		if prev, dup := byURL[p.URL]; dup {
			alike := ""
			if cp.File != prev.File && textnorm.Fold(cp.File) == textnorm.Fold(prev.File) && strings.ToLower(cp.File) != strings.ToLower(prev.File) {
				alike = " (the two names look the same but are written with different Unicode characters)"
			}
			problems.Errorf(diag.Pos{File: cp.File}, "has the same address %s as %s%s; rename one of the two files, or give one of them its own address with a line like: slug: ...", p.URL, prev.File, alike)
			continue
		}
		byURL[p.URL] = p
		var sec *Section
		if cp.Section != "" {
			sec = sections[cp.Section]
			if sec == nil {
				schema := content.SchemaFor(cp.Section)
				sec = &Section{Key: cp.Section, Schema: schema, Title: schema.Plural, URL: s.BasePath + cp.Section + "/"}
				if schema == content.PlainSchema {
					sec.Title = capitalise(strings.ReplaceAll(cp.Section, "-", " "))
				}
				sections[cp.Section] = sec
			}
		}
		switch cp.Kind {
		case content.Home:
			s.Home = p
		case content.List:
			sec.Index = p
			p.Section = sec
			sec.Title = cp.Meta.Title
		default:
			p.Section = sec
			if sec != nil {
				sec.Pages = append(sec.Pages, p)
			} else {
				s.Plain = append(s.Plain, p)
			}
			s.Pages = append(s.Pages, p)
		}
	}
	if s.Home == nil {
		problems.Errorf(diag.Pos{File: "content/_index.md"}, "missing: the home page holds the site's title; create it with a line \"title: ...\" between --- lines")
		s.Home = &Page{Page: &content.Page{File: "content/_index.md", Kind: content.Home, Meta: content.Meta{Title: "Handboek"}}, URL: s.BasePath, Out: "index.html"}
	}
	hm := s.Home.Meta
	s.Title, s.Description, s.Repository, s.Branch = hm.Title, hm.Description, hm.Repository, hm.Branch
	if hm.Language != "" {
		s.Language = hm.Language
	}
	for _, a := range assets {
		s.Assets = append(s.Assets, Asset{Src: a, Out: strings.TrimPrefix(a, "content/")})
	}

	s.orderSections(sections)
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
	order := s.listOrder()

	l := &linker{site: s, drafts: drafts, assets: assetSet(assets), static: opts.Static, ids: &idCache{}, bySlug: slugIndex(s)}
	l.linkAll(s.All())
	problems.Append(l.problems)
	s.linker = l
	// The three fill in different fields and only read what they share.
	var wg sync.WaitGroup
	wg.Go(func() { s.reverse(order) })
	s.neighbours()
	s.lists(order)
	wg.Wait()
	return s, problems
}

// All returns every page that has its own source file: home, section
// intros, then the pages.
func (s *Site) All() []*Page {
	out := []*Page{s.Home}
	for _, sec := range s.Sections {
		if sec.Index != nil {
			out = append(out, sec.Index)
		}
	}
	return append(out, s.Pages...)
}

func parseBase(raw string) (*url.URL, string) {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		u = &url.URL{Path: "/"}
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	u.Path = p
	return u, p
}

func (s *Site) orderSections(m map[string]*Section) {
	for _, schema := range content.Schemas {
		if sec := m[schema.Section]; sec != nil {
			s.Sections = append(s.Sections, sec)
			delete(m, schema.Section)
		}
	}
	var rest []*Section
	for _, sec := range m {
		rest = append(rest, sec)
	}
	slices.SortFunc(rest, func(a, b *Section) int { return strings.Compare(a.Key, b.Key) })
	s.Sections = append(s.Sections, rest...)
	for i, sec := range s.Sections {
		sec.index = i
	}
}

// listOrder returns s.Pages in the order lists show them (sortPages), and
// puts each section's pages and the plain pages in that order. Every list of
// pages (a section, a page's referrers, a werkvorm) is then made by going
// through this order once, already sorted: sortPages' order is total (the
// URL decides last), so a part of the sorted pages is that part sorted. One
// sort of every page replaces a sort per section, per referred page and per
// term, where most of the comparisons of linking were made.
func (s *Site) listOrder() []*Page {
	order := slices.Clone(s.Pages)
	sortPages(order)
	for _, sec := range s.Sections {
		sec.Pages = sec.Pages[:0]
	}
	s.Plain = s.Plain[:0]
	for _, p := range order {
		if p.Section != nil {
			p.Section.Pages = append(p.Section.Pages, p)
		} else {
			s.Plain = append(s.Plain, p)
		}
	}
	return order
}

func assetSet(assets []string) map[string]bool {
	m := make(map[string]bool, len(assets))
	for _, a := range assets {
		m[a] = true
	}
	return m
}

// linker resolves references and links of one site.
type linker struct {
	site     *Site
	drafts   map[string]*content.Page
	assets   map[string]bool
	static   func(string) bool
	problems diag.List
	ids      *idCache                    // shared by the linkers of linkAll's workers
	bySlug   map[string]map[string]*Page // section -> slug -> page, see findSlug

	target, scratch []byte     // resolve's buffers for a link's target file, each worker its own
	withFrag        []fragLink // links' buffer, each worker its own
}

// idCache holds the heading ids of pages, built once per page as links
// to it are resolved.
type idCache struct {
	mu sync.Mutex
	of map[*markdown.Doc]map[string]bool
}

// Relink puts a newly loaded version of a page in place of the old one and
// resolves its links again, returning their problems. It is for incremental
// builds after an edit that changed only the body: the caller makes sure the
// frontmatter and the heading ids are the same as before, so nothing else in
// the model changes.
func (s *Site) Relink(cp *content.Page) diag.List {
	p := s.byFile[cp.File]
	if p == nil || s.linker == nil {
		panic("site: Relink of a page that is not in the site: " + cp.File)
	}
	l := s.linker
	l.ids.forget(p.Doc)
	p.Page = cp
	p.Links = nil
	l.problems = nil
	l.links(p)
	return l.problems
}

// hasID reports whether a page has a heading with the id. Most pages have
// a few dozen headings at most, and scanning them is as fast as a set and
// needs no lock between linkAll's workers; a page with more gets a set,
// built once.
func (l *linker) hasID(d *markdown.Doc, id string) bool {
	if len(d.Headings) <= 32 {
		for _, h := range d.Headings {
			if h.ID == id {
				return true
			}
		}
		return false
	}
	return l.idsOf(d)[id]
}

// idsOf returns the heading ids of a page, building the set once.
func (l *linker) idsOf(d *markdown.Doc) map[string]bool {
	c := l.ids
	c.mu.Lock()
	defer c.mu.Unlock()
	if ids, ok := c.of[d]; ok {
		return ids
	}
	if c.of == nil {
		c.of = map[*markdown.Doc]map[string]bool{}
	}
	ids := d.IDs()
	c.of[d] = ids
	return ids
}

func (c *idCache) forget(d *markdown.Doc) {
	c.mu.Lock()
	delete(c.of, d)
	c.mu.Unlock()
}

// linkAll resolves the frontmatter references and the links in the bodies
// of pages on all cores, the most work of linking a large site (url.Parse,
// path.Join, anchors): a page's references and links depend on the other
// pages' addresses and headings only. Each page's problems are added in the
// order of pages.
func (l *linker) linkAll(pages []*Page) {
	problems := make([]diag.List, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := *l // a linker of its own for its problems and buffers; the rest is only read
			w.target, w.scratch, w.withFrag = nil, nil, nil
			for i := int(next.Add(1) - 1); i < len(pages); i = int(next.Add(1) - 1) {
				w.problems = nil
				w.refs(pages[i])
				w.links(pages[i])
				problems[i] = w.problems
			}
		}()
	}
	wg.Wait()
	for _, p := range problems {
		l.problems.Append(p)
	}
}

// refs resolves the slug references in p's frontmatter.
func (l *linker) refs(p *Page) {
	var key [128]byte // the file name, looked up without making a string
	for r := range metaRefs(&p.Meta) {
		file := append(append(append(append(key[:0], contentDir...), r.Section...), '/'), r.Slug...)
		target := l.site.byFile[string(append(file, mdExt...))]
		if target == nil {
			target = l.findSlug(r.Section, r.Slug)
		}
		if target == nil {
			l.missingRef(r)
			continue
		}
		switch r.Key {
		case "subregio":
			p.Subregio = target
		case "themas":
			p.Themas = addRef(p.Themas, target, len(p.Meta.Themas))
		case "doelen":
			p.Doelen = addRef(p.Doelen, target, len(p.Meta.Doelen))
		case "besturen":
			p.Besturen = addRef(p.Besturen, target, len(p.Meta.Besturen))
		}
	}
}

// addRef appends t to refs, making room for all n references of its kind
// at the first: appending one by one grew most lists twice.
func addRef(refs []*Page, t *Page, n int) []*Page {
	if refs == nil {
		refs = make([]*Page, 0, n)
	}
	return append(refs, t)
}

// metaRefs yields m.Refs() one by one, without making the slice: Refs was
// most of the memory that linking allocated (TestMetaRefs holds them equal).
func metaRefs(m *content.Meta) iter.Seq[content.SectionRef] {
	return func(yield func(content.SectionRef) bool) {
		if m.Subregio.Slug != "" && !yield(content.SectionRef{Key: "subregio", Section: "subregios", Ref: m.Subregio}) {
			return
		}
		for _, group := range [...]struct {
			key  string
			refs []content.Ref
		}{{"themas", m.Themas}, {"doelen", m.Doelen}, {"besturen", m.Besturen}} {
			for _, r := range group.refs {
				if !yield(content.SectionRef{Key: group.key, Section: group.key, Ref: r}) {
					return
				}
			}
		}
	}
}

// findSlug finds a page of a section by slug, wherever its file is: the
// first in the section's order.
func (l *linker) findSlug(section, slug string) *Page {
	return l.bySlug[section][slug]
}

// slugIndex maps each section's slugs to its pages, the first in the
// section's order where two share one. It is made once, as a scan per
// reference made linking quadratic in the size of a section whose pages
// live in subfolders, and before linkAll, whose workers only read it.
func slugIndex(s *Site) map[string]map[string]*Page {
	index := make(map[string]map[string]*Page, len(s.Sections))
	for _, sec := range s.Sections {
		slugs := make(map[string]*Page, len(sec.Pages))
		for _, p := range sec.Pages {
			if _, dup := slugs[p.Slug]; !dup {
				slugs[p.Slug] = p
			}
		}
		index[sec.Key] = slugs
	}
	return index
}

func (l *linker) missingRef(r content.SectionRef) {
	for _, d := range l.drafts {
		if d.Section == r.Section && d.Slug == r.Slug {
			l.problems.Errorf(r.Pos, "%s %q is a draft (draft: true in %s); publish it or remove it here", singular(r.Key), r.Slug, d.File)
			return
		}
	}
	var slugs []string
	if sec := l.site.Section(r.Section); sec != nil {
		for _, p := range sec.Pages {
			slugs = append(slugs, p.Slug)
		}
	}
	l.problems.Errorf(r.Pos, "unknown %s %q%s; it must be the file name (without .md) of a page in content/%s/", singular(r.Key), r.Slug, diag.DidYouMean(r.Slug, slugs), r.Section)
}

func singular(key string) string {
	switch key {
	case "themas":
		return "thema"
	case "doelen":
		return "doel"
	case "besturen":
		return "bestuur"
	}
	return key
}

// links resolves the links and images in p's body.
func (l *linker) links(p *Page) {
	if p.Doc == nil || len(p.Doc.Links) == 0 {
		return
	}
	p.Links = make(markdown.Resolved, len(p.Doc.Links))
	dir := dirOf(p.File)
	withFrag, size := l.withFrag[:0], 0
	for _, link := range p.Doc.Links {
		addr, frag, ok := l.resolve(p, dir, link)
		switch {
		case !ok:
		case frag == "":
			p.Links[link] = addr
		default:
			withFrag = append(withFrag, fragLink{link, addr, frag})
			size += len(addr) + 1 + len(frag)
		}
	}
	if len(withFrag) > 0 {
		// An address with a #fragment is a new string: the page's are
		// made in one allocation, and cut out of it. One each was a fifth
		// of the allocations of linking.
		var b strings.Builder
		b.Grow(size)
		for _, f := range withFrag {
			b.WriteString(f.addr)
			b.WriteByte('#')
			b.WriteString(f.frag)
		}
		all := b.String()
		for _, f := range withFrag {
			n := len(f.addr) + 1 + len(f.frag)
			p.Links[f.link], all = all[:n], all[n:]
		}
		clear(withFrag) // keep no page's links alive in the buffer
	}
	l.withFrag = withFrag
}

// fragLink is a resolved link whose address has a fragment: addr + "#" + frag.
type fragLink struct {
	link       *markdown.Link
	addr, frag string
}

// resolve returns the URL a link renders with: addr, followed by "#" + frag
// if frag is not "" (frag is escaped). External links are kept (ok false).
// dir is path.Dir(p.File).
func (l *linker) resolve(p *Page, dir string, link *markdown.Link) (addr, frag string, ok bool) {
	raw := link.Dest
	what := "link"
	if link.Image {
		what = "image"
	}
	if raw == "" {
		l.problems.Errorf(link.Pos, "%s has no target; write the address between the parentheses", what)
		return "", "", false
	}
	if plainWebAddress(raw) {
		return "", "", false // external: keep as written (what url.Parse would say)
	}
	u, err := splitDest(raw)
	if err != nil {
		l.problems.Errorf(link.Pos, "%s target %q is not a valid address: %v", what, raw, err.(*url.Error).Err)
		return "", "", false
	}
	if u.external {
		return "", "", false // external: keep as written
	}
	if u.path == "" { // "#anchor" on this page
		if u.fragment != "" && !l.hasID(p.Doc, u.fragment) && !strings.HasPrefix(u.fragment, "fn") {
			l.missingAnchor(link, p, u.fragment)
		}
		return "", "", false
	}
	if strings.HasPrefix(u.path, "/") {
		name := strings.TrimPrefix(u.path, "/")
		if !link.Image && strings.HasSuffix(name, ".md") && !l.static(name) {
			// An address on the site, where no .md file is published but
			// from static/: a link to a page written from content/ or the
			// site's root.
			l.problems.Errorf(link.Pos, "link to %q: a path that starts with / is an address on the published site, which has no .md files; write the path from this page's folder%s", raw, l.fromHere(dir, name, raw))
			return "", "", false
		}
		if link.Image && !l.static(name) {
			l.problems.Errorf(link.Pos, "image %q not found in static/; put the file there or write a path relative to this page", raw)
		}
		return l.site.BasePath + escapeURLPath(name) + u.querySuffix(), u.escapedFragment(), true
	}
	// The target path is made in the linker's buffers and looked up without
	// becoming a string (m[string(b)] does not allocate). Buffers on the
	// stack cost more: Go zeroes them for every link.
	var target []byte
	target, l.scratch = joinRel(l.target[:0], l.scratch, dir, u.path)
	l.target = target
	if !bytes.HasPrefix(target, contentDir) {
		l.problems.Errorf(link.Pos, "%s %q points outside content/; link to a file inside content/, or write the full web address (https://...)", what, raw)
		return "", "", false
	}
	if bytes.HasSuffix(target, mdExt) {
		if link.Image {
			l.problems.Errorf(link.Pos, "image %q is a Markdown file", raw)
			return "", "", false
		}
		return l.pageLink(p, link, target, &u)
	}
	if l.assets[string(target)] {
		return l.site.BasePath + escapeURLPath(string(target[len(contentDir):])) + u.querySuffix(), u.escapedFragment(), true
	}
	if link.Image {
		l.problems.Errorf(link.Pos, "image %q not found (looked for %s)", raw, string(target))
	} else {
		l.problems.Errorf(link.Pos, "link to %q: no such file (looked for %s); link to a page's .md file, like [tekst](../doelen/autonomie.md)", raw, string(target))
	}
	return "", "", false
}

var contentDir, mdExt = []byte("content/"), []byte(".md")

// fromHere is the hint for a link to name, written from the site's root or
// from content/: the path from dir to that page, if it is one, with the
// #fragment of raw, the link as written.
func (l *linker) fromHere(dir, name, raw string) string {
	target := "content/" + strings.TrimPrefix(name, "content/")
	if l.site.byFile[target] == nil && l.drafts[target] == nil {
		return ""
	}
	var frag string
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		frag = raw[i:]
	}
	return fmt.Sprintf(", like %s%s", relPath(dir, target), frag)
}

// relPath is the path from the folder dir to file, both slash paths from
// the same root: "content/a/b", "content/c/d.md" -> "../../c/d.md".
func relPath(dir, file string) string {
	from, to := strings.Split(dir, "/"), strings.Split(file, "/")
	same := 0
	for same < len(from) && same < len(to)-1 && from[same] == to[same] {
		same++
	}
	return strings.Repeat("../", len(from)-same) + strings.Join(to[same:], "/")
}

// dest is a link's destination as resolve reads it: of url.Parse's URL only
// the parts a local link uses, so that it is small enough to pass around
// (a url.URL is 21 words, which resolve copied and cleared for every link).
type dest struct {
	path, query, fragment string   // url.URL's Path, RawQuery and Fragment
	external              bool     // with a scheme or a host: kept as written
	u                     *url.URL // url.Parse's, to escape the fragment; nil if splitDest split raw itself
}

// splitDest is url.Parse for a link's destination. Most destinations are a
// relative path of plain characters, perhaps with a #fragment of plain
// characters ("../doelen/autonomie.md#waarom"); splitDest splits those
// itself, as url.Parse would, without allocating: url.Parse took a third of
// the time spent resolving the links of a large site. Their fragment has
// nothing to escape.
func splitDest(raw string) (dest, error) {
	if hash, ok := plainDest(raw); ok {
		if hash < 0 {
			return dest{path: raw}, nil
		}
		return dest{path: raw[:hash], fragment: raw[hash+1:]}, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return dest{}, err
	}
	return dest{path: u.Path, query: u.RawQuery, fragment: u.Fragment, external: u.Scheme != "" || u.Host != "", u: u}, nil
}

// escapedFragment is url.URL's EscapedFragment.
func (d *dest) escapedFragment() string {
	if d.u == nil || d.fragment == "" {
		return d.fragment // plain: as it is escaped
	}
	return d.u.EscapedFragment()
}

// querySuffix is the query as url.URL writes it: "?" + query, or "".
func (d *dest) querySuffix() string {
	if d.query == "" {
		return ""
	}
	return "?" + d.query
}

// plainDest reports whether raw is a path without a host, of letters,
// digits and "-._~/", and perhaps one '#' followed by more of those but '/':
// nothing url.Parse would unescape, split off or refuse; and where the '#'
// is (-1 if none). It reads eight bytes at a time while they are plain (or '/', before the '#'),
// as most of a destination is, and the eight from a byte that is not one by
// one.
func plainDest(raw string) (hash int, ok bool) {
	if strings.HasPrefix(raw, "//") {
		return -1, false
	}
	hash = -1
	for i := 0; i < len(raw); {
		t := &pathByte
		if hash >= 0 {
			t = &fragmentByte
		}
		for ; i+8 <= len(raw); i += 8 {
			d := raw[i : i+8]
			if t[d[0]]&t[d[1]]&t[d[2]]&t[d[3]]&t[d[4]]&t[d[5]]&t[d[6]]&t[d[7]] == 0 {
				break
			}
		}
		for end := min(i+8, len(raw)); i < end; i++ {
			c := destClass[raw[i]]
			if c == plainByte {
				continue
			}
			if c == 0 || hash >= 0 { // after the '#', only plain bytes
				return -1, false
			}
			if c == hashByte {
				hash = i
			}
		}
	}
	return hash, true
}

// plainWebAddress reports whether raw is "http://" or "https://" followed
// by letters, digits and "-._~/" only: an address that url.Parse takes
// without an error, with a scheme and a host, so resolve keeps it without
// parsing it (TestPlainWebAddress).
func plainWebAddress(raw string) bool {
	rest, ok := strings.CutPrefix(raw, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(raw, "http://"); !ok {
			return false
		}
	}
	if rest == "" || rest[0] == '/' {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if pathByte[rest[i]] == 0 {
			return false
		}
	}
	return true
}

// The classes of bytes in plainDest; 0 is every other byte.
const (
	plainByte = 1 + iota // letters, digits and "-._~"
	slashByte
	hashByte
)

var destClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			t[c] = plainByte
		}
	}
	t['/'], t['#'] = slashByte, hashByte
	return t
}()

// pathByte and fragmentByte are 1 for the bytes plainDest passes on before
// and after the '#'.
var pathByte, fragmentByte = func() (path, frag [256]uint8) {
	for c, class := range destClass {
		if class == plainByte {
			path[c], frag[c] = 1, 1
		}
	}
	path['/'] = 1
	return path, frag
}()

// pageLink resolves a link to the page in file target, as resolve.
func (l *linker) pageLink(p *Page, link *markdown.Link, targetBytes []byte, u *dest) (addr, frag string, ok bool) {
	tp := l.site.byFile[string(targetBytes)]
	if tp != nil && (tp.Doc == nil || u.fragment == "" || l.hasID(tp.Doc, u.fragment)) {
		return tp.URL, u.escapedFragment(), true // the usual case: the page and its heading exist
	}
	target := string(targetBytes)
	if tp == nil && path.Base(target) == "_index.md" {
		if dir := path.Dir(target); dir == "content" {
			tp = l.site.Home
		} else if sec := l.site.Section(strings.TrimPrefix(dir, "content/")); sec != nil {
			return sec.URL, u.escapedFragment(), true
		}
	}
	if tp == nil {
		if d := l.drafts[target]; d != nil {
			l.problems.Errorf(link.Pos, "link to %q: that page is a draft (draft: true); publish it or remove the link", link.Dest)
			return "", "", false
		}
		var near []string
		dir := path.Dir(target)
		for f := range l.site.byFile {
			if path.Dir(f) == dir {
				near = append(near, path.Base(f))
			}
		}
		slices.Sort(near)
		l.problems.Errorf(link.Pos, "link to %q: no such page (looked for %s)%s", link.Dest, target, diag.DidYouMean(path.Base(target), near))
		return "", "", false
	}
	if u.fragment != "" && tp.Doc != nil && !l.hasID(tp.Doc, u.fragment) {
		l.missingAnchor(link, tp, u.fragment)
	}
	return tp.URL, u.escapedFragment(), true
}

func (l *linker) missingAnchor(link *markdown.Link, target *Page, frag string) {
	var ids []string
	for _, h := range target.Doc.Headings {
		ids = append(ids, h.ID)
	}
	hint := diag.DidYouMean(frag, ids)
	if hint == "" && len(ids) > 0 {
		hint = "; headings there: #" + strings.Join(ids, ", #")
	}
	l.problems.Errorf(link.Pos, "link to %q: %s has no heading with id #%s%s", link.Dest, target.File, frag, hint)
}

func escapeURLPath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// reverse fills ReferredBy from the forward references. order is
// listOrder's: each group of referrers is made in it, so it is sorted.
func (s *Site) reverse(order []*Page) {
	// A target's groups, in the order their first referrer came: a
	// handful, found by a scan. (A map by target and section key made
	// hashing a string, for every referrer and for every section of every
	// page, most of reverse.)
	by := map[*Page][]Group{}
	var seen []*Page // p's targets so far: a handful, so a list beats a map
	for _, p := range order {
		if p.Section == nil {
			continue
		}
		seen = seen[:0]
		for _, group := range [...][]*Page{{p.Subregio}, p.Themas, p.Doelen, p.Besturen} {
			for _, t := range group {
				if t == nil || slices.Contains(seen, t) {
					continue
				}
				seen = append(seen, t)
				groups := by[t]
				i := slices.IndexFunc(groups, func(g Group) bool { return g.Section == p.Section })
				if i < 0 {
					i = len(groups)
					groups = append(groups, Group{Section: p.Section})
					by[t] = groups
				}
				groups[i].Pages = append(groups[i].Pages, p)
			}
		}
	}
	for _, t := range s.Pages {
		groups := by[t]
		slices.SortFunc(groups, func(a, b Group) int { return a.Section.index - b.Section.index }) // in site order
		var all []*Page
		for _, g := range groups {
			all = append(all, g.Pages...)
		}
		t.ReferredBy = groups
		t.Listing = paginate(all, t.URL, t.Out)
	}
}

// neighbours sets Prev, Next and Crumbs.
func (s *Site) neighbours() {
	home := Crumb{Title: s.Title, URL: s.BasePath}
	for _, sec := range s.Sections {
		for i, p := range sec.Pages {
			if i > 0 {
				p.Prev = sec.Pages[i-1]
			}
			if i+1 < len(sec.Pages) {
				p.Next = sec.Pages[i+1]
			}
			p.Crumbs = []Crumb{home, {Title: sec.Title, URL: sec.URL}}
		}
		if sec.Index != nil {
			sec.Index.Crumbs = []Crumb{home}
		}
	}
	for _, p := range s.Plain {
		p.Crumbs = []Crumb{home}
	}
}

// lists paginates the section lists and builds the werkvorm and doelgroep
// lists, each made in listOrder's order, so sorted.
func (s *Site) lists(order []*Page) {
	for _, sec := range s.Sections {
		sec.Listing = paginate(sec.Pages, sec.URL, outFile(strings.TrimPrefix(sec.URL, s.BasePath)))
	}
	for _, tl := range []struct {
		key, title string
		values     []string
		get        func(*Page) []string
	}{
		{"werkvormen", "Werkvormen", content.Werkvormen, func(p *Page) []string { return p.Meta.Werkvormen }},
		{"doelgroepen", "Doelgroepen", content.Doelgroepen, func(p *Page) []string { return p.Meta.Doelgroepen }},
	} {
		list := &TermList{Key: tl.key, Title: tl.title, URL: s.BasePath + tl.key + "/", Out: outFile(tl.key)}
		for _, v := range tl.values {
			var ps []*Page
			for _, p := range order {
				if slices.Contains(tl.get(p), v) {
					ps = append(ps, p)
				}
			}
			rel := tl.key + "/" + v + "/"
			list.Terms = append(list.Terms, &Term{List: list, Value: v, Title: capitalise(v), URL: s.BasePath + rel, Listing: paginate(ps, s.BasePath+rel, outFile(rel))})
		}
		s.Terms = append(s.Terms, list)
	}
}

// String is for debugging and tests.
func (p *Page) String() string { return fmt.Sprintf("%s (%s)", p.URL, p.File) }
