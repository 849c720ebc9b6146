package vntext

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// foldRef is the plain rune-by-rune definition of Fold and FoldSameLength
// that the byte-level foldBytes must equal.
func foldRef(s string, keepMarks bool) string {
	var b strings.Builder
	for _, r := range s {
		f := FoldRune(r)
		if f == 0 {
			if !keepMarks {
				continue
			}
			f = r
		}
		b.WriteRune(f)
	}
	return b.String()
}

func TestFoldBytesMatchesRunes(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	pool := []rune(sample + "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạỹỸ\u0300\u0301\u0309ЖжΩ中😀 \n\tABCxyz")
	for i := 0; i < 20000; i++ {
		var rs []rune
		for k := rng.Intn(40); k > 0; k-- {
			rs = append(rs, pool[rng.Intn(len(pool))])
		}
		s := string(rs)
		if i%5 == 0 && len(s) > 0 { // broken UTF-8 too
			bs := []byte(s)
			bs[rng.Intn(len(bs))] = byte(rng.Intn(256))
			s = string(bs)
		}
		for _, keep := range []bool{false, true} {
			if got, want := foldBytes(s, keep), foldRef(s, keep); got != want {
				t.Fatalf("foldBytes(%q, %v) = %q, want %q", s, keep, got, want)
			}
		}
		if utf8.ValidString(s) && Fold(s) != foldRef(s, false) {
			t.Fatalf("Fold(%q)", s)
		}
	}
}
