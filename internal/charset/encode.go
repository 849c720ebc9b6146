package charset

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// tone marks that Windows-1258 encodes as separate combining bytes.
var tone1258 = map[rune]byte{0x0300: 0xCC, 0x0301: 0xEC, 0x0303: 0xDE, 0x0309: 0xD2, 0x0323: 0xF2}

// EncodeWindows1258 encodes NFC text in Windows-1258 the way Vietnamese
// software writes it: a letter the code page has precomposed is one byte;
// any other toned vowel is its base letter (with circumflex, breve or horn
// composed) followed by the tone as a combining byte. It fails on a rune the
// code page cannot carry. Tests use it to make Windows-1258 fixtures.
func EncodeWindows1258(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i, r := range s {
		if b, ok := charmap.Windows1258.EncodeRune(r); ok {
			out = append(out, b)
			continue
		}
		d := norm.NFD.String(string(r))
		var tone rune
		var rest []rune
		for _, c := range d {
			if _, isTone := tone1258[c]; isTone && tone == 0 {
				tone = c
				continue
			}
			rest = append(rest, c)
		}
		base := []rune(norm.NFC.String(string(rest)))
		if tone == 0 || len(base) != 1 {
			return nil, fmt.Errorf("rune %U at byte %d has no Windows-1258 form", r, i)
		}
		b, ok := charmap.Windows1258.EncodeRune(base[0])
		if !ok {
			return nil, fmt.Errorf("rune %U at byte %d has no Windows-1258 form", r, i)
		}
		out = append(out, b, tone1258[tone])
	}
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("input is not valid UTF-8")
	}
	return out, nil
}
