package search

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/samenopleiden/handboek/internal/textnorm"
)

var (
	update = flag.Bool("update", false, "rewrite testdata/stem_vectors.tsv from -seed")
	seed   = flag.String("seed", "/work/shared/seed/000_a091f63f394a0080.txt", "Dutch text the vectors take their words from (with -update)")
)

// TestDutchMatches is the search contract's table: a query word finds a page
// word when both have a term in common.
func TestDutchMatches(t *testing.T) {
	tests := []struct{ query, page string }{
		{"creeren", "creëren"},
		{"creëren", "Creeren"},
		{"ideeen", "ideeën"},
		{"idee", "ideeën"},
		{"cooperatie", "Coöperatie"},
		{"masterclass", "masterclasses"},
		{"Masterclasses", "masterclass"},
		{"leerkracht", "leerkrachten"},
		{"opleiding", "opleidingen"},
		{"bal", "ballen"},
		{"bus", "bussen"},
		{"categorie", "categorieën"},
		{"zee", "zeeën"},
		{"vaardigheid", "vaardigheden"},
		{"mogelijkheid", "mogelijkheden"},
		{"gemeente", "gemeenten"},
		{"ICT", "ict"},
		{"Straße", "strasse"},
		{"naief", "naïef"},
		{"geinteresseerd", "geïnteresseerd"},
	}
	for _, tt := range tests {
		q, p := Terms(tt.query), Terms(tt.page)
		if len(q) != 1 || len(p) != 1 || q[0] != p[0] {
			t.Errorf("%q -> %q and %q -> %q: want one equal term", tt.query, q, tt.page, p)
		}
	}
}

// TestDutchKeepsApart checks that stemming does not join words a reader
// would keep apart.
func TestDutchKeepsApart(t *testing.T) {
	tests := []struct{ a, b string }{
		{"leren", "leraren"},
		{"les", "lest"},
		{"doel", "doelgroep"},
		{"thema", "theater"},
	}
	for _, tt := range tests {
		if a, b := Terms(tt.a), Terms(tt.b); slices.Equal(a, b) {
			t.Errorf("%q and %q both -> %q", tt.a, tt.b, a)
		}
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Samen creëren: ideeën voor de klas!", []string{"sam", "crer", "idee", "klas"}},
		{"De leerkrachten en hun leerkrachtvaardigheden", []string{"leerkracht", "leerkrachtvaard"}},
		{"thema's in 2026", []string{"thema", "2026"}},
		{"R’IJssel", []string{"ijssel"}},
		{"a b c σ", nil},
		{"σο", []string{"σο"}},
		{strings.Repeat("x", 41) + " lang", []string{"lang"}},
		{"<script>alert(1)</script>", []string{"script", "alert", "script"}},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStemOnlyLetters: words with digits or other scripts are their own term.
func TestStemOnlyLetters(t *testing.T) {
	for _, w := range []string{"2026", "21e", "σοφια", "x2"} {
		if got := Stem(w); got != w {
			t.Errorf("Stem(%q) = %q, want it unchanged", w, got)
		}
	}
}

// TestEachWord checks the indexer's fast tokeniser against Terms (which
// splits with textnorm.Words): the same terms, counts per field and field
// lengths. All texts go through one termCache, so later ones hit its tables.
func TestEachWord(t *testing.T) {
	c := newTermCache(newVocab(newDict(), 0))
	long := strings.Repeat("Lang", 6) // 24 bytes: the longest inline key
	// more terms than termCache.seen and the vocab's table hold at first
	var many strings.Builder
	for i := range 5 * minSeen {
		fmt.Fprintf(&many, "woord%d Kaart%c%c ïdee%d ", i%(4*minSeen), 'a'+i%26, 'a'+i/26%26, i%(2*minSeen))
	}
	for i, s := range []string{
		"Samen creëren: ideeën, 21e-eeuws!",
		"e\u0301tude ca\u0308fe",
		"ﬁets ½ x² Ⅻ Straße İstanbul",
		"ΣΟΦΙΑ σοφία 東京 😀 ok",
		"thema's R’IJssel co-creatie ‘taal’ “quote”",
		"", "   ", "---", "a b c", "De de DE dE het Het samen Samen SAMEN",
		long + " " + long + "e " + long + "en " + strings.ToLower(long) + "ENDE",
		strings.Repeat("x", 40) + " " + strings.Repeat("y", 41) + " " + strings.Repeat("é", 40) + " " + strings.Repeat("é", 41),
		"coördinator Coördinator coördinatoren COÖRDINATOR coördinator-rol “coördinator” ‘samen’",
		"leerkracht12 12leerkracht 2026 1e 2e ABC123xyz 0x1F",
		"Ærø Œuvre ĳsje ÏDEEËN, Ideeën; ideeen",
		many.String(),
		"Samen creëren: ideeën, 21e-eeuws!",
		many.String(),
	} {
		checkTokenize(t, c, i, s)
	}
	// a run of small pages shrinks the table that many grew; a large page
	// grows it again
	grown := len(c.seen)
	for i := range 40 {
		checkTokenize(t, c, 100+i, "Samen creëren: ideeën")
	}
	if len(c.seen) >= grown {
		t.Errorf("termCache.seen kept %d entries after small pages", len(c.seen))
	}
	checkTokenize(t, c, 200, many.String())
}

// checkTokenize tokenises a page with text s in every field and compares it
// with what Terms gives.
func checkTokenize(t *testing.T, c *termCache, id int, s string) {
	t.Helper()
	d := Doc{Title: s, Headings: []string{s, s}, Summary: s, Subregio: Term{Title: s}, Themas: []Term{{Title: s}}, Text: s}
	dt := tokenize(&d, c)
	got := map[string][nFields]uint8{}
	dt.each(func(ti int32, counts [nFields]uint8) {
		term := c.vocab.dict.terms[ti]
		if _, dup := got[term]; dup {
			t.Errorf("%q: term %q listed twice", s, term)
		}
		got[term] = counts
	})
	want := map[string][nFields]uint8{}
	var lens [nFields]int
	for _, f := range []struct {
		f    int
		text string
	}{{fTitle, d.Title}, {fHeadings, s}, {fHeadings, s}, {fSummary, s}, {fTags, s}, {fTags, s}, {fBody, s}} {
		for _, term := range Terms(f.text) {
			n := want[term]
			if n[f.f] < 255 {
				n[f.f]++
			}
			want[term] = n
			lens[f.f]++
		}
	}
	if !maps.Equal(got, want) || dt.lens != lens {
		t.Errorf("tokenize(%q) = %v %v, want %v %v", s, got, dt.lens, want, lens)
	}
	// the text tokenised ahead and merged with the other fields: the same
	body := tokenizeBody(s, c)
	dt = tokenizeWith(&d, &body, c)
	merged := map[string][nFields]uint8{}
	dt.each(func(ti int32, counts [nFields]uint8) {
		term := c.vocab.dict.terms[ti]
		if _, dup := merged[term]; dup {
			t.Errorf("%q: term %q listed twice after merging", s, term)
		}
		merged[term] = counts
	})
	if !maps.Equal(merged, want) || dt.lens != lens {
		t.Errorf("tokenizeWith(%q) = %v %v, want %v %v", s, merged, dt.lens, want, lens)
	}
}

func FuzzEachWord(f *testing.F) {
	f.Add("Samen creëren: ideeën, 21e-eeuws!")
	f.Add("e\u0301 ½ x² ﬁ")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("content is valid UTF-8: the loader rejects anything else")
		}
		c := newTermCache(newVocab(newDict(), 0))
		checkTokenize(t, c, 0, s)
		checkTokenize(t, c, 1, s+" "+strings.ToUpper(s)) // hits the tables
	})
}

const vectorsFile = "testdata/stem_vectors.tsv"

// TestStemVectors keeps testdata/stem_vectors.tsv, which search.js is tested
// against, equal to what Go computes. Run with -update to rewrite it.
func TestStemVectors(t *testing.T) {
	if *update {
		src, err := os.ReadFile(*seed)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(vectorsFile, []byte(vectors(string(src))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 2000 {
		t.Errorf("only %d vectors", len(lines))
	}
	for i, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("%s:%d: want 4 fields, got %q", vectorsFile, i+1, line)
		}
		if got := vectorLine(f[0]); got != line {
			t.Errorf("%s:%d: file has %q, Go gives %q (run go test -run TestStemVectors -update)", vectorsFile, i+1, line, got)
		}
	}
}

// vectorLine is one vector: raw token, textnorm.Fold, textnorm.Words joined by
// spaces, and the Stem of each word joined by spaces.
func vectorLine(raw string) string {
	ws := textnorm.Words(raw)
	stems := make([]string, len(ws))
	for i, w := range ws {
		stems[i] = Stem(w)
	}
	return raw + "\t" + textnorm.Fold(raw) + "\t" + strings.Join(ws, " ") + "\t" + strings.Join(stems, " ")
}

// vectors builds the vector file: every distinct token of the seed text as
// written (with its capitals, diacritics and punctuation), each of its words
// with one Dutch suffix added (to reach every rule of the stemmer), and a list
// of hard cases.
func vectors(seedText string) string {
	seen := map[string]bool{}
	var raws []string
	add := func(s string) {
		if s != "" && !strings.ContainsAny(s, "\t\n\r") && !seen[s] {
			seen[s] = true
			raws = append(raws, s)
		}
	}
	for _, tok := range strings.Fields(seedText) {
		add(tok)
	}
	suffixes := []string{"en", "heden", "ingen", "lijk", "lijke", "baar", "bar", "s", "se", "e", "ig", "ige", "end", "ene", "heid", "tje", "eren"}
	n := 0
	for _, tok := range slices.Clone(raws) {
		for _, w := range textnorm.Words(tok) {
			if regexp.MustCompile(`^[a-z]{3,}$`).MatchString(w) {
				add(w + suffixes[n%len(suffixes)])
				n++
			}
		}
	}
	for _, s := range hardCases {
		add(s)
	}
	var b strings.Builder
	for _, r := range raws {
		b.WriteString(vectorLine(r))
		b.WriteByte('\n')
	}
	return b.String()
}

var hardCases = []string{
	"ideeën", "ideeen", "Ideeën", "idee", "zeeën", "knieën", "categorieën", "bacteriën", "creëren", "creeren",
	"CREËREN", "coöperatie", "cooperatie", "Coöperatie", "masterclass", "masterclasses", "Masterclasses",
	"leerkracht", "leerkrachten", "leerkrachtvaardigheden", "vaardigheden", "mogelijkheden", "gemeente",
	"gemeenten", "gemeentelijke", "lopen", "loopt", "ballen", "bussen", "mannen", "kinderen", "kindertjes",
	"opleiding", "opleidingen", "opleidingsschool", "geïnteresseerd", "beïnvloeden", "naïef", "café", "cafés",
	"kopiëren", "reünie", "yoghurt", "Yvonne", "ijs", "IJsselmeer", "R’IJssel", "mooie", "fraaie", "haaien",
	"uien", "vrijheid", "mogelijk", "eerlijkheid", "heerlijke", "zichtbaar", "zichtbare", "dankbaarheid",
	"wandelend", "wandelende", "ondernemend", "bedrijvig", "bedrijvigheid", "gemene", "genen", "gemeen",
	"business", "stress", "jazz", "fitness", "ooo", "aa", "ee", "y", "yy", "iii", "aaa", "teee", "baar",
	"lijk", "heden", "ing", "heid", "sch", "Straße", "ﬁets", "Ørsted", "ΣΟΦΙΑ", "σοφία", "İstanbul",
	"½", "x²", "Ⅻ", "2026", "21e-eeuws", "e\u0301tude", "東京", "😀", "naïeve", "ĳzer", "œuvre", "Þór",
	"thema's", "co-creatie", "‘taal’", "“quote”", "leraar-in-opleiding", "ICT", "e-mail", "PO/VO",
}

// TestIndexable: no stop word is indexable (indexable looks up only words
// as long as the longest one); other words are from 2 to maxWordRunes
// characters.
func TestIndexable(t *testing.T) {
	for _, w := range Stopwords {
		if indexable(w) {
			t.Errorf("stop word %q is indexable", w)
		}
	}
	for _, tc := range []struct {
		w    string
		want bool
	}{
		{"a", false}, {"é", false}, {"ab", true}, {"ée", true}, {"geweest", false}, {"geweesten", true},
		{"leerkrachten", true}, {strings.Repeat("é", maxWordRunes), true}, {strings.Repeat("e", maxWordRunes+1), false},
	} {
		if got := indexable(tc.w); got != tc.want {
			t.Errorf("indexable(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}
