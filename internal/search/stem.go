package search

import (
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"

	"github.com/samenopleiden/handboek/internal/textnorm"
)

// Stem returns the search term for one folded word (see textnorm.Fold): the
// Snowball Dutch stem, with three small additions where that algorithm leaves
// forms of one word apart:
//
//   - a plural "-eeën"/"-ieën" (folded "eeen", "ieen") loses its "en" first:
//     "ideeen" -> "idee", "categorieen" -> "categorie";
//   - an English plural "-sses" loses its "es" first: "masterclasses" -> "masterclass";
//   - a final double consonant left by the stemmer is undoubled: "ballen" ->
//     "ball" -> "bal", so it meets "bal"; "masterclass" -> "masterclas".
//
// Only words of the letters a-z are stemmed; any other word (digits, other
// scripts) is its own term. static/js/search.js ports exactly this function and
// testdata/stem_vectors.tsv keeps the two in step.
func Stem(word string) string {
	for i := 0; i < len(word); i++ {
		if c := word[i]; c < 'a' || c > 'z' {
			return word
		}
	}
	n := len(word)
	switch {
	case n > 4 && word[n-3:] == "een" && (word[n-4] == 'e' || word[n-4] == 'i'):
		word = word[:n-2]
	case n > 4 && word[n-4:] == "sses":
		word = word[:n-2]
	}
	env := snowballstem.NewEnv(word)
	dutch.Stem(env)
	s := env.Current()
	if n := len(s); n >= 3 && s[n-1] == s[n-2] && !isVowel(s[n-1]) {
		s = s[:n-1]
	}
	return s
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// Stopwords are the folded words left out of the index: the Snowball Dutch
// stop list. The manifest carries them, so the browser drops the same words.
var Stopwords = []string{
	"aan", "al", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan",
	"dat", "de", "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een",
	"eens", "en", "er", "ge", "geen", "geweest", "haar", "had", "heb", "hebben",
	"heeft", "hem", "het", "hier", "hij", "hoe", "hun", "iemand", "iets", "ik",
	"in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me", "meer", "men",
	"met", "mij", "mijn", "moet", "na", "naar", "niet", "niets", "nog", "nu", "of",
	"om", "omdat", "onder", "ons", "ook", "op", "over", "reeds", "te", "tegen",
	"toch", "toen", "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren",
	"was", "wat", "werd", "wezen", "wie", "wil", "worden", "wordt", "zal", "ze",
	"zelf", "zich", "zij", "zijn", "zo", "zonder", "zou",
}

var stopSet = func() map[string]bool {
	m := make(map[string]bool, len(Stopwords))
	for _, w := range Stopwords {
		m[w] = true
	}
	return m
}()

// maxWordRunes drops longer tokens (hashes, base64, run-together garbage).
const maxWordRunes = 40

// indexable reports whether a folded word becomes a term: not a stop word and
// 2 to maxWordRunes characters (code points, as search.js counts them) long.
func indexable(w string) bool {
	if len(w) < 2 || stopSet[w] {
		return false
	}
	n := utf8.RuneCountInString(w)
	return n >= 2 && n <= maxWordRunes
}

// Terms returns the search terms of a text in order, with repeats: folded,
// split into words, stop words and too short or too long words dropped, stemmed.
// A query and a page go through the same function.
func Terms(text string) []string {
	var out []string
	for _, w := range textnorm.Words(text) {
		if indexable(w) {
			out = append(out, Stem(w))
		}
	}
	return out
}
