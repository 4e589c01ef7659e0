package schema

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/markdown"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var md = markdown.New()

// choices is a small site's pages that references may name.
var choices = Choices{
	"subregios": {{"arnhem", "Arnhem"}, {"nijmegen", "Nijmegen"}},
	"themas":    {{"ict", "ICT"}, {"taal", "Taal & lezen"}},
	"doelen":    {{"autonomie", "Autonomie"}},
	"besturen":  {{"delta", "Stichting Delta"}},
}

// schemaOf returns the decoded JSON Schema of section.
func schemaOf(t *testing.T, section string, c Choices) map[string]any {
	t.Helper()
	raw, err := JSONSchema(content.SchemaFor(section), c)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, raw)
	}
	return s
}

// loads reports whether loading accepts the page with frontmatter fm.
func loads(section, fm string) (bool, string) {
	src := "---\n" + fm + "\n---\n\nTekst.\n"
	p, problems := content.Parse(md, "content/"+section+"/x.md", []byte(src), content.Options{})
	return p != nil && len(problems) == 0, problems.String()
}

// TestSchemaMatchesLoading checks, key type by key type, that the JSON Schema
// accepts what loading accepts and rejects what it rejects. The documented
// differences (package doc) are marked: the schema knows the current slugs,
// which loading leaves to package site, and it is stricter about odd forms.
func TestSchemaMatchesLoading(t *testing.T) {
	tests := []struct {
		section, fm    string
		schema, loader bool
	}{
		{"themas", "title: ICT", true, true},
		{"themas", "summary: x", false, false},
		{"themas", "title: ''", false, false},
		{"themas", "title: '   '", false, false},
		{"themas", "title: ICT\ntitle2: x", false, false},
		{"themas", "title: ICT\nsoort: proces", false, false},
		{"themas", "title: [a, b]", false, false},
		{"themas", "title: 2025", false, true}, // stricter: quote numbers used as text
		{"themas", "title: ICT\nsummary:", true, true},
		{"themas", "title: ICT\nsummary: ''", true, true},
		{"themas", "title: ICT\ndate: 2025-06-15", true, true},
		{"themas", "title: ICT\ndate: '2025-06-15'", true, true},
		{"themas", "title: ICT\ndate: 15-06-2025", false, false},
		{"themas", "title: ICT\ndate: 2025-6-15", false, false},
		{"themas", "title: ICT\ndate:", true, true},
		{"themas", "title: ICT\ndraft: true", true, true},
		{"themas", "title: ICT\ndraft: ja", false, false},
		{"themas", "title: ICT\ndraft: 'true'", false, false},
		{"themas", "title: ICT\ndraft: ''", false, true}, // stricter: leave it out instead
		{"themas", "title: ICT\nweight: 3", true, true},
		{"themas", "title: ICT\nweight: 1.5", false, false},
		{"themas", "title: ICT\nweight: eerste", false, false},
		{"themas", "title: ICT\nweight:", true, true},
		{"themas", "title: ICT\nslug: eigen-adres", true, true},
		{"themas", "title: ICT\nslug: Eigen Adres", false, false},
		{"themas", "title: ICT\nslug: ''", true, true},
		{"goede-praktijken", "title: X\nsubregio: arnhem", true, true},
		{"goede-praktijken", "title: X\nsubregio: ''", true, true},
		{"goede-praktijken", "title: X\nsubregio: [arnhem]", false, false},
		{"goede-praktijken", "title: X\nsubregio: Arnhem Zuid", false, false},
		{"goede-praktijken", "title: X\nsubregio: utrecht", false, true}, // site reports the unknown slug
		{"goede-praktijken", "title: X\nthemas: ict", true, true},
		{"goede-praktijken", "title: X\nthemas: [ict, taal]", true, true},
		{"goede-praktijken", "title: X\nthemas: []", true, true},
		{"goede-praktijken", "title: X\nthemas:\n  - ict\n  - taal", true, true},
		{"goede-praktijken", "title: X\nthemas: [ict, rekenen]", false, true}, // site reports it
		{"goede-praktijken", "title: X\nthemas: {ict: ja}", false, false},
		{"goede-praktijken", "title: X\nwerkvormen: [onderzoek, ontwerpen]", true, true},
		{"goede-praktijken", "title: X\nwerkvormen: onderzoek", true, true},
		{"goede-praktijken", "title: X\nwerkvormen: [onderzoek, ontwerp]", false, false},
		{"goede-praktijken", "title: X\ndoelgroepen: [leraren, ouders]", false, false},
		{"goede-praktijken", "title: X\nbesturen: [delta]", true, true},
		{"goede-praktijken", "title: X\nlocatie: Arnhem", false, false},
		{"masterclasses", "title: X\npartners: [HAN, iXperium]", true, true},
		{"masterclasses", "title: X\npartners: HAN", true, true},
		{"masterclasses", "title: X\npartners: [HAN, '']", false, false},
		{"masterclasses", "title: X\nlocatie: Nijmegen", true, true},
		{"subregios", "title: X\nvoorloper: true", true, true},
		{"subregios", "title: X\nvoorloper: ja", false, false},
		{"doelen", "title: X\nsoort: proces", true, true},
		{"doelen", "title: X", false, false},
		{"doelen", "title: X\nsoort: ''", false, false},
		{"doelen", "title: X\nsoort: langetermjin", false, false},
		{"besturen", "title: X\nwebsite: https://www.delta.nl/", true, true},
		{"besturen", "title: X\nwebsite: www.delta.nl", false, false},
		{"besturen", "title: X\nwebsite: ''", true, true},
		{"handboek", "title: X\nweight: 10", true, true},
	}
	for _, tt := range tests {
		s := schemaOf(t, tt.section, choices)
		problems := validate(s, fromYAML(t, tt.fm))
		if got := len(problems) == 0; got != tt.schema {
			t.Errorf("%s %q: schema accepts = %v, want %v %v", tt.section, tt.fm, got, tt.schema, problems)
		}
		if got, msg := loads(tt.section, tt.fm); got != tt.loader {
			t.Errorf("%s %q: loading accepts = %v, want %v\n%s", tt.section, tt.fm, got, tt.loader, msg)
		}
	}
}

// TestJSONSchemaShape checks the parts editors' tools rely on.
func TestJSONSchemaShape(t *testing.T) {
	for _, sec := range content.Schemas {
		s := schemaOf(t, sec.Section, choices)
		if s["$schema"] != Draft || s["$id"] != sec.Section+".schema.json" || s["additionalProperties"] != false {
			t.Errorf("%s: header %v %v %v", sec.Section, s["$schema"], s["$id"], s["additionalProperties"])
		}
		props := s["properties"].(map[string]any)
		var keys []string
		for _, f := range content.PageFields(sec.Section) {
			keys = append(keys, f.Key)
			p, ok := props[f.Key].(map[string]any)
			if !ok {
				t.Errorf("%s: no property %q", sec.Section, f.Key)
				continue
			}
			if d, _ := p["description"].(string); !strings.HasPrefix(d, f.Doc) {
				t.Errorf("%s.%s: description %q does not start with the Doc", sec.Section, f.Key, d)
			}
		}
		if len(props) != len(keys) {
			t.Errorf("%s: %d properties, want %d", sec.Section, len(props), len(keys))
		}
	}
	// Without pages to choose from, a reference is any slug.
	s := schemaOf(t, "goede-praktijken", nil)
	sub := s["properties"].(map[string]any)["subregio"].(map[string]any)
	if _, ok := sub["enum"]; ok || sub["pattern"] == nil {
		t.Errorf("subregio without choices = %v", sub)
	}
}

// TestJSONSchemaGolden keeps one generated schema in testdata so a reader
// sees what editors get. Run with -update to rewrite.
func TestJSONSchemaGolden(t *testing.T) {
	raw, err := JSONSchema(content.SchemaFor("goede-praktijken"), choices)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/goede-praktijken.schema.json", raw)
}

func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (run go test -update after checking):\n%s", file, got)
	}
}

// TestNewPage checks, for every section, that a new page loads without a
// problem, validates against its JSON Schema, has every key and the date.
func TestNewPage(t *testing.T) {
	date := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)
	for _, sec := range content.Schemas {
		for _, c := range []Choices{choices, nil} {
			src := NewPage(sec, `Samen "leren": één stap`, date, c)
			p, problems := content.Parse(md, "content/"+sec.Section+"/samen-leren.md", src, content.Options{})
			if p == nil || len(problems) > 0 {
				t.Errorf("%s: new page does not load:\n%s\n%s", sec.Section, problems, src)
				continue
			}
			if p.Meta.Title != `Samen "leren": één stap` || !p.Meta.Draft || !p.Meta.Date.Equal(date) {
				t.Errorf("%s: meta = %+v", sec.Section, p.Meta)
			}
			fm, _, _ := strings.Cut(strings.TrimPrefix(string(src), "---\n"), "\n---\n")
			if problems := validate(schemaOf(t, sec.Section, c), fromYAML(t, fm)); len(problems) > 0 {
				t.Errorf("%s: new page does not match its schema: %v\n%s", sec.Section, problems, src)
			}
			for _, f := range content.PageFields(sec.Section) {
				if !strings.Contains(fm, "\n"+f.Key+":") {
					t.Errorf("%s: key %q missing:\n%s", sec.Section, f.Key, fm)
				}
			}
			if !strings.Contains(string(src), "\n---\n\n") || len(p.Doc.Text) == 0 {
				t.Errorf("%s: no template body:\n%s", sec.Section, src)
			}
		}
	}
}

func TestNewPageGolden(t *testing.T) {
	src := NewPage(content.SchemaFor("goede-praktijken"), "Samen leren in Arnhem", time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC), choices)
	golden(t, "testdata/goede-praktijken.md", src)
	// The body of a good practice follows the issue.
	for _, h := range []string{"## Aanleiding", "## Aanpak", "## Opbrengst", "## Contact"} {
		if !strings.Contains(string(src), "\n"+h+"\n") {
			t.Errorf("missing %s", h)
		}
	}
}

// TestFrontMatter checks the Front Matter CMS configuration: a content type
// and page folder per section, a field per key with the right type, and the
// current pages as choices for references.
func TestFrontMatter(t *testing.T) {
	raw, err := FrontMatter(choices)
	if err != nil {
		t.Fatal(err)
	}
	type field struct {
		Name     string `json:"name"`
		Type     string `json:"type"`
		Multiple bool   `json:"multiple"`
		Required bool   `json:"required"`
		Choices  []any  `json:"choices"`
	}
	var cfg struct {
		Folders []struct {
			Path         string   `json:"path"`
			ContentTypes []string `json:"contentTypes"`
		} `json:"frontMatter.content.pageFolders"`
		Types []struct {
			Name   string  `json:"name"`
			Fields []field `json:"fields"`
		} `json:"frontMatter.taxonomy.contentTypes"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(cfg.Types) != len(content.Schemas) || len(cfg.Folders) != len(content.Schemas) {
		t.Fatalf("%d types, %d folders; want %d", len(cfg.Types), len(cfg.Folders), len(content.Schemas))
	}
	wantType := map[content.Type]string{
		content.String: "string", content.Bool: "boolean", content.Int: "number", content.Date: "datetime",
		content.URL: "string", content.Slug: "string", content.Reference: "choice", content.ReferenceList: "choice",
		content.Enum: "choice", content.EnumList: "choice", content.TextList: "list",
	}
	for i, sec := range content.Schemas {
		ct := cfg.Types[i]
		if ct.Name != sec.Section || cfg.Folders[i].Path != "[[workspace]]/content/"+sec.Section || !slices.Equal(cfg.Folders[i].ContentTypes, []string{sec.Section}) {
			t.Errorf("type %d = %q, folder %+v", i, ct.Name, cfg.Folders[i])
		}
		fields := content.PageFields(sec.Section)
		if len(ct.Fields) != len(fields) {
			t.Errorf("%s: %d fields, want %d", sec.Section, len(ct.Fields), len(fields))
			continue
		}
		for j, f := range fields {
			got := ct.Fields[j]
			want := wantType[f.Type]
			if f.Key == "draft" {
				want = "draft"
			}
			if got.Name != f.Key || got.Type != want || got.Multiple != f.Type.IsList() && got.Type == "choice" || got.Required != f.Required {
				t.Errorf("%s.%s = %+v, want type %s", sec.Section, f.Key, got, want)
			}
			switch f.Type {
			case content.Reference, content.ReferenceList:
				if len(got.Choices) != len(choices[f.Section]) {
					t.Errorf("%s.%s: choices %v", sec.Section, f.Key, got.Choices)
				}
			case content.Enum, content.EnumList:
				if len(got.Choices) != len(f.Values) {
					t.Errorf("%s.%s: choices %v", sec.Section, f.Key, got.Choices)
				}
			}
		}
	}
	if !strings.Contains(string(raw), `{"id": "ict", "title": "ICT"}`) && !strings.Contains(string(raw), `"id": "ict",`) {
		t.Errorf("reference choices lack slug and title:\n%s", raw)
	}
	if strings.ContainsAny(string(raw), "<>&") {
		t.Error("output has unescaped <, > or &: JSON keeps its HTML escaping")
	}
}
