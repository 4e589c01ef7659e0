package search

import (
	"strings"
	"unicode/utf8"

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
//
// A stem is mostly a prefix of the word, returned without allocating; a stem
// that is not ("schoonheden" -> "schoonheid", "maan" -> "man") takes one
// allocation.
func Stem(word string) string { return stemWith(word, dutchStem) }

// stemWith is Stem with snowball as the Snowball Dutch stemmer (the tests
// give it the generated code to compare with).
func stemWith(word string, snowball func(string) string) string {
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
	s := snowball(word)
	if n := len(s); n >= 3 && s[n-1] == s[n-2] && !isVowel(s[n-1]) {
		s = s[:n-1]
	}
	return s
}

// dutchStem is the Snowball Dutch stemmer (snowballstem.org, dutch.sbl, as
// github.com/blevesearch/snowballstem/dutch generates it; the tests compare
// the two) for a word w of the letters a-z, written out by hand: the
// generated code takes about 1.3 µs a word, mostly copying strings.
//
// Its prelude marks an i or y that acts as a consonant with a capital I or
// Y, and its postlude undoes that. Here the word is not changed: vowelAt
// works out the mark where a rule asks whether a letter is a vowel (the
// rules' suffixes have no i or y that could be marked). The stem is w cut
// short, but for two rules: "-heden" becomes "-heid", and a double vowel
// before a final consonant is undoubled ("maak" -> "mak").
func dutchStem(w string) string {
	p1, p2 := dutchRegions(w)
	k := len(w) // the stem so far is w[:k], or w[:k]+"heid" with heid
	heid := false
	switch s := w; {
	case strings.HasSuffix(s, "heden"):
		if p1 <= k-5 {
			k, heid = k-5, true
		}
	case strings.HasSuffix(s, "ene"):
		k = enEnding(w, k-3, k, p1)
	case strings.HasSuffix(s, "en"):
		k = enEnding(w, k-2, k, p1)
	case strings.HasSuffix(s, "se"), strings.HasSuffix(s, "s"):
		i := k - 1 // where the suffix starts
		if s[i] == 'e' {
			i--
		}
		if p1 <= i && i > 0 && !vowelAt(w, i-1) && w[i-1] != 'j' {
			k = i
		}
	}
	eFound := false
	if !heid { // "heid" has no final e
		k, eFound = eEnding(w, k, p1)
	}
	at := k - 4 // where a final "heid" starts
	if heid {
		at = k
	}
	if (heid || strings.HasSuffix(w[:k], "heid")) && p2 <= at && (at == 0 || w[at-1] != 'c') {
		k, heid = at, false
		if strings.HasSuffix(w[:k], "en") {
			k = enEnding(w, k-2, k, p1)
		}
	}
	if heid { // no rule below applies to a final "heid"
		return w[:k] + "heid"
	}
	switch s := w[:k]; {
	case strings.HasSuffix(s, "end"), strings.HasSuffix(s, "ing"):
		if p2 <= k-3 {
			k -= 3
			if strings.HasSuffix(w[:k], "ig") && p2 <= k-2 && (k < 3 || w[k-3] != 'e') {
				k -= 2
			} else {
				k = undouble(w, k)
			}
		}
	case strings.HasSuffix(s, "ig"):
		if p2 <= k-2 && (k < 3 || w[k-3] != 'e') {
			k -= 2
		}
	case strings.HasSuffix(s, "lijk"):
		if p2 <= k-4 {
			k, _ = eEnding(w, k-4, p1)
		}
	case strings.HasSuffix(s, "baar"):
		if p2 <= k-4 {
			k -= 4
		}
	case strings.HasSuffix(s, "bar"):
		if p2 <= k-3 && eFound {
			k -= 3
		}
	}
	// a consonant (a marked I is not one, a marked Y is) after a double
	// vowel after a consonant: one of the vowels goes
	if k >= 4 && w[k-1] != 'i' && !vowelAt(w, k-1) && w[k-2] == w[k-3] &&
		(w[k-2] == 'a' || w[k-2] == 'e' || w[k-2] == 'o' || w[k-2] == 'u') && !vowelAt(w, k-4) {
		return w[:k-2] + w[k-1:k]
	}
	return w[:k]
}

// dutchRegions returns where the Snowball regions R1 and R2 of w begin
// (len(w) where there is none): R1 after the first consonant that follows a
// vowel, but not before 3; R2 after the next consonant that follows a vowel.
func dutchRegions(w string) (p1, p2 int) {
	p1, p2 = len(w), len(w)
	found := false
	prev := false // w[i-1] is a vowel
	for i := 0; i < len(w); i++ {
		c := w[i]
		// vowelAt, in one pass
		v := isVowel(c) && !(c == 'y' && (i == 0 || prev) || c == 'i' && prev && i+1 < len(w) && isVowel(w[i+1]))
		if prev && !v {
			if found {
				p2 = i + 1
				break
			}
			p1, found = max(i+1, 3), true
		}
		prev = v
	}
	return p1, p2
}

// vowelAt reports whether w[i] is a vowel after the Snowball prelude, which
// makes a consonant of an initial y, and of a y after a vowel and an i
// between vowels, left to right (so in "aiia" the second i stays a vowel).
// Whether w[i] is marked depends on w[i-1] being an unmarked vowel: it walks
// back along the i's and y's, each one flipping the answer.
func vowelAt(w string, i int) bool {
	flip := false
	for ; ; i-- {
		c := w[i]
		switch {
		case !isVowel(c):
			return flip
		case i == 0:
			return (c != 'y') != flip
		case c != 'y' && (c != 'i' || i+1 == len(w) || !isVowel(w[i+1])):
			return !flip // a vowel that no rule marks
		}
		flip = !flip
	}
}

// enEnding is the Snowball rule for a suffix "en" or "ene" at w[i:k]: it
// goes in R1 after a consonant but not after "gem", and then undouble.
// It returns the new end of the stem.
func enEnding(w string, i, k, p1 int) int {
	if p1 <= i && i > 0 && !vowelAt(w, i-1) && (i < 3 || w[i-3:i] != "gem") {
		return undouble(w, i)
	}
	return k
}

// eEnding is the Snowball rule for a final e of w[:k]: it goes in R1 after
// a consonant, and then undouble. It returns the new end and whether the e
// went.
func eEnding(w string, k, p1 int) (int, bool) {
	if k >= 2 && w[k-1] == 'e' && p1 <= k-1 && !vowelAt(w, k-2) {
		return undouble(w, k-1), true
	}
	return k, false
}

// undouble drops the last letter of w[:k] if it ends in "dd", "kk" or "tt".
func undouble(w string, k int) int {
	if k >= 2 && w[k-1] == w[k-2] && (w[k-1] == 'd' || w[k-1] == 'k' || w[k-1] == 't') {
		return k - 1
	}
	return k
}

// isVowel reports whether c is a, e, i, o, u or y: a bit test, not
// branches that letters of words would mispredict.
func isVowel(c byte) bool {
	const vowels = 1<<('a'-'a') | 1<<('e'-'a') | 1<<('i'-'a') | 1<<('o'-'a') | 1<<('u'-'a') | 1<<('y'-'a')
	return c-'a' < 26 && vowels>>(c-'a')&1 != 0
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

// maxStopBytes is the length of the longest stop word: indexable looks
// no longer word up in stopSet (most words new to an index are longer).
var maxStopBytes = func() int {
	n := 0
	for _, w := range Stopwords {
		n = max(n, len(w))
	}
	return n
}()

// maxWordRunes drops longer tokens (hashes, base64, run-together garbage).
const maxWordRunes = 40

// indexable reports whether a folded word becomes a term: not a stop word and
// 2 to maxWordRunes characters (code points, as search.js counts them) long.
func indexable(w string) bool {
	if len(w) < 2 || len(w) <= maxStopBytes && stopSet[w] {
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
