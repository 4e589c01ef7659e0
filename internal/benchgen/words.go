package benchgen

import (
	"math/rand/v2"
	"strings"
)

// headWords are the most frequent words, in rank order: Dutch function words
// first, then the handbook's own vocabulary, some with diacritics so that the
// folding in slugs and search is exercised (ideeën, creëren, coöperatie).
var headWords = strings.Fields(`
de het een en van in is dat op te die voor met zijn niet aan er om ook als bij
of door naar worden maar dan nog wel kan we ze hun dit deze zo meer over tot uit
wordt heeft hebben al kunnen moeten samen elkaar veel waar zich hoe wat wie onze
je jouw ons goed nieuwe eigen andere elke alle wij hij zij geen tussen binnen
leerlingen leraren studenten opleiding school scholen onderwijs samenwerking
lerarenopleiders onderzoek praktijk ontwikkeling kwaliteit bestuur besturen regio
subregio professionals kennis leren opleiden werkplek schoolopleider instituutsopleider
pabo hogeschool basisschool team teams directeur directie begeleiding stage stages
starters startende leraar leerkracht vakmanschap professionalisering masterclass
masterclasses kennispraktijk programma onderwijsprogramma doelen doel thema themas
werkvormen ontwerpen uitvoeren onderzoeken doelgroep ouders kinderen groep klas
lessen les vaardigheden competenties autonomie betrokkenheid verschillen ict
technologie wetenschap begaafdheid communicatie culturen engels middelen beleid
afspraken plannen jaar jaren periode tijd ruimte aanpak vorm manier inzet resultaat
resultaten opbrengst opbrengsten evaluatie ervaring ervaringen voorbeeld voorbeelden
vraag vragen antwoord inzicht inzichten cultuur rol rollen taak taken verantwoordelijkheid
ideeën creëren coöperatie financiële één reële geïnteresseerd geëvalueerd beïnvloeden
geïntegreerd zeeën knieën efficiënt patiënten coördinator coördinatie realiseren
belangrijk duidelijk samenhang structuur organisatie netwerk partners partner
gemeente gemeenten bibliotheek museum bedrijven bedrijf wijk buurt zorg jeugd
`)

// stems are the nouns that compounds are made of, as Dutch writes them:
// leerkrachtvaardigheden, schoolontwikkeling, opleidingsplaatsen.
var stems = strings.Fields(`
leer leerkracht school opleiding opleidings onderwijs onderzoeks kennis team
les lesson praktijk werk stage ouder kinder klas taal reken lees wereld natuur
beleids kwaliteits ontwikkel samenwerkings begeleidings professionaliserings
leiderschaps regio wijk zorg jeugd
`)

var stemTails = strings.Fields(`
vaardigheden ontwikkeling plaatsen programma programmas cultuur beleid aanpak
kring teams gesprekken doelen plan plannen vragen middelen ruimte groep groepen
momenten dagen weken uren vormen rollen taken netwerk projecten kaart
`)

// Syllables for the long tail of words no dictionary has.
var (
	onsets = strings.Fields(`b d g k l m n p r s t v w z st sch gr kl br tr sp dr pl kn j h f ch bl fl sl sm sn wr zw`)
	nuclei = strings.Fields(`a e i o u aa ee oo uu ie oe ij ui ei ou eu au`)
	codas  = []string{"", "", "", "n", "r", "l", "t", "k", "s", "nd", "rt", "ng", "lt", "st", "cht", "rk", "m", "p"}
	ends   = []string{"", "", "", "en", "ing", "heid", "lijk", "er", "e", "isch", "te", "tje", "ster", "baar"}
)

// vocabulary is a deterministic word list in rank order: the head words, then
// compounds and invented words in a shuffled order, so that a Zipf draw over
// ranks gives a frequent core and a long tail of rare, distinct words.
type vocabulary struct {
	words []string
}

// newVocabulary returns n distinct words (n is raised to the head's size).
func newVocabulary(seed uint64, n int) *vocabulary {
	r := rand.New(rand.NewPCG(seed, 0x766f636162))
	seen := make(map[string]bool, n)
	words := make([]string, 0, n)
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, w := range headWords {
		add(w)
	}
	head := len(words)
	for _, a := range stems {
		for _, b := range stemTails {
			add(a + b)
		}
	}
	for len(words) < n {
		add(inventWord(r))
	}
	tail := words[head:]
	r.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	return &vocabulary{words: words}
}

// inventWord makes a pronounceable Dutch-looking word of one to four
// syllables, now and then with a diaeresis where Dutch spells one (ideeën).
func inventWord(r *rand.Rand) string {
	var b strings.Builder
	syl := 1 + r.IntN(3)
	if r.IntN(6) == 0 {
		syl++
	}
	for i := range syl {
		if i == 0 || r.IntN(3) > 0 {
			b.WriteString(onsets[r.IntN(len(onsets))])
		}
		nuc := nuclei[r.IntN(len(nuclei))]
		if i > 0 && nuc == "e" && r.IntN(8) == 0 {
			nuc = "ë"
		}
		b.WriteString(nuc)
		if i == syl-1 || r.IntN(2) == 0 {
			b.WriteString(codas[r.IntN(len(codas))])
		}
	}
	b.WriteString(ends[r.IntN(len(ends))])
	return b.String()
}

// text draws words from a vocabulary by Zipf's law.
type text struct {
	v *vocabulary
	r *rand.Rand
	z *rand.Zipf
}

// zipfS is the Zipf exponent: close to 1, as in natural language, so that the
// tail stays long (most distinct words occur once or twice in a big corpus).
const zipfS = 1.07

func newText(v *vocabulary, r *rand.Rand) *text {
	return &text{v: v, r: r, z: rand.NewZipf(r, zipfS, 2, uint64(len(v.words)-1))}
}

func (t *text) word() string { return t.v.words[t.z.Uint64()] }

// rareWord draws from beyond the head words, for titles and headings, which
// are mostly content words.
func (t *text) rareWord() string {
	for {
		if w := t.word(); len(w) > 3 {
			return w
		}
	}
}

// words returns n words separated by spaces.
func (t *text) words(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.word())
	}
	return b.String()
}

// phrase returns n content words, the first capitalised: a title or heading.
func (t *text) phrase(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = t.rareWord()
	}
	return capitalise(strings.Join(ws, " "))
}

// sentence returns a sentence of 6 to 20 words with a full stop, sometimes a
// comma, question mark or emphasis.
func (t *text) sentence() string {
	n := 6 + t.r.IntN(15)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = t.word()
	}
	if n > 10 && t.r.IntN(3) == 0 {
		ws[4+t.r.IntN(n-8)] += ","
	}
	switch t.r.IntN(25) {
	case 0:
		i := t.r.IntN(n - 1)
		ws[i] = "**" + ws[i] + "**"
	case 1:
		i := t.r.IntN(n - 1)
		ws[i] = "*" + ws[i] + "*"
	case 2:
		i := t.r.IntN(n - 1)
		ws[i] = "`" + ws[i] + "`"
	}
	end := "."
	if t.r.IntN(12) == 0 {
		end = "?"
	}
	return capitalise(strings.Join(ws, " ")) + end
}

// capitalise upper-cases the first letter of s (ASCII only: our words start
// with an ASCII letter).
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
