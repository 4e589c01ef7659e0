package markdown

import "testing"

// TestParseTreeLinkifiesOnlyWhereNeeded checks which bodies parseTree parses
// again with linkify. TestSameAsReference holds the result to goldmark with
// linkify; this fails if the quick parse is left where it is safe, which
// would cost a third of parsing and change no byte.
func TestParseTreeLinkifiesOnlyWhereNeeded(t *testing.T) {
	md := New()
	for _, c := range []struct {
		body string
		want bool
	}{
		{"", false},
		{"Gewone tekst, met *nadruk* en een [link](a.md).\nTweede regel (tussen haakjes).", false},
		{"[site](https://www.example.nl/a) en [mail](mailto:a@b.nl) en ![foto](http://x.nl/f.png \"titel\")", false},
		{"<https://www.example.nl> en <a@b.nl>", false},
		{"```\nhttps://www.example.nl a@b.nl\n```\n\n    ftp://code.nl", false},
		{"[ref]\n\n[ref]: https://www.example.nl", false},
		{"hard  \nbreak en zichtbaar\\\nbreak", false},
		{"eind met spatie \nen tab\t\n", false},
		{"zie www.example.nl", true},
		{"zie https://example.nl of http://example.nl of ftp://example.nl", true},
		{"mail a@b.nl", true},
		{"`www.in-code.nl`", true},                         // text in a code span: linkify does not run there, but the test is simple
		{"[www.example.nl](https://www.example.nl)", true}, // the same in a link's text
		{"tijd 10:30 en www", false},
		{"regel \t\nmeer", true},
		{"regel    \nmeer", true},
		{"| a \t | b |\n|---|---|\n| c | d |", false}, // white space inside a line
	} {
		if _, got := md.parseTree([]byte(c.body)); got != c.want {
			t.Errorf("%q: parsed with linkify %v, want %v", c.body, got, c.want)
		}
	}
}
