package junk

import "testing"

func TestIs(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"x.md", false},
		{"Creëren Samen.md", false},
		{"foto.jpg", false},
		{"4913x.md", false},
		{"notes.md.bak2", false},
		{".x.md.swp", true},
		{"x.md.swp", true},
		{"x.md.swx", true},
		{"x.md~", true},
		{".#x.md", true},
		{"#x.md#", true},
		{"4913", true},
		{".DS_Store", true},
		{"Thumbs.db", true},
		{"x.md___jb_tmp___", true},
		{".goutputstream-ABC123", true},
		{"x.tmp", true},
		{"~$verslag.docx", true},
		{"verslag~$.docx", false},
		{".git", true},
		{"content/goede-praktijken/.x.swp", true},
		{"content/goede-praktijken/x.md", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Is(tt.name); got != tt.want {
			t.Errorf("Is(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
