package markdown

import "testing"

// TestCollectorReset checks that a collector put back in the pool by a walk
// that panicked (content.parseBody recovers) holds nothing of that page: a
// heading left open would copy the text of every later page.
func TestCollectorReset(t *testing.T) {
	c := new(collector)
	c.open()
	c.inline([]byte("vorige pagina"))
	c.links = append(c.links, Link{Dest: "x.md"})
	c.text = append(c.text, "tekst"...)
	c.reset()
	if len(c.sinks) != 0 || len(c.links) != 0 || len(c.text) != 0 || c.doc != nil {
		t.Errorf("after reset: %d open, %d links, text %q", len(c.sinks), len(c.links), c.text)
	}
}
