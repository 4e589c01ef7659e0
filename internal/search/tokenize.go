package search

import (
	"strings"

	"github.com/samenopleiden/handboek/internal/textnorm"
)

// termCache maps words to terms for one indexing worker, so that each
// distinct word is folded and stemmed once, and remembers per term its slot in
// the page being tokenised, so that counting a word costs one map lookup.
// Words are looked up as written when they are ASCII letters and digits (the
// common case: no folding needed but lower case) and folded otherwise; both
// kinds of key share the map because a key means the same either way.
type termCache struct {
	byWord map[string]int32 // word -> index in slots; -1: not indexable
	byTerm map[string]int32 // term -> index in slots
	slots  []termSlot       // one per distinct term this worker has seen
	doc    int32            // the page being tokenised
}

type termSlot struct {
	term string
	idx0 int32 // this slot's own index in slots: the term's number in this worker
	doc  int32 // last page that used the slot
	idx  int32 // the term's index in that page's docTerms
}

func newTermCache() *termCache {
	return &termCache{byWord: make(map[string]int32), byTerm: make(map[string]int32)}
}

// lookup returns the slot of word w, or nil if w is not indexable; folded
// says whether w is folded already.
func (c *termCache) lookup(w string, folded bool) *termSlot {
	i, ok := c.byWord[w]
	if !ok {
		w = strings.Clone(w) // w points into the page text
		i = c.slotOf(w, folded)
		c.byWord[w] = i
	}
	if i < 0 {
		return nil
	}
	return &c.slots[i]
}

// slotOf folds (if needed) and stems w, and finds or makes its term's slot.
func (c *termCache) slotOf(w string, folded bool) int32 {
	f := w
	if !folded {
		f = strings.ToLower(w) // ASCII only here
	}
	if !indexable(f) {
		return -1
	}
	t := Stem(f)
	i, ok := c.byTerm[t]
	if !ok {
		t = strings.Clone(t)
		i = int32(len(c.slots))
		c.slots = append(c.slots, termSlot{term: t, idx0: i, doc: -1})
		c.byTerm[t] = i
	}
	return i
}

// eachWord calls fn for every word of text: the same words, in the same order,
// as textnorm.Words(text), which folds the whole text first. It takes the fast
// path for runs of ASCII letters and digits (no folding, lower case is done
// once per distinct word by slotOf) and hands every run with other characters
// in it to textnorm.Words. Any ASCII character other than a letter or digit
// ends a word both ways.
func eachWord(text string, fn func(w string, folded bool)) {
	for i := 0; i < len(text); {
		if isASCIISep[text[i]] {
			i++
			continue
		}
		j, ascii := i, true
		for j < len(text) && !isASCIISep[text[j]] {
			if text[j] >= 0x80 {
				ascii = false
			}
			j++
		}
		if ascii {
			fn(text[i:j], false)
		} else {
			for _, w := range textnorm.Words(text[i:j]) {
				fn(w, true)
			}
		}
		i = j
	}
}

// isASCIISep tells for each byte whether it is ASCII but not a letter or digit.
var isASCIISep = func() (t [256]bool) {
	for c := range 0x80 {
		t[c] = !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
	}
	return t
}()
