package site

import (
	"math/rand/v2"
	"path"
	"testing"
)

// TestJoinPath holds joinPath to path.Join, on a table and on random paths
// of the bytes that matter to path.Clean.
func TestJoinPath(t *testing.T) {
	var dst, scratch []byte
	same := func(dir, name string) {
		t.Helper()
		var got []byte
		got, scratch = joinPath(dst, scratch, dir, name)
		dst = got
		if want := path.Join(dir, name); string(got) != want {
			t.Fatalf("joinPath(%q, %q) = %q, path.Join: %q", dir, name, got, want)
		}
	}
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
	str := func() string {
		b := make([]byte, rng.IntN(10))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 200_000 {
		same(str(), str())
	}
}
