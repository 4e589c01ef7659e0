//go:build !linux

package build

import "io/fs"

// sourceFiles reads the content files of one build (see source_linux.go).
type sourceFiles struct{ fsys fs.FS }

func openSource(_ string, fsys fs.FS) *sourceFiles { return &sourceFiles{fsys} }

func (s *sourceFiles) readFile(name string, _ int64, _ []byte) ([]byte, error) {
	return fs.ReadFile(s.fsys, name)
}

func (s *sourceFiles) close() {}
