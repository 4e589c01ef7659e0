package schema

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/content"
)

// NewPage returns the text of a new page of section s: frontmatter with every
// key of the section, the title, the date and draft: true filled in and every
// other key left empty ("" or []; loading reads empty as "not set") with a
// Dutch comment saying what belongs there, then a short Dutch template body.
// Choices give real examples for references; they may be empty.
func NewPage(s *content.Schema, title string, date time.Time, choices Choices) []byte {
	type line struct{ text, comment string }
	var lines []line
	for _, f := range content.PageFields(s.Section) {
		value, comment := newValue(f, title, date, choices)
		lines = append(lines, line{f.Key + ": " + value, comment})
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l.text))
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# %s, gemaakt met `handboek new`. Vul in wat van toepassing is;\n", s.Label)
	b.WriteString("# een lege waarde (\"\", [] of niets) telt als niet ingevuld.\n")
	for _, l := range lines {
		if l.comment == "" {
			b.WriteString(strings.TrimRight(l.text, " ") + "\n")
			continue
		}
		fmt.Fprintf(&b, "%-*s  # %s\n", width, l.text, l.comment)
	}
	b.WriteString("---\n\n")
	b.WriteString(body(s.Section))
	return []byte(b.String())
}

// newValue returns the YAML value of key f on a new page and its comment.
func newValue(f content.Field, title string, date time.Time, choices Choices) (value, comment string) {
	switch f.Key {
	case "title":
		return strconv.Quote(title), ""
	case "date":
		return date.Format("2006-01-02"), f.Doc
	case "draft":
		return "true", "Concept: zet op false om de pagina te publiceren."
	}
	comment = f.Doc
	switch f.Type {
	case content.Bool:
		return "false", comment
	case content.Int:
		return "", comment + " Een heel getal, bijvoorbeeld 10."
	case content.Enum:
		if f.Required {
			// A required key cannot stay empty: the page must pass check.
			return f.Values[0], fmt.Sprintf("Verplicht; kies uit: %s.", strings.Join(f.Values, ", "))
		}
		return `""`, comment + " Kies uit: " + strings.Join(f.Values, ", ") + "."
	case content.EnumList:
		return "[]", comment + " Kies uit: " + strings.Join(f.Values, ", ") + "."
	case content.Reference:
		if ex := choices.slugs(f.Section); len(ex) > 0 {
			comment += " Bijvoorbeeld: " + ex[0] + "."
		}
		return `""`, comment
	case content.ReferenceList:
		if ex := choices.slugs(f.Section); len(ex) > 0 {
			comment += " Bijvoorbeeld: [" + strings.Join(ex[:min(2, len(ex))], ", ") + "]."
		}
		return "[]", comment
	case content.TextList:
		return "[]", comment
	}
	return `""`, comment
}

// bodies are the template bodies of new pages, by section.
var bodies = map[string]string{
	"goede-praktijken": `## Aanleiding

Waarom is deze praktijk ontstaan? Welke vraag of welk probleem lag eraan ten grondslag?

## Aanpak

Wat hebben de deelnemers gedaan, met wie en hoe lang?

## Opbrengst

Wat heeft het opgeleverd voor leerlingen, studenten, leraren en de opleiding?

## Contact

Bij wie kunnen lezers terecht voor meer informatie?
`,
	"masterclasses": `## Over deze masterclass

Waar gaat de masterclass over, en wie hebben hem samen ontwikkeld?

## Opzet

Hoe verloopt de masterclass: hoeveel bijeenkomsten, welke werkvormen?

## Voor wie

Voor wie is de masterclass bedoeld, en wat heb je nodig om mee te doen?

## Aanmelden

Wanneer en waar vindt de masterclass plaats, en hoe meld je je aan?
`,
	"subregios": `## Over deze subregio

Welke plaatsen en schoolbesturen horen bij deze subregio?

## Wat gebeurt er?

Welke pilots en samenwerkingen lopen er, en wat leveren ze op?

## Contact

Wie is de regiovoorzitter of het aanspreekpunt?
`,
	"doelen": `## Het doel

Beschrijf het doel in één of twee zinnen.

## Waarom dit doel?

Waarom is dit doel belangrijk voor Samen Opleiden?

## Waaraan zien we het?

Waaraan merken we dat het doel bereikt is?
`,
	"themas": `Beschrijf in een paar zinnen waar dit thema over gaat.

## In de praktijk

Welke goede praktijken en masterclasses horen bij dit thema?
`,
	"besturen": `## Deelname aan Samen Opleiden

Sinds wanneer doet het bestuur mee, en met welke opleidingsscholen?

## Contact

Bij wie kunnen lezers terecht voor meer informatie?
`,
	"handboek": `Schrijf hier de inleiding van dit hoofdstuk.

## Eerste paragraaf

Schrijf hier de tekst van de eerste paragraaf.
`,
}

func body(section string) string {
	if b, ok := bodies[section]; ok {
		return b
	}
	return "Schrijf hier de tekst van de pagina.\n"
}
