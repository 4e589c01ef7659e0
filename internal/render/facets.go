package render

import (
	"cmp"
	"slices"

	"github.com/samenopleiden/handboek/internal/site"
)

// Facets are the values a list can be narrowed by: the themes, subregions and
// werkvormen that the pages of the list's section use, each once, themes and
// subregions sorted by title and werkvormen in their fixed order.
type Facets struct {
	Themas     []*site.Page
	Subregios  []*site.Page
	Werkvormen []string
}

// Empty reports whether there is nothing to narrow by.
func (f Facets) Empty() bool {
	return len(f.Themas) == 0 && len(f.Subregios) == 0 && len(f.Werkvormen) == 0
}

// werkvormOrder is the order of the three interdisciplinary work forms.
var werkvormOrder = []string{"onderzoek", "ontwerpen", "uitvoeren"}

// Facets returns the facets of a section's list (all its pages, not only the
// current pager); zero Facets for other views, including the later pagers of
// a page's referrers, which also use the list layout. They are computed once
// per section and build: every pager of a list shows the same facets, and
// computing them for each pager made a list of n pages cost n²/50.
func (v *View) Facets() Facets {
	sec := v.facetSection()
	if sec == nil {
		return Facets{}
	}
	if v.cache == nil {
		return sectionFacets(sec)
	}
	if f, ok := v.cache.facets.Load(sec); ok {
		return f.(Facets)
	}
	f := sectionFacets(sec)
	v.cache.facets.Store(sec, f)
	return f
}

// facetSection is the section whose facets the view shows, or nil.
func (v *View) facetSection() *site.Section {
	if v.Section == nil || v.Kind != "list" || (v.Page != nil && v.Page != v.Section.Index) {
		return nil
	}
	return v.Section
}

func sectionFacets(sec *site.Section) Facets {
	var f Facets
	seen := map[*site.Page]bool{}
	werkvormen := map[string]bool{}
	for _, p := range sec.Pages {
		for _, t := range p.Themas {
			if !seen[t] {
				seen[t] = true
				f.Themas = append(f.Themas, t)
			}
		}
		if s := p.Subregio; s != nil && !seen[s] {
			seen[s] = true
			f.Subregios = append(f.Subregios, s)
		}
		for _, w := range p.Meta.Werkvormen {
			werkvormen[w] = true
		}
	}
	byTitle := func(a, b *site.Page) int {
		return cmp.Or(cmp.Compare(a.Meta.Title, b.Meta.Title), cmp.Compare(a.URL, b.URL))
	}
	slices.SortFunc(f.Themas, byTitle)
	slices.SortFunc(f.Subregios, byTitle)
	for _, w := range werkvormOrder {
		if werkvormen[w] {
			f.Werkvormen = append(f.Werkvormen, w)
		}
	}
	return f
}
