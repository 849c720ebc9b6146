package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTable maps every rune below foldMax to its folded form; 0 means "drop"
// (combining marks).
const foldMax = 0x2000

var foldTable [foldMax]rune

func init() {
	for r := rune(0); r < foldMax; r++ {
		switch {
		case r == 'đ' || r == 'Đ' || r == 0xD0 || r == 0xF0:
			foldTable[r] = 'd'
			continue
		case r >= 0x300 && r <= 0x36F:
			foldTable[r] = 0
			continue
		}
		f := unicode.ToLower(r)
		if r >= 0xC0 {
			d := norm.NFD.String(string(r))
			if b, _ := utf8.DecodeRuneInString(d); b < utf8.RuneSelf && b > 0 {
				f = unicode.ToLower(b)
			}
		}
		foldTable[r] = f
	}
	// Latin Extended Additional (ạ…ỹ) lies above foldMax: fold it through NFD.
	for r := rune(0x1EA0); r <= 0x1EF9; r++ {
		d := norm.NFD.String(string(r))
		b, _ := utf8.DecodeRuneInString(d)
		extra[r-0x1EA0] = unicode.ToLower(b)
	}
}

var extra [0x1EF9 - 0x1EA0 + 1]rune

// FoldRune folds one rune: lower case, marks removed, đ → d. It returns 0
// for a combining mark.
func FoldRune(r rune) rune {
	if r < foldMax {
		return foldTable[r]
	}
	if r >= 0x1EA0 && r <= 0x1EF9 {
		return extra[r-0x1EA0]
	}
	return unicode.ToLower(r)
}

// Fold returns the search key of s: lower case, every tone and vowel mark
// removed, đ → d. "Đảng uỷ" and "dang uy" fold to the same key. Fold is the
// single folding function of the project: indexing and querying both use it.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := FoldRune(r); f != 0 {
			if f < utf8.RuneSelf {
				b.WriteByte(byte(f))
			} else {
				b.WriteRune(f)
			}
		}
	}
	return b.String()
}

// FoldSameLength folds s rune for rune, keeping a combining mark as it is,
// so that the result has as many runes as s and a match found in it maps
// back to s (for highlighting).
func FoldSameLength(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		f := FoldRune(r)
		if f == 0 {
			f = r
		}
		if f < utf8.RuneSelf {
			b.WriteByte(byte(f))
		} else {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// FoldedOffset maps byte offset off of FoldSameLength(s) (given as folded)
// to the byte offset of the same rune in s.
func FoldedOffset(s, folded string, off int) int {
	if off <= 0 {
		return 0
	}
	if off >= len(folded) {
		return len(s)
	}
	if len(s) == len(folded) {
		return off
	}
	n := utf8.RuneCountInString(folded[:off])
	i := 0
	for n > 0 && i < len(s) {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		n--
	}
	return i
}

// Words splits s into runs of letters and digits, the way the FTS5 unicode61
// tokenizer does. Queries, filters and ranking all split text with it.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
