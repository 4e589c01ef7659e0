package markdown

import "io"

// Convert renders src to w with goldmark alone, configured as for every page
// (extensions, heading ids, scroll boxes), but with none of Parse's own work:
// no positions, link list, plain text or checks, and links rendered as
// written. It is the benchmark's goldmark floor: goldmark's parser with
// linkify and goldmark's renderer, where Parse leaves linkify out when it
// can (parseTree) and renders with htmlOut.
func (m *Markdown) Convert(src []byte, w io.Writer) error { return m.gm.Convert(src, w) }
