package site

import (
	"math/rand/v2"
	"path"
	"strings"
	"testing"
)

// TestJoinPath holds joinPath to path.Join, on a table and on random paths
// of the bytes that matter to path.Clean.
func TestJoinPath(t *testing.T) {
	same := asPathJoin(t, "joinPath", joinPath)
	for _, tc := range [][2]string{
		{"content/themas", "../doelen/autonomie.md"}, {"content", "x.md"}, {"content/a/b", "../../../x.md"},
		{"content/a", "../../../../x.md"}, {"content/a", "./b/./c.md"}, {"content/a", "b//c.md"},
		{"content", ".."}, {"content", "."}, {"", ""}, {"", "a/../.."}, {"a", ""}, {"/", "x"},
		{"/a", "../../b"}, {"content/a", "/abs.md"}, {"content/a", "b/"}, {"..", "..."}, {"a", "..b/.c"},
	} {
		same(tc[0], tc[1])
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "a./é"
	for range 200_000 {
		same(randomString(rng, alphabet, 10), randomString(rng, alphabet, 10))
	}
}

// asPathJoin returns a check that join, joinPath or joinRel, gives what
// path.Join gives; the checks share their buffers, as a linker's calls do.
func asPathJoin(t *testing.T, name string, join func(dst, scratch []byte, dir, name string) ([]byte, []byte)) func(dir, file string) {
	var dst, scratch []byte
	return func(dir, file string) {
		t.Helper()
		var got []byte
		got, scratch = join(dst, scratch, dir, file)
		dst = got
		if want := path.Join(dir, file); string(got) != want {
			t.Fatalf("%s(%q, %q) = %q, path.Join: %q", name, dir, file, got, want)
		}
	}
}

// TestJoinRel holds joinRel to path.Join for folders that path.Clean leaves
// as they are, the ones it takes a short way with among them.
func TestJoinRel(t *testing.T) {
	same := asPathJoin(t, "joinRel", joinRel)
	for _, tc := range [][2]string{
		{"content/themas", "../doelen/autonomie.md"}, {"content", "x.md"}, {"content/a/b", "../../../x.md"},
		{"content/a", "../../../../x.md"}, {"content/a", "./b/./c.md"}, {"content/a", "b//c.md"},
		{"content", ".."}, {"content", "../.."}, {"content", "../../x/.."}, {"content", "."}, {"a", ""},
		{"content/a", "/abs.md"}, {"content/a", "b/"}, {"a", "..b/.c/..."}, {"..", "x"}, {"/a", "../b"}, {".", "x"},
		// The short way and its edges: some "../", then a clean path.
		{"content/a/b", "../x/y.md"}, {"content/a", "../../x.md"}, {"content/a", "../../../x.md"}, {"a/b", "../c.d/e"},
		{"a/b", "../.c"}, {"a", "../"}, {"a/b", "../x/"}, {"a/b", "../x//y"}, {"a/b", "..../x"}, {"a/b", "../x/./y"},
	} {
		same(tc[0], tc[1])
	}
	rng := rand.New(rand.NewPCG(5, 6))
	const alphabet = "ab./"
	str := func() string { return randomString(rng, alphabet, 12) }
	short := 0
	for range 300_000 {
		dir := path.Clean(str())
		if dir != "." && dir[0] != '/' && dir != ".." && !strings.HasPrefix(dir, "../") {
			short++
		}
		same(dir, str())
	}
	if short < 50_000 {
		t.Errorf("only %d of the random folders take the short way", short)
	}
}

// TestDirOf holds dirOf to path.Dir.
func TestDirOf(t *testing.T) {
	same := func(file string) {
		t.Helper()
		if got, want := dirOf(file), path.Dir(file); got != want {
			t.Fatalf("dirOf(%q) = %q, path.Dir: %q", file, got, want)
		}
	}
	for _, f := range []string{
		"content/doelen/x.md", "content/x.md", "x.md", "", "/", "/x", "content//x.md", "content/./x.md",
		"content/../x.md", "./x.md", "../x.md", "content/", "content/.", "content/..", "a/b/c/d.md", ".x/..y/z",
	} {
		same(f)
	}
	rng := rand.New(rand.NewPCG(9, 10))
	const alphabet = "ab./"
	for range 200_000 {
		same(randomString(rng, alphabet, 10))
	}
}

// randomString is a string of up to maxLen-1 bytes from alphabet.
func randomString(rng *rand.Rand, alphabet string, maxLen int) string {
	b := make([]byte, rng.IntN(maxLen))
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// TestOutFile holds outFile, which appends to a clean path ending in "/",
// to path.Join.
func TestOutFile(t *testing.T) {
	same := func(rel string) {
		t.Helper()
		if got, want := outFile(rel), path.Join(rel, "index.html"); got != want {
			t.Fatalf("outFile(%q) = %q, want %q", rel, got, want)
		}
	}
	for _, rel := range []string{"", "/", "doelen/x/", "doelen/x", "a//b/", "a/./b/", "a/../b/", "../a/", "./a/", ".a/", "a/.b/", "a/", "werkvormen"} {
		same(rel)
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 100_000 {
		same(randomString(rng, "ab./", 12))
	}
}
