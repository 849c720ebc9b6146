package charset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vntext"
)

// TCVN3 has codes for the capitals Ă Â Ê Ô Ơ Ư Đ and the ASCII capitals, but
// none for a capital that carries a tone mark: headings were typed with the
// lower-case codes and shown in an upper-case font (.VnTimeH). Decoded, a
// heading "CỘNG HÒA" arrives as "CộNG HòA". recoverCapitals restores the
// capitals where the letters that do carry case make it certain:
//
//   - a line with no small case-carrying letter and either two words of two
//     or more capitals or two words with a tone-marked letter (BỘ Y TẾ) is a
//     heading: every letter is made a capital (numbers and symbols like
//     12/QĐ-UBND do not count as words);
//   - elsewhere, a word whose case-carrying letters are all capitals, and
//     that has two of them or one that is not its first letter (ỦY, TỈNH),
//     is made all capitals; "Hồ" (one capital, first) stays as it is, except
//     in a run of words without a small letter that holds such a word
//     ("Bộ TRƯởNG" → "BỘ TRƯỞNG") or that is underlined with "---", as the
//     issuer block is;
//   - the two title lines whose words are certain, the Quốc hiệu and the
//     Party's title, are made capitals even when typed all in lower case;
//   - "ủy ban" followed by a capitalised word is the name of a committee
//     ("Ủy ban Thường vụ Quốc hội"), which Vietnamese writes with a capital;
//     so is "ủy ban nhân dân" inside a sentence, the people's committee, an
//     organ of the State that official texts always name with a capital
//     ("Chủ tịch Ủy ban nhân dân tỉnh": Nghị định 30/2020, Phụ lục II, and
//     every occurrence in the dev corpus). At the start of a line it may be
//     a heading typed in lower case, which the parser restores whole.
//
// Text laid out in columns (two or more spaces, or a tab, between them) is
// judged column by column: "Nơi nhận:    BỘ TRƯỞNG".
//
// A word that begins with a tone-marked letter ("ủy ban" at the start of a
// sentence) cannot be told from a lower-case one: it is returned in lost so
// that the record can warn.
func recoverCapitals(text string) (string, capsRepair) {
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	b.Grow(len(text))
	var c capsRepair
	for _, line := range lines {
		for _, col := range Columns(line) {
			nl, n, l := recoverLine(col)
			c.restored += n
			c.lost = append(c.lost, l...)
			b.WriteString(nl)
		}
	}
	out, n := committeeCapitals(b.String())
	c.committees = n
	return out, c
}

// capsRepair is what recoverCapitals did: lines and words written all in
// capitals restored, committee names given their capital Ủ, and the words
// that may have lost a capital nobody can know.
type capsRepair struct {
	restored, committees int
	lost                 []string
}

func (c *capsRepair) add(o capsRepair) {
	c.restored += o.restored
	c.committees += o.committees
	c.lost = append(c.lost, o.lost...)
}

// committeeCapitals writes "ủy ban" (or "uỷ ban") followed by a capitalised
// word, or by "nhân dân" inside a sentence, with a capital Ủ: "ủy ban Thường
// vụ Quốc hội" → "Ủy ban Thường vụ Quốc hội", "của ủy ban nhân dân" → "của Ủy
// ban nhân dân".
func committeeCapitals(s string) (string, int) {
	n := 0
	var b []byte
	for _, uy := range []string{"ủy", "uỷ"} {
		for from := 0; ; {
			i := strings.Index(s[from:], uy)
			if i < 0 {
				break
			}
			i += from
			from = i + len(uy)
			if i > 0 {
				if r, _ := utf8.DecodeLastRuneInString(s[:i]); unicode.IsLetter(r) {
					continue
				}
			}
			rest := strings.TrimLeftFunc(s[from:], unicode.IsSpace)
			if len(rest) == len(s[from:]) || !strings.HasPrefix(rest, "ban") {
				continue
			}
			after := strings.TrimLeftFunc(rest[3:], unicode.IsSpace)
			if len(after) == len(rest[3:]) || !unicode.IsUpper(firstRune(after)) && !(isPeoples(after) && afterWord(s[:i])) {
				continue
			}
			if b == nil {
				b = []byte(s)
			}
			up := "Ủy"
			if uy == "uỷ" {
				up = "Uỷ"
			}
			copy(b[i:], up) // same length: Ủ and ủ are both three bytes
			n++
		}
	}
	if b == nil {
		return s, 0
	}
	return string(b), n
}

// isPeoples reports whether s begins with the words "nhân dân" (the rest of
// "ủy ban nhân dân"), the line breaks of a wrapped text counting as spaces.
func isPeoples(s string) bool {
	rest, ok := strings.CutPrefix(s, "nhân")
	if !ok {
		return false
	}
	after := strings.TrimLeftFunc(rest, unicode.IsSpace)
	if len(after) == len(rest) || !strings.HasPrefix(after, "dân") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(after[len("dân"):])
	return !unicode.IsLetter(r)
}

// afterWord reports whether s ends with a word and one space: the next word
// stands inside a sentence ("của ủy ban"), not at the start of a line, a
// column or a sentence, nor after "TM." (a heading typed in lower case, whose
// capitals the parser restores from the layout).
func afterWord(s string) bool {
	rest, ok := strings.CutSuffix(s, " ")
	if !ok {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(rest)
	return unicode.IsLetter(r)
}

// Columns splits a line laid out in columns (Word saves a table row as cells
// separated by tabs; converters use runs of spaces) after each tab or run of
// two or more spaces. The pieces, separators kept, joined give the line back.
func Columns(line string) []string {
	var out []string
	start := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '\t' || line[i] == ' ' && i+1 < len(line) && line[i+1] == ' ' {
			j := i
			for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
				j++
			}
			out = append(out, line[start:j])
			start, i = j, j-1
		}
	}
	return append(out, line[start:])
}

var titleLines = map[string]bool{
	"cong hoa xa hoi chu nghia viet nam": true,
	"dang cong san viet nam":             true,
}

func recoverLine(line string) (string, int, []string) {
	if !hasNonASCII(line) {
		return line, 0, nil
	}
	if len(line) < 120 && (strings.Contains(line, "nam") || strings.Contains(line, "NAM")) && titleLines[strings.Join(vntext.Words(vntext.Fold(line)), " ")] {
		if up := strings.ToUpper(line); up != line {
			return up, 1, nil
		}
		return line, 0, nil
	}
	if !mayNeedCapitals(line) {
		return line, 0, lostAtSentenceStart(line)
	}
	// The line as a whole: whitespace-separated tokens.
	lower, capsWords, tonedWords := 0, 0, 0
	for _, w := range strings.Fields(line) {
		u, l, _ := caseLetters(w)
		lower += l
		if u+l > 0 && !strings.ContainsAny(w, "0123456789/") {
			if u >= 2 && l == 0 {
				capsWords++
			}
			if strings.IndexFunc(w, toned) >= 0 {
				tonedWords++
			}
		}
	}
	// A line with no small letter and two words in capitals, or two words
	// that lost the capital of a tone-marked letter (BỘ Y TẾ), is a heading.
	if lower == 0 && (capsWords >= 2 || tonedWords >= 2) {
		if up := strings.ToUpper(line); up != line {
			return up, 1, nil
		}
		return line, 0, nil
	}
	// Word by word: runs of letters.
	var ws []capWord
	eachLetterRun(line, func(i, j int) {
		w := capWord{i: i, j: j}
		w.u, w.l, w.first = caseLetters(line[i:j])
		w.strong = w.l == 0 && (w.u >= 2 || w.u == 1 && !w.first) && strings.IndexFunc(line[i:j], toned) >= 0
		ws = append(ws, w)
	})
	up := make([]bool, len(ws))
	for k, w := range ws {
		up[k] = w.u > 0 && w.l == 0 && (w.u >= 2 || !w.first)
	}
	// In a run of words without a small letter that holds a word whose
	// tone-marked letter lost its capital (TRƯởNG), the words with one
	// capital (Bộ, Y, Tế) are capitals too; so are they in a run underlined
	// by a rule of dashes, as the issuer block is. A word next to a digit or a
	// slash (Số in "BÁO/Số 281") is not part of a run.
	for k := 0; k < len(ws); {
		if ws[k].l > 0 || symbolic(line, ws[k]) {
			k++
			continue
		}
		e, strong := k, false
		for e < len(ws) && ws[e].l == 0 && !symbolic(line, ws[e]) {
			strong = strong || ws[e].strong
			e++
		}
		// The issuer block is underlined: "Bộ Y Tế -------" is a heading.
		if rest := strings.TrimLeft(line[ws[e-1].j:], " \t"); strings.HasPrefix(rest, "---") || strings.HasPrefix(rest, "___") {
			strong = true
		}
		if strong {
			for m := k; m < e; m++ {
				if ws[m].u == 1 {
					up[m] = true
				}
			}
		}
		k = e
	}
	var b strings.Builder
	restored := 0
	var lost []string
	prev := 0
	for k, w := range ws {
		b.WriteString(line[prev:w.i])
		t := line[w.i:w.j]
		if up[k] {
			if ut := strings.ToUpper(t); ut != t {
				t = ut
				restored++
			}
		} else if r := firstLetter(t); toned(r) && unicode.IsLower(r) && sentenceStart(line[:w.i]) {
			lost = append(lost, t)
		}
		b.WriteString(t)
		prev = w.j
	}
	b.WriteString(line[prev:])
	return b.String(), restored, lost
}

// mayNeedCapitals is the cheap test run on every line. The rules below
// upper-case only words that hold a tone-marked small letter and a capital
// and no other small letter: a "strong" one (CộNG, ủY) always; one with a
// single capital in front (Bộ) only where the whole line has no small
// letter, in a run with a strong word, or above a rule of dashes.
func mayNeedCapitals(line string) bool {
	u, l, tonedLower, firstUpper, n := 0, 0, false, false, 0
	ambiguous, lineLower := false, false
	end := func() bool {
		if tonedLower && u > 0 && l == 0 {
			if u >= 2 || !firstUpper {
				return true // strong
			}
			ambiguous = true
		}
		u, l, tonedLower, firstUpper, n = 0, 0, false, false, 0
		return false
	}
	for _, r := range line {
		if !unicode.IsLetter(r) {
			if end() {
				return true
			}
			continue
		}
		switch {
		case toned(r) && unicode.IsLower(r):
			tonedLower = true
		case unicode.IsUpper(r):
			u++
			if n == 0 {
				firstUpper = true
			}
		default:
			l++
			lineLower = true
		}
		n++
	}
	if end() {
		return true
	}
	return ambiguous && (!lineLower || strings.Contains(line, "---") || strings.Contains(line, "___"))
}

// lostAtSentenceStart lists the words of line that begin a sentence with a
// small tone-marked letter (ủy, ở): their capital may be lost.
func lostAtSentenceStart(line string) []string {
	var lost []string
	eachLetterRun(line, func(i, j int) {
		if r := firstRune(line[i:]); toned(r) && unicode.IsLower(r) && sentenceStart(line[:i]) {
			lost = append(lost, line[i:j])
		}
	})
	return lost
}

// symbolic: the word touches a digit or a slash (a number or a symbol).
func symbolic(line string, w capWord) bool {
	if w.i > 0 && strings.ContainsAny(line[w.i-1:w.i], "0123456789/") {
		return true
	}
	return w.j < len(line) && strings.ContainsAny(line[w.j:w.j+1], "0123456789/")
}

// sentenceStart: only spaces, or the end of a sentence, before.
func sentenceStart(before string) bool {
	t := strings.TrimRight(before, " \t\"*(“-")
	return t == "" || strings.ContainsAny(t[len(t)-1:], ".!?:")
}

func firstLetter(w string) rune {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return r
		}
	}
	return 0
}

// caseLetters counts the letters of w that carry case in TCVN3 (all but the
// tone-marked ones): upper, lower, and whether the first letter is one.
func caseLetters(w string) (upper, lower int, firstCased bool) {
	first := true
	for _, r := range w {
		if !unicode.IsLetter(r) {
			continue
		}
		if !toned(r) {
			if unicode.IsUpper(r) {
				upper++
			} else {
				lower++
			}
			if first {
				firstCased = true
			}
		}
		first = false
	}
	return
}

// toned reports whether r carries a tone mark.
func toned(r rune) bool {
	li, ok := letterOf(r)
	return ok && li.tone != toneNone
}

// capWord is a run of letters of a line, s[i:j], with its case-carrying
// letters counted (see caseLetters); strong: all capitals, and a tone-marked
// letter that lost its capital (TRƯởNG, ủY).
type capWord struct {
	i, j          int
	u, l          int
	first, strong bool
}

// eachLetterRun calls f with the bounds of each run of letters of s.
func eachLetterRun(s string, f func(i, j int)) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		j := letterRunEnd(s, i)
		f(i, j)
		i = j
	}
}

// letterRunEnd returns the end of the run of letters that starts at s[i].
func letterRunEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += n
	}
	return i
}
