package vntext

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestBaseLetterMatchesNFD: the base letter read from the normalisation
// tables is the first rune of the NFD string, for every rune folded by
// table.
func TestBaseLetterMatchesNFD(t *testing.T) {
	for r := rune(0xC0); r < 0x1F00; r++ {
		d := norm.NFD.String(string(r))
		b, _ := utf8.DecodeRuneInString(d)
		if got := baseLetter(r); unicode.ToLower(got) != unicode.ToLower(b) && (b < utf8.RuneSelf || got < utf8.RuneSelf) {
			t.Errorf("%U: %U, NFD %U", r, got, b)
		}
	}
}
