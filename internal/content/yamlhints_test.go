package content

import (
	"strings"
	"testing"
)

func TestLineHint(t *testing.T) {
	tests := []struct {
		text string
		more []string
		col  int
		has  string // "" for no hint
	}{
		{`title: "Samen leren`, nil, 8, `starts with a quote (") that is never closed`},
		{`title: "Samen \" leren`, nil, 8, "never closed"},
		{`title: "Samen \" leren"`, nil, 0, ""},
		{`title: "Samen`, []string{`  leren"`}, 0, ""}, // closed on the next line: valid YAML
		{`title: 'Leraren'' kamer`, nil, 8, "(') that is never closed"},
		{`title: 'Leraren'' kamer'`, nil, 0, ""},
		{`themas: [ict, taal`, []string{"summary: x"}, 9, `the list of "themas" opens with [`},
		{`themas: [ict,`, []string{"  taal]"}, 0, ""},
		{"summary: *Belangrijk*", nil, 10, "starts with *"},
		{"title: `code`", nil, 8, "starts with `"},
		{"title:ICT", nil, 7, `put a space after the colon of "title": title: ICT`},
		{"website: https://example.org", nil, 0, ""},
		{"summary: Om 10:30 begint het", nil, 0, ""},
		{"  - ict", nil, 0, ""},
		{`titel: "Één"`, nil, 0, ""},
		{`titel: ééé "x`, nil, 0, ""},
		{`wéé: "x`, nil, 0, ""}, // not a key editors can type; no guess
	}
	for _, tt := range tests {
		col, msg := lineHint(tt.text, tt.more)
		if tt.has == "" {
			if msg != "" {
				t.Errorf("%q: unexpected hint %q", tt.text, msg)
			}
			continue
		}
		if col != tt.col || !strings.Contains(msg, tt.has) {
			t.Errorf("%q: col %d %q; want col %d and %q", tt.text, col, msg, tt.col, tt.has)
		}
	}
}
