package markdown

import (
	"fmt"
	"reflect"
	"testing"
)

// TestDocKeepsNoBody checks that a Doc shares no memory with the body it was
// parsed from: the build reuses the buffer of a file's source once
// content.Parse returns. Each body is parsed twice; one copy is then
// overwritten, and the two Docs must still be the same, rendered too.
func TestDocKeepsNoBody(t *testing.T) {
	md := New()
	for i, body := range sameCases {
		clobbered := []byte(body)
		got := md.Parse("content/x.md", clobbered, 3)
		want := md.Parse("content/x.md", []byte(body), 3)
		for j := range clobbered {
			clobbered[j] = "#[]()x\n"[j%7]
		}
		if msg := docDiff(md, got, want); msg != "" {
			t.Errorf("case %d %q: after the body was overwritten, %s", i, body, msg)
		}
	}
}

// docDiff returns how got and want differ, or "".
func docDiff(md *Markdown, got, want *Doc) string {
	links := func(d *Doc) []Link {
		var l []Link
		for _, p := range d.Links {
			l = append(l, *p)
		}
		return l
	}
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"Headings", got.Headings, want.Headings},
		{"Links", links(got), links(want)},
		{"Text", got.Text, want.Text},
		{"Diags", got.Diags, want.Diags},
		{"html", string(got.html), string(want.html)},
		{"splices", got.splices, want.splices},
		{"err", fmt.Sprint(got.err), fmt.Sprint(want.err)},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			return fmt.Sprintf("%s differ:\n got  %#v\n want %#v", c.what, c.got, c.want)
		}
	}
	g, gerr := md.Render(got, nil)
	w, werr := md.Render(want, nil)
	if string(g) != string(w) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
		return fmt.Sprintf("Render differs:\n got  %q\n want %q", g, w)
	}
	return ""
}
