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
		if mayDecomposeToASCII(r) {
			if b := baseLetter(r); b < utf8.RuneSelf && b > 0 {
				f = unicode.ToLower(b)
			}
		}
		foldTable[r] = f
	}
	// Latin Extended Additional (ạ…ỹ) lies above foldMax: fold it through NFD.
	for r := rune(0x1EA0); r <= 0x1EF9; r++ {
		extra[r-0x1EA0] = unicode.ToLower(baseLetter(r))
	}
}

// mayDecomposeToASCII reports whether r (below foldMax) lies in a block
// where a rune's canonical decomposition can start with an ASCII rune:
// Latin-1 and the Latin Extended blocks, U+0370–U+037F (U+037E is ";"
// with a mark), Latin Extended Additional and Greek Extended (U+1FEF).
// Asking the normalisation tables about the eight thousand runes below
// foldMax took 4.5 ms of every command's start-up; TestFoldTableComplete
// checks that no rune outside these blocks is missed.
func mayDecomposeToASCII(r rune) bool {
	return r >= 0xC0 && r < 0x250 || r >= 0x370 && r < 0x380 || r >= 0x1E00 && r < foldMax
}

// baseLetter is the first rune of r's canonical decomposition (r itself
// when it has none), read from the normalisation tables without building
// the decomposed string: this runs for eight thousand runes at start-up.
func baseLetter(r rune) rune {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Properties(buf[:n]).Decomposition()
	if len(d) == 0 {
		return r
	}
	b, _ := utf8.DecodeRune(d)
	return b
}

var extra [0x1EF9 - 0x1EA0 + 1]rune

// fold2 maps U+0080–U+07FF and fold3 maps U+1E80–U+1EFF (by their last
// bytes) to their folded ASCII letter, or 0 where the fold is not one ASCII
// byte.
var (
	fold2 [0x800]byte
	fold3 [128]byte
)

func init() {
	for r := rune(0x80); r < 0x800; r++ {
		if f := FoldRune(r); f > 0 && f < utf8.RuneSelf {
			fold2[r] = byte(f)
		}
	}
	for r := rune(0x1E80); r <= 0x1EFF; r++ {
		if f := FoldRune(r); f > 0 && f < utf8.RuneSelf {
			fold3[r-0x1E80] = byte(f)
		}
	}
}

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
	return foldBytes(s, false)
}

// foldBytes is Fold (keepMarks false) or FoldSameLength (keepMarks true):
// runs of ASCII are copied whole, and the two- and three-byte sequences of
// Vietnamese letters are folded through fold2 and fold3 without decoding
// them as runes.
func foldBytes(s string, keepMarks bool) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && c != 0 {
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && s[j] != 0 {
				j++
			}
			k := len(b)
			b = append(b, s[i:j]...)
			for ; k < len(b); k++ {
				if 'A' <= b[k] && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			i = j
			continue
		}
		// The precomposed Vietnamese vowels (U+1EA0–U+1EF9: E1 BA xx and
		// E1 BB xx) and the Latin letters below U+0800 fold to one ASCII
		// letter: looked up without decoding.
		if c == 0xE1 && i+2 < len(s) && (s[i+1] == 0xBA || s[i+1] == 0xBB) {
			if a := fold3[int(s[i+1]-0xBA)<<6|int(s[i+2]&0x3F)]; a != 0 && s[i+2]&0xC0 == 0x80 {
				b = append(b, a)
				i += 3
				continue
			}
		} else if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			if a := fold2[int(c&0x1F)<<6|int(s[i+1]&0x3F)]; a != 0 {
				b = append(b, a)
				i += 2
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		f := FoldRune(r)
		if f == 0 {
			if !keepMarks {
				continue
			}
			f = r
		}
		if f < utf8.RuneSelf {
			b = append(b, byte(f))
		} else {
			b = utf8.AppendRune(b, f)
		}
	}
	return string(b)
}

// FoldSameLength folds s rune for rune, keeping a combining mark as it is,
// so that the result has as many runes as s and a match found in it maps
// back to s (for highlighting).
func FoldSameLength(s string) string {
	return foldBytes(s, true)
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

// toneMarks are the five tone marks as combining characters (NFD).
var toneMarks = map[rune]byte{0x300: '2', 0x301: '1', 0x303: '4', 0x309: '3', 0x323: '5'}

// AccentKey is s in lower case with each word's tone mark moved to the end
// of the word as a digit, the other marks kept: words that differ only in
// where the tone mark is placed (hoà and hòa, thuỷ and thủy, the old and
// the new rule) get the same key, words that differ in their marks do not
// (hoà and hoa). Ranking uses it to prefer hits written with the query's
// accents (SPEC.md §5.4).
func AccentKey(s string) string {
	d := norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(d))
	var tone byte
	for _, r := range d {
		if t, ok := toneMarks[r]; ok {
			tone = t
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			if tone != 0 {
				b.WriteByte(tone)
				tone = 0
			}
		}
		b.WriteRune(r)
	}
	if tone != 0 {
		b.WriteByte(tone)
	}
	return norm.NFC.String(b.String())
}

// IsWordByte reports whether c belongs to a word of folded text: a letter,
// a digit, or a byte of a character beyond ASCII (what the full-text
// index's tokenizer keeps in a token).
func IsWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }

// PhraseAt reports whether the folded words stand in folded text f from byte
// i, each whole (the last may end inside a word when prefix is set),
// separated by non-word characters only, and returns where they end. It
// does not look before i: the caller checks that a word starts there.
func PhraseAt(f string, i int, words []string, prefix bool) (end int, ok bool) {
	for k, w := range words {
		if k > 0 {
			j := i
			for j < len(f) && !IsWordByte(f[j]) {
				j++
			}
			if j == i {
				return 0, false
			}
			i = j
		}
		if !strings.HasPrefix(f[i:], w) {
			return 0, false
		}
		i += len(w)
		if prefix && k == len(words)-1 {
			for i < len(f) && IsWordByte(f[i]) {
				i++
			}
		} else if i < len(f) && IsWordByte(f[i]) {
			return 0, false
		}
	}
	return i, true
}

// HasPhrase reports whether folded text f holds the folded words as a
// phrase of whole words (PhraseAt at the start of a word).
func HasPhrase(f string, words []string, prefix bool) bool {
	if len(words) == 0 {
		return false
	}
	for off := 0; off < len(f); {
		k := strings.Index(f[off:], words[0])
		if k < 0 {
			return false
		}
		at := off + k
		if at == 0 || !IsWordByte(f[at-1]) {
			if _, ok := PhraseAt(f, at, words, prefix); ok {
				return true
			}
		}
		off = at + len(words[0])
	}
	return false
}
