package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// synthDocs generates n Dutch-like pages, the same for the same n: a few
// hundred common Dutch words, a long tail of made-up compounds (Zipf-like),
// headings, summaries, subregios and themas, ~8 KB of body text each.
func synthDocs(n int) []Doc { return synthDocsSized(n, 8000) }

// synthDocsSized is synthDocs with about body bytes of text per page.
func synthDocsSized(n, body int) []Doc {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(synthCommon)+len(synthTail)-1))
	word := func() string {
		i := int(zipf.Uint64())
		if i < len(synthCommon) {
			return synthCommon[i]
		}
		return synthTail[i-len(synthCommon)]
	}
	sentence := func(words int) string {
		ws := make([]string, words)
		for i := range ws {
			ws[i] = word()
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	sections := []struct{ key, label string }{
		{"goede-praktijken", "Goede praktijk"}, {"goede-praktijken", "Goede praktijk"},
		{"goede-praktijken", "Goede praktijk"}, {"goede-praktijken", "Goede praktijk"},
		{"masterclasses", "Masterclass"}, {"masterclasses", "Masterclass"},
		{"besturen", "Bestuur"}, {"subregios", "Subregio"}, {"themas", "Thema"},
		{"doelen", "Doel"}, {"handboek", "Hoofdstuk"}, {"", "Pagina"},
	}
	subregios := []string{"Arnhem", "Nijmegen", "De Liemers", "Maas en Waal", "Rivierenland", "Achterhoek", "Betuwe", "Rijk van Nijmegen"}
	themas := []string{"ICT", "Burgerschap", "Inclusief onderwijs", "Onderzoekend leren", "Taal", "Rekenen", "Kunst en cultuur",
		"Wetenschap en techniek", "Samenwerken", "Begeleiding", "Professionalisering", "Ouderbetrokkenheid", "Executieve functies", "Passend onderwijs"}
	docs := make([]Doc, n)
	for i := range docs {
		sec := sections[r.IntN(len(sections))]
		title := sentence(2 + r.IntN(5))
		title = strings.TrimSuffix(title, ".")
		d := Doc{
			URL:       fmt.Sprintf("/handboek/%s/pagina-%05d/", sec.key, i),
			Title:     title,
			Type:      sec.key,
			TypeLabel: sec.label,
			Summary:   sentence(12 + r.IntN(15)),
		}
		if sec.key == "" {
			d.URL = fmt.Sprintf("/handboek/pagina-%05d/", i)
		}
		if sec.key == "goede-praktijken" || sec.key == "masterclasses" {
			s := subregios[r.IntN(len(subregios))]
			d.Subregio = Term{Slug: strings.ReplaceAll(strings.ToLower(s), " ", "-"), Title: s}
			for range 1 + r.IntN(3) {
				t := themas[r.IntN(len(themas))]
				d.Themas = append(d.Themas, Term{Slug: strings.ReplaceAll(strings.ToLower(t), " ", "-"), Title: t})
			}
			d.Date = fmt.Sprintf("20%02d-%02d-%02d", 20+r.IntN(7), 1+r.IntN(12), 1+r.IntN(28))
		}
		var text strings.Builder
		for text.Len() < body*7/8+r.IntN(body/4+1) {
			if r.IntN(6) == 0 {
				h := strings.TrimSuffix(sentence(2+r.IntN(4)), ".")
				d.Headings = append(d.Headings, h)
				text.WriteString(h + "\n\n")
			}
			for range 3 + r.IntN(5) {
				text.WriteString(sentence(6+r.IntN(14)) + " ")
			}
			text.WriteString("\n\n")
		}
		d.Text = text.String()
		docs[i] = d
	}
	return docs
}

var synthCommon = strings.Fields(`de het een en van in is op te dat voor met zijn die niet aan er ook als bij
door om naar of maar dan nog wel worden kan meer over uit tot wordt hebben deze zo heeft moet onder
leerlingen onderwijs school leraren samen leren opleiden studenten scholen kinderen ontwikkeling
leerkracht leerkrachten opleiding pabo stage begeleiding praktijk onderzoek groep klas lessen les
samenwerking bestuur besturen regio kennis vaardigheden team teams directeur mentor mentoren
werkplek professionele ontwikkelen ideeën creëren coöperatie masterclass masterclasses
doelen thema's inzicht ervaring ervaringen aanpak project projecten resultaten vraag vragen
gesprek gesprekken feedback reflectie observatie observaties lesbezoek lesbezoeken werkvorm
werkvormen digitale geletterdheid burgerschap rekenen taal lezen schrijven wereldoriëntatie
techniek wetenschap kunst cultuur muziek bewegen sport gezondheid welbevinden sociale emotionele
leerlijn leerlijnen curriculum toetsing beoordeling evaluatie kwaliteit zorg ondersteuning
passend inclusief diversiteit ouders ouderbetrokkenheid partners gemeente bibliotheek museum
hogeschool universiteit lerarenopleiding lerarenopleiders onderzoekers starters specialisten
schooljaar periode week weken maand dag dagen moment momenten tijd planning rooster
belangrijk goed nieuwe eigen verschillende samenwerken ontwerpen uitvoeren delen bespreken
verbeteren versterken ondersteunen stimuleren motiveren begeleiden inspireren verbinden
toekomstbestendig duurzaam innovatief creatief onderzoekend kritisch actief betrokken`)

var synthTail = func() []string {
	heads := strings.Fields(`leer werk school klas les team ouder kind onderwijs praktijk studie regio
	kennis taal reken lees schrijf spel beweeg muziek kunst natuur techniek digi media burger zorg
	groeps beroeps vak toets doel thema stage opleidings ontwikkel samenwerk onderzoeks project`)
	mids := strings.Fields(`kracht plan gesprek vorm lijn tafel moment cirkel route kaart plein
	traject netwerk aanpak ruimte cultuur visie groep dossier bank tuin spel lab`)
	tails := strings.Fields(`en ing ingen heid heden lijk lijke baar bare s e je jes ig ige en`)
	var out []string
	for _, h := range heads {
		for _, m := range mids {
			for _, t := range tails {
				out = append(out, h+m+t)
			}
		}
	}
	// Made-up words of three syllables: the long tail of names and jargon.
	syl := strings.Fields(`ba be bo da de do ka ke ko la le lo ma me mo na ne no pa pe po ra re ro sa se so ta te to va ve vo wa we zo ij ui ou`)
	for _, a := range syl {
		for _, b := range syl {
			for _, c := range syl {
				out = append(out, a+b+c+"n")
			}
		}
	}
	// Shuffle deterministically so the tail is not alphabetical by frequency.
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}()
