package textnorm

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"creëren", "creeren"},
		{"Ideeën", "ideeen"},
		{"Coöperatie", "cooperatie"},
		{"CREËREN", "creeren"},
		{"ﬁets", "fiets"},
		{"Straße", "strasse"},
		{"plain", "plain"},
		{"", ""},
		{"École Ørsted", "ecole orsted"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Creëren Samen", "creeren-samen"},
		{"Waarom samen?", "waarom-samen"},
		{"  --Hallo,   wereld!--  ", "hallo-wereld"},
		{"ICT & onderwijs (2026)", "ict-onderwijs-2026"},
		{"???", ""},
		{"R’IJssel", "r-ijssel"},
		{"Lijn 83", "lijn-83"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsSlug(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"arnhem", true}, {"a-b-c", true}, {"lijn-83", true},
		{"", false}, {"-a", false}, {"a-", false}, {"a--b", false}, {"A", false}, {"a_b", false}, {"é", false},
	}
	for _, tt := range tests {
		if got := IsSlug(tt.in); got != tt.want {
			t.Errorf("IsSlug(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	got := Words("Samen creëren: ideeën, 21e-eeuws!")
	want := []string{"samen", "creeren", "ideeen", "21e", "eeuws"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Creëren Samen", "a--b", "\u202e", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		if got != "" && !IsSlug(got) {
			t.Fatalf("Slug(%q) = %q is not a slug", s, got)
		}
		if Slug(got) != got {
			t.Fatalf("Slug not idempotent on %q", s)
		}
	})
}
