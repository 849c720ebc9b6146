package vntext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TCVN3 has codes for the capitals Ă Â Ê Ô Ơ Ư Đ and the ASCII capitals, but
// none for a capital that carries a tone mark: headings were typed with the
// lower-case codes and shown in an upper-case font (.VnTimeH). Decoded, a
// heading "CỘNG HÒA" arrives as "CộNG HòA". recoverCapitals restores the
// capitals where the letters that do carry case make it certain:
//
//   - a line whose case-carrying letters are all capitals, with at least two
//     words of two or more such letters (numbers and symbols like 12/QĐ-UBND
//     do not count), is a heading: every letter is made a capital;
//   - elsewhere, a word whose case-carrying letters are all capitals, and
//     that has two of them or one that is not its first letter (ỦY, TỈNH),
//     is made all capitals; "Hồ" (one capital, first) stays as it is;
//   - the two title lines whose words are certain, the Quốc hiệu and the
//     Party's title, are made capitals even when typed all in lower case;
//   - "ủy ban" followed by a capitalised word is the name of a committee
//     ("Ủy ban Thường vụ Quốc hội"), which Vietnamese writes with a capital.
//
// Text laid out in columns (two or more spaces, or a tab, between them) is
// judged column by column: "Nơi nhận:    BỘ TRƯỞNG".
//
// A word that begins with a tone-marked letter ("ủy ban" at the start of a
// sentence) cannot be told from a lower-case one: it is returned in lost so
// that the record can warn. restored counts the lines and words changed.
func recoverCapitals(text string) (out string, restored int, lost []string) {
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	b.Grow(len(text))
	for _, line := range lines {
		for _, col := range columns(line) {
			nl, n, l := recoverLine(col)
			restored += n
			lost = append(lost, l...)
			b.WriteString(nl)
		}
	}
	out = b.String()
	if strings.Contains(out, "ban") {
		out = committeeRE.ReplaceAllStringFunc(out, func(m string) string {
			restored++
			r, n := utf8.DecodeRuneInString(m)
			if !unicode.IsLetter(r) {
				r2, n2 := utf8.DecodeRuneInString(m[n:])
				return m[:n] + string(unicode.ToUpper(r2)) + m[n+n2:]
			}
			return string(unicode.ToUpper(r)) + m[n:]
		})
	}
	return out, restored, lost
}

var committeeRE = regexp.MustCompile(`(?:^|[^\p{L}])(?:ủy|uỷ)\s+ban\s+\p{Lu}`)

// columns splits a line before each run of two or more spaces or a tab; the
// pieces joined give the line back.
func columns(line string) []string {
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
	if titleLines[strings.Join(strings.Fields(Fold(line)), " ")] {
		if up := strings.ToUpper(line); up != line {
			return up, 1, nil
		}
		return line, 0, nil
	}
	tokens := strings.Fields(line)
	capsWords, lower := 0, 0
	for _, t := range tokens {
		u, l, _ := caseLetters(t)
		lower += l
		if u >= 2 && l == 0 && !strings.ContainsAny(t, "0123456789/") {
			capsWords++
		}
	}
	if lower == 0 && capsWords >= 2 {
		if up := strings.ToUpper(line); up != line {
			return up, 1, nil
		}
		return line, 0, nil
	}
	// Word by word.
	var b strings.Builder
	restored := 0
	var lost []string
	start := true // the next word may begin a sentence
	i := 0
	for i < len(line) {
		r, n := utf8.DecodeRuneInString(line[i:])
		if !unicode.IsLetter(r) {
			if r == '.' || r == '!' || r == '?' || r == ':' {
				start = true
			} else if !unicode.IsSpace(r) && r != '-' && r != '(' && r != '"' && r != '“' {
				start = false
			}
			b.WriteRune(r)
			i += n
			continue
		}
		j := i
		for j < len(line) {
			r2, n2 := utf8.DecodeRuneInString(line[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			j += n2
		}
		w := line[i:j]
		u, l, firstCased := caseLetters(w)
		switch {
		case u > 0 && l == 0 && (u >= 2 || !firstCased):
			if up := strings.ToUpper(w); up != w {
				w = up
				restored++
			}
		case u == 1 && l == 0 && hasNonASCII(w) && inCapsRun(line, i, j):
			// "Xã" in "HòA Xã HộI", "Bộ" in "Bộ TRƯởNG, CHủ NHIệM".
			w = strings.ToUpper(w)
			restored++
		case start && toned(r):
			lost = append(lost, w)
		}
		b.WriteString(w)
		start = false
		i = j
	}
	return b.String(), restored, lost
}

// inCapsRun reports whether the word line[i:j], whose only case-carrying
// letter is a capital first letter, stands in a run of Vietnamese words
// written in capitals: the next word is one and so is the previous word
// or the word after next. Acronyms (plain ASCII) do not count, so "Sở" in
// "Sở GTVT, UBND" stays as it is.
func inCapsRun(line string, i, j int) bool {
	before := strings.Fields(line[:i])
	after := strings.Fields(line[j:])
	if len(after) == 0 || !vnCaps(after[0]) {
		return false
	}
	return len(before) == 0 || vnCaps(before[len(before)-1]) || len(after) > 1 && vnCaps(after[1])
}

// vnCaps: a word in capitals with a Vietnamese letter in it.
func vnCaps(w string) bool {
	u, l, first := caseLetters(w)
	return hasNonASCII(w) && l == 0 && (u >= 2 || u == 1 && !first)
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
	li, ok := letterTable[r]
	return ok && li.tone != toneNone
}
