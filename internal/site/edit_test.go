package site

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/content"
)

func TestEditURL(t *testing.T) {
	file := func(name string) *Page { return &Page{Page: &content.Page{File: name}} }
	page := file("content/goede-praktijken/2024/samen leren.md")
	for _, tc := range []struct {
		repo, branch string
		page         *Page
		want         string
	}{
		{"https://github.com/org/handboek", "", page, "https://github.com/org/handboek/edit/main/content/goede-praktijken/2024/samen%20leren.md"},
		{"https://github.com/org/handboek.git", "concept", page, "https://github.com/org/handboek/edit/concept/content/goede-praktijken/2024/samen%20leren.md"},
		{"https://gitlab.com/org/handboek/", "", file("content/doelen/x.md"), "https://gitlab.com/org/handboek/-/edit/main/content/doelen/x.md"},
		{"https://github.com/org/handboek", "", file("content/themas/één?#.md"), "https://github.com/org/handboek/edit/main/content/themas/%C3%A9%C3%A9n%3F%23.md"},
		{"", "", page, ""},
		{"https://github.com/org/handboek", "", nil, ""},
	} {
		s := &Site{Repository: tc.repo, Branch: tc.branch}
		if got := s.EditURL(tc.page); got != tc.want {
			t.Errorf("EditURL with %q %q = %q, want %q", tc.repo, tc.branch, got, tc.want)
		}
	}
}

// TestEscapePathAsEachSegment holds escapePath, which skips paths that need
// no escaping, against escaping every segment with url.PathEscape.
func TestEscapePathAsEachSegment(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	const alphabet = "az09AZ-._~/ %?#;,:@&=+$!'()*[]é€\x00\x7f" // bytes: some runes come out cut
	for range 20000 {
		p := randomString(r, alphabet, 12)
		parts := strings.Split(p, "/")
		for i, s := range parts {
			parts[i] = url.PathEscape(s)
		}
		if got, want := escapePath(p), strings.Join(parts, "/"); got != want {
			t.Fatalf("escapePath(%q) = %q, want %q", p, got, want)
		}
	}
}
