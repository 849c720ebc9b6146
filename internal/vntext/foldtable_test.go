package vntext

import (
	"testing"
	"unicode/utf8"
)

// TestFoldTableComplete: the fold table, built asking the normalisation
// tables only about the blocks mayDecomposeToASCII names, is the table of
// asking about every rune.
func TestFoldTableComplete(t *testing.T) {
	for r := rune(0xC0); r < foldMax; r++ {
		if b := baseLetter(r); b != r && b > 0 && b < utf8.RuneSelf && !mayDecomposeToASCII(r) {
			t.Errorf("%U decomposes to %q but its block is not asked about", r, b)
		}
	}
}
