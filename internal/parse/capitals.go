package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/charset"
)

// TCVN3 text whose headings were typed all in lower case for an upper-case
// font (.VnTimeH) arrives as "tỉnh ủy bình dương": no letter says it was a
// heading, so vntext cannot restore it. The layout can: NĐ 30/2020 and
// 36-HD/VPTW print the issuer block above the number line, and the signing
// authority and the title above the signer's name, in capitals.
// restoreLayoutCaps upper-cases what those places hold in lower case, for
// TCVN3 input only, and counts the lines it changed. A line is judged by
// columns (Word saves a table row as cells separated by tabs; converters use
// runs of spaces).
//
//   - Header, the lines before the first number line (Số…), V/v line, Kính
//     gửi line or long paragraph, within the first fifteen lines: a column
//     that is short (at most ten words, no digit) and all in lower case; and
//     the Quốc hiệu or the Party title found inside a line, with the issuer
//     column before it ("bộ tài chính cộng hòa xã hội chủ nghĩa việt nam").
//   - The type name line ("quyết định", "nghị quyết"…, alone on its line
//     after the header) and the issuing authority on the short line right
//     before the first "Căn cứ" ("ủy ban thường vụ quốc hội").
//   - Signature: a short column that begins with an authority prefix (t/m,
//     tm., kt., k/t, q., tl., tuq.) and the column below it, up to the
//     signer's name ("bộ trưởng chánh văn phòng Nguyễn Đức Tâm" keeps the
//     name; "tm. ủy ban nhân dân / kt. chủ tịch / phó chủ tịch" restores all
//     three); and, among the last twenty lines, a short lower-case line right
//     above the signer's name (two to five capitalised words; lines without
//     letters between them are skipped).

var (
	reLayoutEnd  = lazyRegexp(`^\W*(?:s[oôố6]\s*[:.\d]|v\s*/\s*v\b|kinh\s+gui)`)
	reLowerAuth  = lazyRegexp(`^\W*(?:t\s*/\s*m|k\s*/\s*t|t\s*/\s*l|tm|kt|tl|tuq|q)\s*[.:/]?(?:\s+\p{L}|\s*$)`)
	reSignerName = lazyRegexp(`^\W*(?:\p{Lu}\p{Ll}*\s+){1,4}\p{Lu}\p{Ll}*\W*$`)
)

func restoreLayoutCaps(text string) (string, int) {
	lines := strings.Split(text, "\n")
	changed := map[int]bool{}
	set := func(i int, l string) {
		if l != lines[i] {
			lines[i] = l
			changed[i] = true
		}
	}
	// Header.
	for i := 0; i < len(lines) && i < 15; i++ {
		f := fold1(lines[i])
		if reLayoutEnd().MatchString(strings.TrimSpace(f)) || len(f) > 160 {
			break
		}
		l := lines[i]
		for _, re := range []*regexp.Regexp{reMotto(), reParty()} {
			if m := re.FindStringIndex(f); m != nil {
				e := foldToOrig(l, f, m[1])
				l = strings.ToUpper(l[:e]) + l[e:]
			}
		}
		set(i, mapColumns(l, func(c string) string {
			if lowerHeading(c) {
				return strings.ToUpper(c)
			}
			return c
		}))
	}
	// Type name and issuing authority.
	canCu := false
	for i := 0; i < len(lines) && i < 60; i++ {
		l := lines[i]
		if len(l) > 60 {
			// Long: only its start matters (a type name line is short).
			cut := 60
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			l = l[:cut]
		}
		f := strings.Join(strings.Fields(strings.Trim(fold1(l), "*_#: ")), " ")
		if isTypeName(f) && lowerHeading(lines[i]) {
			set(i, strings.ToUpper(lines[i]))
		}
		if !canCu && strings.HasPrefix(f, "can cu") {
			canCu = true
			if j := prevNonBlank(lines, i); j >= 0 && lowerHeading(lines[j]) {
				set(j, strings.ToUpper(lines[j]))
			}
		}
	}
	// Signature. Lines are judged as typed: "tm. ủy ban nhân dân" / "kt. chủ
	// tịch" / "phó chủ tịch" restores the second line as the title below the
	// first, and the second, an authority too, still has its title below.
	typed := append([]string(nil), lines...)
	for i := range lines {
		cols, was := charset.Columns(lines[i]), charset.Columns(typed[i])
		if len(cols) != len(was) {
			was = cols
		}
		for k, c := range was {
			if f := firstLetterOf(c); f != 't' && f != 'k' && f != 'q' {
				continue // an authority prefix starts with a small t, k or q
			}
			if len(strings.Fields(c)) > 8 || !reLowerAuth().MatchString(fold1(strings.TrimSpace(c))) || !startsLower(c) {
				continue
			}
			cols[k] = upperUntilName(cols[k])
			set(i, strings.Join(cols, ""))
			// The title below: the same column of the next line.
			if j := nextNonBlank(lines, i); j > 0 {
				below := charset.Columns(lines[j])
				if k < len(below) && startsLower(below[k]) {
					below[k] = upperUntilName(below[k])
					set(j, strings.Join(below, ""))
				}
			}
		}
		if i < len(lines)-20 {
			continue
		}
		if lowerHeading(lines[i]) {
			if j := nextWithLetters(lines, i); j > 0 && reSignerName().MatchString(strings.TrimSpace(strings.Trim(lines[j], "*_ "))) {
				set(i, strings.ToUpper(lines[i]))
			}
		}
	}
	if len(changed) == 0 {
		return text, 0
	}
	return strings.Join(lines, "\n"), len(changed)
}

func mapColumns(l string, f func(string) string) string {
	cols := charset.Columns(l)
	for k := range cols {
		cols[k] = f(cols[k])
	}
	return strings.Join(cols, "")
}

// upperUntilName upper-cases c up to the first word that begins with a
// capital (the signer's name, typed with the ordinary font).
func upperUntilName(c string) string {
	for _, w := range wordStarts(c) {
		if unicode.IsUpper(firstRune(c[w:])) {
			return strings.ToUpper(c[:w]) + c[w:]
		}
	}
	return strings.ToUpper(c)
}

// wordStarts returns the offsets where the words of s begin.
func wordStarts(s string) []int {
	var out []int
	in := false
	for i, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			out = append(out, i)
			in = true
		}
	}
	return out
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// lowerHeading: a short piece of text of letters, all in lower case, without
// digits.
func lowerHeading(l string) bool {
	letters := 0
	for _, r := range l {
		switch {
		case unicode.IsUpper(r), unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 2 && len(strings.Fields(l)) <= 10
}

// firstLetterOf returns the first letter of s, or 0.
func firstLetterOf(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return r
		}
	}
	return 0
}

// isTypeName: f (folded) is the name of a document type and nothing else.
func isTypeName(f string) bool {
	for _, t := range typeNames {
		if f == t.fold {
			return true
		}
	}
	return false
}

func prevNonBlank(lines []string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}

// nextWithLetters skips blank lines and lines of marks ("[", "(đã ký)" is
// letters and stays).
func nextWithLetters(lines []string, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if strings.IndexFunc(lines[j], unicode.IsLetter) >= 0 {
			return j
		}
	}
	return -1
}

func nextNonBlank(lines []string, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}
