package search

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"

	"github.com/samenopleiden/handboek/internal/textnorm"
)

// stemSnowball is Stem as it was before dutchStem: with the Snowball code
// that github.com/blevesearch/snowballstem generates. Stem must give what
// it gives for every word.
func stemSnowball(word string) string {
	return stemWith(word, func(w string) string {
		env := snowballstem.NewEnv(w)
		dutch.Stem(env)
		return env.Current()
	})
}

// checkStems fails t for every word of words whose Stem is not stemSnowball's.
func checkStems(t *testing.T, what string, words []string) {
	t.Helper()
	bad := 0
	for _, w := range words {
		if got, want := Stem(w), stemSnowball(w); got != want {
			if bad++; bad <= 20 {
				t.Errorf("%s: Stem(%q) = %q, Snowball gives %q", what, w, got, want)
			}
		}
	}
	if bad > 20 {
		t.Errorf("%s: %d words in all stem differently", what, bad)
	}
	if len(words) == 0 {
		t.Errorf("%s: no words", what)
	}
}

// TestStemIsSnowball compares Stem with stemSnowball on the words of the
// stem vectors and of the synthetic pages, and on systematic words: every
// string of up to 3 letters, of 4 letters of the letters the rules tell
// apart, and short stems with one or two suffixes, each run of the rules.
func TestStemIsSnowball(t *testing.T) {
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var vec []string
	for line := range strings.Lines(string(data)) {
		if f := strings.Split(strings.TrimSuffix(line, "\n"), "\t"); len(f) == 4 {
			vec = append(vec, strings.Fields(f[2])...)
		}
	}
	checkStems(t, "stem vectors", vec)

	synth := map[string]bool{}
	for _, d := range synthDocsSized(200, 2000) {
		for _, w := range textnorm.Words(d.Text) {
			synth[w] = true
		}
	}
	for _, w := range slices.Concat(synthCommon, synthTail) {
		for _, w := range textnorm.Words(w) {
			synth[w] = true
		}
	}
	checkStems(t, "synthetic pages", slices.Collect(maps.Keys(synth)))

	checkStems(t, "up to 3 letters", strings26(3, "abcdefghijklmnopqrstuvwxyz"))
	// the letters the rules tell apart: the vowels, j, the consonants of
	// undouble (d, k, t), of the suffixes (s, n, g, l, b, h, c) and one
	// other (p)
	const letters = "aeiouyjdktsnglbhcp"
	checkStems(t, "4 letters", strings26(4, letters)[len(strings26(3, letters)):])

	suffixes := []string{"", "heden", "heid", "ene", "en", "e", "s", "se", "je", "lijk", "lijke",
		"baar", "bar", "bare", "ing", "ingen", "end", "ende", "ig", "ige", "eeen", "ieen", "sses",
		"gemen", "gemene", "cheid", "eheid", "eig", "eigen", "ieden", "iend", "yen", "ien", "aan",
		"een", "oon", "uun", "aai", "ooy", "dd", "kk", "tt", "dden", "kken", "tten", "dde", "jes", "js"}
	var short []string
	for _, p := range strings26(2, "aeiyjdsnc") {
		for _, s1 := range suffixes {
			for _, s2 := range suffixes {
				short = append(short, p+s1+s2)
			}
		}
	}
	checkStems(t, "suffixes", short)
}

// strings26 returns every string of up to n letters of alphabet, shortest
// first: "", then the strings of 1 letter, and so on.
func strings26(n int, alphabet string) []string {
	out := []string{""}
	for from := 0; n > 0; n-- {
		to := len(out)
		for _, s := range out[from:to] {
			for i := range len(alphabet) {
				out = append(out, s+alphabet[i:i+1])
			}
		}
		from = to
	}
	return out
}

// TestStemSiteIsSnowball is TestStemIsSnowball on every distinct word of
// the Markdown files of the site in $SEARCH_BENCH_SITE (a folder with
// content/: a generated site, or this repository for the real handbook);
// skipped without it.
func TestStemSiteIsSnowball(t *testing.T) {
	dir := os.Getenv("SEARCH_BENCH_SITE")
	if dir == "" {
		t.Skip("SEARCH_BENCH_SITE not set")
	}
	words := siteWords(t, dir)
	t.Logf("%d distinct words", len(words))
	checkStems(t, dir, words)
}

// siteWords returns the distinct folded words of the Markdown files in
// dir/content, frontmatter and markup included, in no order.
func siteWords(tb testing.TB, dir string) []string {
	seen := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		src, err := os.ReadFile(p)
		for _, w := range textnorm.Words(string(src)) {
			seen[w] = true
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return slices.Collect(maps.Keys(seen))
}

// TestStemAllocs checks that Stem allocates only for a stem that is not a
// prefix of its word.
func TestStemAllocs(t *testing.T) {
	tests := []struct {
		word   string
		allocs float64
	}{
		{"leerkracht", 0},
		{"leerkrachten", 0},
		{"opleidingen", 0},
		{"ballen", 0},
		{"ideeen", 0},
		{"masterclasses", 0},
		{"2026", 0},
		{"maken", 0},
		{"schoonheden", 1}, // -> schoonheid
		{"maan", 1},        // -> man
	}
	for _, tt := range tests {
		var s string
		if got := testing.AllocsPerRun(100, func() { s = Stem(tt.word) }); got != tt.allocs {
			t.Errorf("Stem(%q) = %q: %v allocations, want %v", tt.word, s, got, tt.allocs)
		}
	}
}

// FuzzStem compares Stem with stemSnowball. Bytes other than a-z become
// letters, so that the fuzzer explores words the rules apply to; the input
// as it is checks the words Stem leaves alone.
func FuzzStem(f *testing.F) {
	for _, w := range []string{"vaardigheden", "ideeen", "masterclasses", "koninkrijk", "maaien", "yoghurt", "gemene", "lijkbaar", "ay"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i, c := range b {
			if c < 'a' || c > 'z' {
				b[i] = 'a' + c%26
			}
		}
		for _, w := range []string{s, string(b)} {
			if got, want := Stem(w), stemSnowball(w); got != want {
				t.Errorf("Stem(%q) = %q, Snowball gives %q", w, got, want)
			}
		}
	})
}

// BenchmarkStem stems the distinct words of the site in $SEARCH_BENCH_SITE,
// or of the synthetic pages without it, with Stem and with stemSnowball.
func BenchmarkStem(b *testing.B) {
	var words []string
	if dir := os.Getenv("SEARCH_BENCH_SITE"); dir != "" {
		words = siteWords(b, dir)
	} else {
		seen := map[string]bool{}
		for _, d := range synthDocsSized(2000, 2000) {
			for _, w := range textnorm.Words(d.Text) {
				seen[w] = true
			}
		}
		words = slices.Collect(maps.Keys(seen))
	}
	words = slices.DeleteFunc(words, func(w string) bool { return !indexable(w) })
	slices.Sort(words)
	// one after the other in memory, as words are when the index stems them
	all := strings.Join(words, "")
	for i, at := 0, 0; i < len(words); i++ {
		words[i], at = all[at:at+len(words[i])], at+len(words[i])
	}
	for _, bb := range []struct {
		name string
		stem func(string) string
	}{{"hand", Stem}, {"snowball", stemSnowball}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				for _, w := range words {
					bb.stem(w)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
		})
	}
}
