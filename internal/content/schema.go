package content

import "slices"

// Type is the kind of value a frontmatter key holds.
type Type int

const (
	String        Type = iota // one line of plain text
	Bool                      // true or false
	Int                       // a whole number
	Date                      // YYYY-MM-DD, a real calendar date
	URL                       // an http(s) address
	Slug                      // a slug of this page itself (the "slug" key)
	Reference                 // the slug of one page of Field.Section
	ReferenceList             // slugs of pages of Field.Section; a single value counts as a list
	Enum                      // one of Field.Values
	EnumList                  // some of Field.Values; a single value counts as a list
	TextList                  // free text items; a single value counts as a list
)

// IsList reports whether values of t are lists.
func (t Type) IsList() bool { return t == ReferenceList || t == EnumList || t == TextList }

// Field is one frontmatter key. The schemas below are the one source of truth:
// loading validates against them, `handboek new` fills them in and
// `handboek schema` turns them into JSON Schemas.
type Field struct {
	Key      string
	Type     Type
	Section  string   // for Reference and ReferenceList: the section whose slugs are allowed
	Values   []string // for Enum and EnumList
	Required bool
	Doc      string // Dutch description for editors
}

// Schema describes the pages of one section.
type Schema struct {
	Section string  // folder under content/; "" for plain pages
	Label   string  // Dutch name of one page, e.g. "Goede praktijk"
	Plural  string  // Dutch name of the list, e.g. "Goede praktijken"
	Fields  []Field // the section's own keys, after the common ones
}

// Field returns the field for key, or nil.
func (s *Schema) Field(key string) *Field {
	for i := range s.Fields {
		if s.Fields[i].Key == key {
			return &s.Fields[i]
		}
	}
	return nil
}

// Keys returns the allowed keys in order.
func (s *Schema) Keys() []string {
	keys := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		keys[i] = f.Key
	}
	return keys
}

// Werkvormen are the three interdisciplinary work forms.
var Werkvormen = []string{"onderzoek", "ontwerpen", "uitvoeren"}

// Doelgroepen are the groups a practice or masterclass is for.
var Doelgroepen = []string{"leerlingen", "studenten", "starters", "leraren", "specialisten", "lerarenopleiders", "onderzoekers"}

// Soorten are the kinds of goal.
var Soorten = []string{"langetermijn", "proces", "tevredenheid"}

// Common keys every page may have.
var common = []Field{
	{Key: "title", Type: String, Required: true, Doc: "De titel van de pagina."},
	{Key: "summary", Type: String, Doc: "Korte samenvatting in gewone tekst (geen Markdown), voor lijsten en zoekresultaten."},
	{Key: "date", Type: Date, Doc: "Publicatiedatum als JJJJ-MM-DD."},
	{Key: "draft", Type: Bool, Doc: "true: concept, alleen zichtbaar met --drafts."},
	{Key: "weight", Type: Int, Doc: "Volgorde in lijsten: lager komt eerst."},
	{Key: "slug", Type: Slug, Doc: "Eigen adres van de pagina (kleine letters, cijfers en streepjes); standaard de bestandsnaam."},
}

var (
	subregio    = Field{Key: "subregio", Type: Reference, Section: "subregios", Doc: "De subregio (slug van een pagina in subregios/)."}
	themas      = Field{Key: "themas", Type: ReferenceList, Section: "themas", Doc: "Thema's (slugs van pagina's in themas/)."}
	doelen      = Field{Key: "doelen", Type: ReferenceList, Section: "doelen", Doc: "Doelen waaraan dit bijdraagt (slugs van pagina's in doelen/)."}
	besturen    = Field{Key: "besturen", Type: ReferenceList, Section: "besturen", Doc: "Betrokken schoolbesturen (slugs van pagina's in besturen/)."}
	werkvormen  = Field{Key: "werkvormen", Type: EnumList, Values: Werkvormen, Doc: "Interdisciplinaire werkvormen."}
	doelgroepen = Field{Key: "doelgroepen", Type: EnumList, Values: Doelgroepen, Doc: "Voor wie dit bedoeld is."}
)

// Schemas lists every section with its own keys, in the order the site shows
// them. A folder not listed here holds plain pages (PlainSchema).
var Schemas = []*Schema{
	{Section: "handboek", Label: "Hoofdstuk", Plural: "Handboek"},
	{Section: "goede-praktijken", Label: "Goede praktijk", Plural: "Goede praktijken",
		Fields: []Field{subregio, themas, doelen, werkvormen, doelgroepen, besturen}},
	{Section: "masterclasses", Label: "Masterclass", Plural: "Masterclasses",
		Fields: []Field{themas, doelen, doelgroepen,
			{Key: "partners", Type: TextList, Doc: "Partners die de masterclass mee maken (vrije tekst)."},
			{Key: "locatie", Type: String, Doc: "Waar de masterclass plaatsvindt."},
			subregio}},
	{Section: "subregios", Label: "Subregio", Plural: "Subregio's",
		Fields: []Field{
			{Key: "voorloper", Type: Bool, Doc: "true als deze subregio tot de voorlopers hoort."},
			besturen}},
	{Section: "doelen", Label: "Doel", Plural: "Doelen",
		Fields: []Field{{Key: "soort", Type: Enum, Values: Soorten, Required: true,
			Doc: "Soort doel: langetermijn, proces of tevredenheid."}}},
	{Section: "themas", Label: "Thema", Plural: "Thema's"},
	{Section: "besturen", Label: "Schoolbestuur", Plural: "Besturen",
		Fields: []Field{{Key: "website", Type: URL, Doc: "Website van het bestuur (https://...)."}, subregio}},
}

// PlainSchema is the schema of pages outside the known sections.
var PlainSchema = &Schema{Label: "Pagina", Plural: "Pagina's"}

// homeSchema holds the site settings of content/_index.md.
var homeSchema = []Field{
	{Key: "title", Type: String, Required: true, Doc: "Naam van de site."},
	{Key: "description", Type: String, Doc: "Korte beschrijving van de site, voor zoekmachines en de feed."},
	{Key: "summary", Type: String, Doc: "Korte samenvatting in gewone tekst."},
	{Key: "repository", Type: URL, Doc: "Adres van de git-repository, voor de links 'Bewerk deze pagina'."},
	{Key: "branch", Type: String, Doc: "Branch in de repository (standaard main)."},
	{Key: "language", Type: String, Doc: "Taal van de site (nl)."},
}

// listSchema holds the keys of a section's _index.md.
var listSchema = []Field{common[0], common[1], common[3], common[4]}

// SchemaFor returns the schema of a section folder.
func SchemaFor(section string) *Schema {
	for _, s := range Schemas {
		if s.Section == section {
			return s
		}
	}
	return PlainSchema
}

// Sections returns the folder names of the known sections.
func Sections() []string {
	var out []string
	for _, s := range Schemas {
		out = append(out, s.Section)
	}
	return out
}

// PageFields returns all keys of a regular page in section: the common ones
// first, then the section's own.
func PageFields(section string) []Field {
	return slices.Concat(common, SchemaFor(section).Fields)
}
