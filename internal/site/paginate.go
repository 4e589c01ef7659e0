package site

import (
	"path"
	"strconv"
)

// Listing is a list of pages split into pagers of PerPage items. The first
// pager lives at the list's own address, the others at .../pagina/N/.
type Listing struct {
	Pages  []*Page
	Pagers []*Pager // at least one, possibly empty
}

// Pager is one page of a Listing.
type Pager struct {
	Number int    // from 1
	URL    string // "/goede-praktijken/" or "/goede-praktijken/pagina/2/"
	Out    string // "goede-praktijken/index.html" or "goede-praktijken/pagina/2/index.html"
	Pages  []*Page
	Prev   *Pager
	Next   *Pager
	Of     *Listing
}

func paginate(pages []*Page, url, out string) *Listing {
	l := &Listing{Pages: pages}
	dir := dirOf(out) // path.Dir, without cleaning a clean path again
	for i := 0; i == 0 || i < len(pages); i += PerPage {
		n := i/PerPage + 1
		p := &Pager{Number: n, URL: url, Out: out, Pages: pages[i:min(i+PerPage, len(pages))], Of: l}
		if n > 1 {
			p.URL = url + "pagina/" + strconv.Itoa(n) + "/"
			p.Out = path.Join(dir, "pagina", strconv.Itoa(n), "index.html")
			if dir == "." {
				p.Out = path.Join("pagina", strconv.Itoa(n), "index.html")
			}
			prev := l.Pagers[len(l.Pagers)-1]
			prev.Next, p.Prev = p, prev
		}
		l.Pagers = append(l.Pagers, p)
	}
	return l
}
