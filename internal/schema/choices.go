package schema

import (
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/site"
)

// Choice is a page that a reference may name.
type Choice struct {
	Slug  string
	Title string
}

// Choices are, by section folder ("subregios", "themas", ...), the pages that
// references to that section may name, in the site's order.
type Choices map[string][]Choice

// ChoicesOf returns the pages of every section that some reference names.
// Drafts are left out, as a reference to a draft is an error.
func ChoicesOf(s *site.Site) Choices {
	c := Choices{}
	for _, section := range referencedSections() {
		sec := s.Section(section)
		if sec == nil {
			continue
		}
		for _, p := range sec.Pages {
			c[section] = append(c[section], Choice{Slug: p.Slug, Title: p.Meta.Title})
		}
	}
	return c
}

// referencedSections returns the sections that Reference and ReferenceList
// fields name, in schema order, each once.
func referencedSections() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range content.Schemas {
		for _, f := range s.Fields {
			if f.Section != "" && !seen[f.Section] {
				seen[f.Section] = true
				out = append(out, f.Section)
			}
		}
	}
	return out
}

func (c Choices) slugs(section string) []string {
	var out []string
	for _, ch := range c[section] {
		out = append(out, ch.Slug)
	}
	return out
}
