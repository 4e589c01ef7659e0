package build

import (
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/search"
	"github.com/samenopleiden/handboek/internal/site"
)

// The search index needs the plain text of every page, which together is
// the largest part of the site model (77 MB of 10,000 generated pages). So
// the build tokenises each page's text for search in the parse workers, as
// it loads the page (searchBody), keeps what the index needs of it (a
// search.Body: terms and counts, the start for the excerpt) and drops the
// text. Linking adds what the index needs besides (URL, section, subregio
// and themas), and SearchDocs puts the two together.

// searchBody tokenises the text of a page and drops the text from the page:
// nothing but the search index reads it. Every page is tokenised, also those
// that linking leaves out of the index (home, lists, drafts: a few): the
// rule for which pages the index holds stays in one place, site.Link.
func (b *Builder) searchBody(p *content.Page) *search.Body {
	if p == nil || p.Doc == nil {
		return nil
	}
	body := b.index.Body(p.Doc.Text)
	p.Doc.Text = ""
	return body
}

// textSize is about how much text the files hold: their size.
func textSize(files []content.File) int {
	n := int64(0)
	for _, f := range files {
		n += f.Size
	}
	return int(min(n, 1<<40))
}

// SearchDocs turns the site model of this Builder's last build into what
// the search index needs, with the pages' text as the Builder tokenised it
// when it loaded them.
func (b *Builder) SearchDocs(s *site.Site) []search.Doc {
	return SearchDocs(s, func(p *content.Page) *search.Body { return b.bodies[p] })
}

// SearchDocs turns the site model into what the search index needs. A
// page's text is body(page) if body is given and returns one (Doc.Body),
// else its Doc.Text, which a Builder drops.
func SearchDocs(s *site.Site, body func(*content.Page) *search.Body) []search.Doc {
	docs := make([]search.Doc, 0, len(s.Pages))
	for _, p := range s.Pages {
		d := search.Doc{
			URL:       p.URL,
			Title:     p.Meta.Title,
			TypeLabel: p.Schema.Label,
			Summary:   p.Meta.Summary,
		}
		if body != nil {
			d.Body = body(p.Page)
		}
		if d.Body == nil {
			d.Text = p.Doc.Text
		}
		if p.Section != nil {
			d.Type = p.Section.Key
		}
		for _, h := range p.Doc.Headings {
			d.Headings = append(d.Headings, h.Text)
		}
		if p.Subregio != nil {
			d.Subregio = search.Term{Slug: p.Subregio.Slug, Title: p.Subregio.Meta.Title}
		}
		for _, t := range p.Themas {
			d.Themas = append(d.Themas, search.Term{Slug: t.Slug, Title: t.Meta.Title})
		}
		if !p.Meta.Date.IsZero() {
			d.Date = p.Meta.Date.Format("2006-01-02")
		}
		docs = append(docs, d)
	}
	return docs
}
