package schema

import (
	"fmt"
	"strings"

	"github.com/samenopleiden/handboek/internal/content"
)

// Draft is the JSON Schema dialect of the generated schemas.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// Patterns, without anchors, of the types that are text of a fixed shape.
const (
	slugPattern = `[a-z0-9]+(-[a-z0-9]+)*`
	datePattern = `[0-9]{4}-[0-9]{2}-[0-9]{2}`
	urlPattern  = `https?://[^/?#\s]+.*`
)

// FileName returns the file name of the JSON Schema of a section.
func FileName(section string) string { return section + ".schema.json" }

// JSONSchema returns the JSON Schema (2020-12) of the frontmatter of a page of
// section s (not of its _index.md), indented, with Dutch descriptions.
func JSONSchema(s *content.Schema, choices Choices) ([]byte, error) {
	var props object
	required := []string{}
	for _, f := range content.PageFields(s.Section) {
		props = append(props, member{f.Key, property(f, choices)})
		if f.Required {
			required = append(required, f.Key)
		}
	}
	doc := object{
		{"$schema", Draft},
		{"$id", FileName(s.Section)},
		{"title", fmt.Sprintf("%s (content/%s/)", s.Label, s.Section)},
		{"description", fmt.Sprintf("De frontmatter van een pagina in content/%s/ (niet van _index.md). "+
			"Gemaakt met `handboek schema` uit dezelfde definities waarmee `handboek check` controleert: niet met de hand bewerken.", s.Section)},
		{"type", "object"},
		{"properties", props},
		{"required", required},
		{"additionalProperties", false},
	}
	return indent(doc)
}

// property returns the schema of one key.
func property(f content.Field, choices Choices) object {
	desc := member{"description", describe(f)}
	if !f.Type.IsList() {
		return append(object{desc}, scalar(f, choices, !f.Required)...)
	}
	item := scalar(f, choices, false)
	alts := []any{object{{"type", "array"}, {"items", item}}, item}
	if !f.Required {
		alts = append(alts, object{{"type", "null"}})
	}
	return object{desc, {"anyOf", alts}}
}

// describe returns a key's Dutch description with a hint on how to write it.
func describe(f content.Field) string {
	d := f.Doc
	switch f.Type {
	case content.Reference, content.Enum:
		d += " Eén waarde."
	case content.ReferenceList, content.EnumList, content.TextList:
		d += " Eén waarde of een lijst: [a, b]."
	}
	if f.Required {
		d += " Verplicht."
	}
	return d
}

// scalar returns the schema of one value of f. With optional, it also accepts
// an empty value (null, and "" for text), which loading reads as "not set".
func scalar(f content.Field, choices Choices, optional bool) object {
	var (
		typ     = "string"
		format  string
		pattern string
		enum    []string
	)
	switch f.Type {
	case content.String, content.TextList:
		if f.Required || f.Type == content.TextList {
			pattern = `\S` // not only spaces
		}
	case content.Bool:
		typ = "boolean"
	case content.Int:
		typ = "integer"
	case content.Date:
		format, pattern = "date", "^"+datePattern+"$"
	case content.URL:
		format, pattern = "uri", "^"+urlPattern+"$"
	case content.Slug:
		pattern = "^" + slugPattern + "$"
	case content.Reference, content.ReferenceList:
		enum = choices.slugs(f.Section)
		if len(enum) == 0 {
			pattern = "^" + slugPattern + "$"
		}
	case content.Enum, content.EnumList:
		enum = f.Values
	}
	var o object
	if optional {
		o = append(o, member{"type", []string{typ, "null"}})
	} else {
		o = append(o, member{"type", typ})
	}
	if format != "" {
		o = append(o, member{"format", format})
	}
	if pattern != "" {
		if optional && typ == "string" && strings.HasPrefix(pattern, "^") {
			pattern = "^(" + strings.TrimSuffix(strings.TrimPrefix(pattern, "^"), "$") + ")?$"
		}
		o = append(o, member{"pattern", pattern})
	}
	if enum != nil {
		vals := make([]any, 0, len(enum)+2)
		for _, v := range enum {
			vals = append(vals, v)
		}
		if optional {
			vals = append(vals, "", nil)
		}
		o = append(o, member{"enum", vals})
	}
	return o
}
