package parse

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vntext"
)

// fold1 folds s rune for rune (same number of runes as s), so that an offset
// found in the folded string maps back to s with foldToOrig.
func fold1(s string) string { return vntext.FoldSameLength(s) }

// foldToOrig maps byte offset off of fold1(s) to the byte offset of the same
// rune in s.
func foldToOrig(s, folded string, off int) int { return vntext.FoldedOffset(s, folded, off) }

// upperRatio returns the share of upper-case letters among the letters of s
// and the number of letters.
func upperRatio(s string) (float64, int) {
	up, letters := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				up++
			}
		}
	}
	if letters == 0 {
		return 0, 0
	}
	return float64(up) / float64(letters), letters
}

// isUpperText reports whether s is written in capitals (allowing a little
// OCR noise).
func isUpperText(s string) bool {
	r, n := upperRatio(s)
	return n >= 2 && r >= 0.7
}

// clean collapses white space, removes leftover Markdown markers and trims.
func clean(s string) string {
	if s == "" {
		return s
	}
	if !strings.ContainsAny(s, "*\t\n") {
		return collapseSpaces(s)
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '*', '\t':
			if r == '\t' {
				return ' '
			}
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// collapseSpaces trims s and collapses runs of white space to one space,
// without allocating when s is already clean.
func collapseSpaces(s string) string {
	s = strings.TrimSpace(s)
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\t' || c == '\n' || c == ' ' && i+1 < len(s) && s[i+1] == ' ' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// trimItem removes list bullets and trailing separators from a list entry.
func trimItem(s string) string {
	s = clean(s)
	s = strings.TrimLeft(s, "-–—+•~·> ")
	s = strings.TrimRight(s, ",;.: ")
	return strings.TrimSpace(s)
}

// trimPunct trims spaces and the punctuation that OCR and layout leave around
// a header value.
func trimPunct(s string) string {
	return strings.Trim(clean(s), " ,;:.-–—_|'\"‘’“”`^")
}

// words splits s into fields.
func words(s string) []string { return strings.Fields(s) }

// hasFoldPrefix reports whether folded text f starts with one of prefixes
// (after leading punctuation).
func hasFoldPrefix(f string, prefixes []string) bool {
	f = strings.TrimLeft(f, " -–—+•~*.,;:'\"‘’“”()[]")
	for _, p := range prefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// startsLower reports whether the first letter of s is lower case.
func startsLower(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
		if unicode.IsDigit(r) {
			return false
		}
	}
	return false
}

// isBullet reports whether the trimmed line starts with a list bullet.
func isBullet(s string) bool {
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return false
	}
	switch s[0] {
	case '-', '+', '~':
		return true
	}
	return strings.HasPrefix(s, "•") || strings.HasPrefix(s, "–") || strings.HasPrefix(s, "—")
}

// endsWithAny reports whether trimmed s ends with one of the runes in set.
func endsWithAny(s, set string) bool {
	s = strings.TrimRight(s, " *")
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(set, r)
}

// lazyRegexp compiles expr on first use: the parser's expressions cost
// 8-10 ms to compile, which every command paid at start, parsing or not.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
