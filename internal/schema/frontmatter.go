package schema

import (
	"strings"

	"github.com/samenopleiden/handboek/internal/content"
)

// FrontMatterFile is the name of the Front Matter CMS configuration, which
// the extension reads from the root of the folder opened in VS Code.
const FrontMatterFile = "frontmatter.json"

// labels are the Dutch names of the keys in Front Matter's forms.
var labels = map[string]string{
	"title": "Titel", "summary": "Samenvatting", "date": "Publicatiedatum", "draft": "Concept",
	"weight": "Volgorde", "slug": "Adres (slug)", "subregio": "Subregio", "themas": "Thema's",
	"doelen": "Doelen", "werkvormen": "Werkvormen", "doelgroepen": "Doelgroepen", "besturen": "Besturen",
	"partners": "Partners", "locatie": "Locatie", "voorloper": "Voorloper", "soort": "Soort doel",
	"website": "Website",
}

func label(key string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return strings.ToUpper(key[:1]) + strings.ReplaceAll(key[1:], "-", " ")
}

// FrontMatter returns the configuration of the Front Matter CMS extension for
// VS Code: one content type per section with a form field per key, and the
// section folders under content/ as page folders. References are choices
// between the current pages (slug stored, title shown).
func FrontMatter(choices Choices) ([]byte, error) {
	var folders, types []any
	for _, s := range content.Schemas {
		folders = append(folders, object{
			{"title", s.Plural},
			{"path", "[[workspace]]/content/" + s.Section},
			{"contentTypes", []string{s.Section}},
		})
		var fields []any
		for _, f := range content.PageFields(s.Section) {
			fields = append(fields, fmField(f, choices))
		}
		types = append(types, object{
			{"name", s.Section},
			{"pageBundle", false},
			{"previewPath", nil},
			{"clearEmpty", true},
			{"fields", fields},
		})
	}
	doc := object{
		{"$schema", "https://frontmatter.codes/frontmatter.schema.json"},
		{"frontMatter.content.publicFolder", "static"},
		{"frontMatter.content.draftField", object{{"name", "draft"}, {"type", "boolean"}}},
		{"frontMatter.taxonomy.dateFormat", "yyyy-MM-dd"},
		{"frontMatter.content.pageFolders", folders},
		{"frontMatter.taxonomy.contentTypes", types},
	}
	return indent(doc)
}

// fmField returns the Front Matter form field of a key.
func fmField(f content.Field, choices Choices) object {
	o := object{{"title", label(f.Key)}, {"name", f.Key}}
	switch f.Type {
	case content.String, content.URL, content.Slug:
		o = append(o, member{"type", "string"})
		if f.Key != "summary" {
			o = append(o, member{"single", true})
		}
	case content.Bool:
		if f.Key == "draft" {
			o = append(o, member{"type", "draft"}, member{"default", true})
		} else {
			o = append(o, member{"type", "boolean"})
		}
	case content.Int:
		o = append(o, member{"type", "number"})
	case content.Date:
		o = append(o, member{"type", "datetime"}, member{"dateFormat", "yyyy-MM-dd"})
		if f.Key == "date" {
			o = append(o, member{"isPublishDate", true}, member{"default", "{{now}}"})
		}
	case content.Reference, content.ReferenceList:
		list := []any{}
		for _, c := range choices[f.Section] {
			list = append(list, object{{"id", c.Slug}, {"title", c.Title}})
		}
		o = append(o, member{"type", "choice"}, member{"choices", list})
		if f.Type == content.ReferenceList {
			o = append(o, member{"multiple", true})
		}
	case content.Enum, content.EnumList:
		o = append(o, member{"type", "choice"}, member{"choices", f.Values})
		if f.Type == content.EnumList {
			o = append(o, member{"multiple", true})
		}
	case content.TextList:
		o = append(o, member{"type", "list"})
	}
	o = append(o, member{"description", f.Doc})
	if f.Required {
		o = append(o, member{"required", true})
	}
	return o
}
