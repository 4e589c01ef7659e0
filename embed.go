// Package handboek holds the default layouts and static files, embedded in the
// binary so that `handboek build --source DIR` works on a folder that has only
// content/. A site's own layouts/ and static/ override them file by file.
//
// The code lives in cmd/handboek and internal/; this file exists only because
// go:embed can reach files below its own package, and these two folders sit at
// the top of the repository where editors expect them.
package handboek

import "embed"

// Defaults holds layouts/ and static/.
//
//go:embed layouts static
var Defaults embed.FS
