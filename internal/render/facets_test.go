package render

import (
	"reflect"
	"testing"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/site"
)

func facetPage(title, url string) *site.Page {
	return &site.Page{Page: &content.Page{Meta: content.Meta{Title: title}}, URL: url}
}

func titles(pages []*site.Page) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Meta.Title)
	}
	return out
}

func TestFacets(t *testing.T) {
	ict, lezen, arnhem, nijmegen := facetPage("ICT", "/themas/ict/"), facetPage("Lezen", "/themas/lezen/"), facetPage("Arnhem", "/subregios/arnhem/"), facetPage("Nijmegen", "/subregios/nijmegen/")
	a := facetPage("A", "/gp/a/")
	a.Themas, a.Subregio, a.Meta.Werkvormen = []*site.Page{lezen, ict}, nijmegen, []string{"uitvoeren"}
	b := facetPage("B", "/gp/b/")
	b.Themas, b.Subregio, b.Meta.Werkvormen = []*site.Page{ict}, arnhem, []string{"uitvoeren", "onderzoek"}
	c := facetPage("C", "/gp/c/") // no facets at all
	sec := &site.Section{Key: "gp", Pages: []*site.Page{a, b, c}}
	secIndexed := &site.Section{Key: "gp", Pages: []*site.Page{b, c}, Index: facetPage("Goede praktijken", "/gp/")}

	tests := []struct {
		name       string
		view       *View
		themas     []string
		subregios  []string
		werkvormen []string
		empty      bool
	}{
		{"section list", &View{Kind: "list", Section: sec}, []string{"ICT", "Lezen"}, []string{"Arnhem", "Nijmegen"}, []string{"onderzoek", "uitvoeren"}, false},
		{"section list with an index page", &View{Kind: "list", Section: secIndexed, Page: secIndexed.Index}, []string{"ICT"}, []string{"Arnhem"}, []string{"onderzoek", "uitvoeren"}, false},
		{"a page is not a list", &View{Kind: "page", Section: sec}, nil, nil, nil, true},
		{"a later pager of a page's referrers", &View{Kind: "list", Section: sec, Page: a}, nil, nil, nil, true},
		{"no section", &View{Kind: "list"}, nil, nil, nil, true},
		{"pages without facets", &View{Kind: "list", Section: &site.Section{Pages: []*site.Page{c}}}, nil, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.view.Facets()
			if got := titles(f.Themas); !reflect.DeepEqual(got, tt.themas) {
				t.Errorf("Themas = %v, want %v", got, tt.themas)
			}
			if got := titles(f.Subregios); !reflect.DeepEqual(got, tt.subregios) {
				t.Errorf("Subregios = %v, want %v", got, tt.subregios)
			}
			if !reflect.DeepEqual(f.Werkvormen, tt.werkvormen) {
				t.Errorf("Werkvormen = %v, want %v", f.Werkvormen, tt.werkvormen)
			}
			if f.Empty() != tt.empty {
				t.Errorf("Empty() = %v, want %v", f.Empty(), tt.empty)
			}
		})
	}
}

func TestDict(t *testing.T) {
	tests := []struct {
		args    []any
		want    map[string]any
		wantErr bool
	}{
		{nil, map[string]any{}, false},
		{[]any{"Page", 1, "Level", 2}, map[string]any{"Page": 1, "Level": 2}, false},
		{[]any{"Page"}, nil, true},
		{[]any{3, 4}, nil, true},
	}
	for _, tt := range tests {
		got, err := dict(tt.args...)
		if (err != nil) != tt.wantErr {
			t.Errorf("dict(%v) error = %v, want error %v", tt.args, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("dict(%v) = %v, want %v", tt.args, got, tt.want)
		}
	}
}
