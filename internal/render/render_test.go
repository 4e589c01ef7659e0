package render

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/samenopleiden/handboek/internal/site"
)

func TestDatum(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC), "15 juni 2025"},
		{time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), "1 januari 2016"},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "31 december 2026"},
		{time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := Datum(tt.t); got != tt.want {
			t.Errorf("Datum(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{"onderzoek": "Interdisciplinair onderzoek", "starters": "Startende leraren", "proces": "Procesdoel", "iets": "Iets", "": ""} {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTemplateErrorsArePositioned(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html":          {Data: []byte("<html>{{template \"main\" .}}</html>")},
		"layouts/home.html":          {Data: []byte(`{{define "main"}}ok{{end}}`)},
		"layouts/page.html":          {Data: []byte("{{define \"main\"}}\n<p>\n{{.Title</p>{{end}}")},
		"layouts/list.html":          {Data: []byte(`{{define "main"}}{{template "partials/nope.html" .}}{{end}}`)},
		"layouts/partials/card.html": {Data: []byte(`{{if}}`)},
	}
	_, problems := LoadTemplates(fsys, nil)
	got := problems.String()
	for _, want := range []string{
		"layouts/page.html:3: bad character U+003C '<'",
		"layouts/partials/card.html:1: missing value for if",
		"layouts/404.html: missing: every site needs this layout",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

func TestTermOf(t *testing.T) {
	werkvormen := &site.TermList{Key: "werkvormen"}
	onderzoek := &site.Term{List: werkvormen, Value: "onderzoek", URL: "/werkvormen/onderzoek/"}
	werkvormen.Terms = []*site.Term{onderzoek}
	doelgroepen := &site.TermList{Key: "doelgroepen", Terms: []*site.Term{{Value: "leraren"}}}
	v := &View{Site: &site.Site{Terms: []*site.TermList{doelgroepen, werkvormen}}}
	if got, err := v.TermOf("werkvormen", "onderzoek"); got != onderzoek || err != nil {
		t.Errorf("TermOf(werkvormen, onderzoek) = %v, %v", got, err)
	}
	for _, tc := range [][2]string{{"werkvormen", "leraren"}, {"doelgroepen", "onderzoek"}, {"thema", "onderzoek"}} {
		if got, err := v.TermOf(tc[0], tc[1]); got != nil || err == nil {
			t.Errorf("TermOf(%s, %s) = %v, %v; want an error", tc[0], tc[1], got, err)
		}
	}
}
