package site

import (
	"fmt"
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
