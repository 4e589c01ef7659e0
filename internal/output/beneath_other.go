//go:build !linux

package output

// beneath is Linux's openat2(2) writer; elsewhere Dir writes through os.Root.
type beneath struct{}

func openBeneath(string) (*beneath, bool)                 { return nil, false }
func (*beneath) writeFile(name string, data []byte) error { panic("unreachable") }
func (*beneath) close()                                   {}
