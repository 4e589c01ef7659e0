package site

import (
	"fmt"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/markdown"
)

func TestHasID(t *testing.T) {
	doc := func(n int) *markdown.Doc {
		d := &markdown.Doc{}
		for i := range n {
			d.Headings = append(d.Headings, markdown.Heading{ID: fmt.Sprintf("kop-%d", i)})
		}
		return d
	}
	l := &linker{ids: &idCache{}}
	for _, n := range []int{0, 3, 32, 33, 200} { // scanned, and a set beyond 32
		d := doc(n)
		for _, tc := range []struct {
			id   string
			want bool
		}{{"kop-0", n > 0}, {fmt.Sprintf("kop-%d", n-1), n > 0}, {fmt.Sprintf("kop-%d", n), false}, {"", false}} {
			if got := l.hasID(d, tc.id); got != tc.want {
				t.Errorf("%d headings: hasID(%q) = %v, want %v", n, tc.id, got, tc.want)
			}
		}
	}
}

// TestRefsToPagesInSubfolders: a reference names a page by slug wherever its
// file is under the section; of two with the same slug, the first in the
// section's order is taken.
func TestRefsToPagesInSubfolders(t *testing.T) {
	s, problems := load(t, map[string]string{
		"content/_index.md":                  page("Home"),
		"content/besturen/2024/delta.md":     page("Delta (2024)", "weight: 2"),
		"content/besturen/oud/delta.md":      page("Delta (oud)", "weight: 1"),
		"content/besturen/noord/kappa.md":    page("Kappa"),
		"content/goede-praktijken/x.md":      page("X", "besturen: [delta, kappa]"),
		"content/goede-praktijken/fout.md":   page("Fout", "besturen: [lambda]"),
		"content/goede-praktijken/_index.md": page("Goede praktijken"),
	}, Options{})
	if !strings.Contains(problems, `unknown bestuur "lambda"`) {
		t.Errorf("missing reference not reported:\n%s", problems)
	}
	x := s.PageByFile("content/goede-praktijken/x.md")
	var got []string
	for _, b := range x.Besturen {
		got = append(got, b.Meta.Title)
	}
	if want := "Delta (oud) Kappa"; strings.Join(got, " ") != want {
		t.Errorf("besturen = %q, want %q", strings.Join(got, " "), want)
	}
}
