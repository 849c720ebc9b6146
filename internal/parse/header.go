package parse

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxHeaderLine bounds the part of a line that header rules look at, so that
// a pathological one-line file stays linear.
const maxHeaderLine = 4096

func headerPart(l string) string {
	if len(l) <= maxHeaderLine {
		return l
	}
	i := maxHeaderLine
	for i > 0 && !utf8.RuneStart(l[i]) {
		i--
	}
	return l[:i]
}

var (
	// On folded text.
	reMotto    = lazyRegexp(`c[o0q]?\S?ng\s*ho\S?a\s*x\S?a\s*\S{2,4}\s*ch\S?u\s*ngh\S{1,3}(?:\s*v\S{0,6}\s*nam)?`)
	reMotto1   = lazyRegexp(`^\s*c[o0q]?\S?ng\s*ho\S?a\s*x\S?a\s*h\S{1,3}\s*$`)
	reMotto2   = lazyRegexp(`^\s*ch\S?u\s*ngh\S{1,3}\s*v\S{0,6}\s*nam`)
	reParty    = lazyRegexp(`d\S?ng\s*c\S?ng\s*s\S?n\s*vi\S{0,2}t\s*nam`)
	reParty2   = lazyRegexp(`b\S?ng\s*c\S?ng\s*s\S?n\s*vi\S{0,2}t\s*nam`) // OCR reads Đ as B
	reDoan     = lazyRegexp(`doan\s*(?:tncs|thanh nien cong san)\s*ho\s*chi\s*minh`)
	reTieuNgu  = lazyRegexp(`[de][oq0]c\s?[l1i]\S{0,2}p\b[^\n]{0,40}?(?:ph\S{0,3}c\b|$)`)
	reNgay     = lazyRegexp(`,\s*ng(?:ay|au|dy|a\S|y)`)
	reNgayBare = lazyRegexp(`\sngay\s+\d{1,2}\s+thang\s+\d`)
	reDate     = lazyRegexp(`^ng\S{0,3}?\s*(\d{1,2})\s*(?:th\S{1,3}|/|-)\s*(\d{1,2}|[a-z]+(?: [a-z]+)?)\s*(?:n\S{1,2}m|/|-)\s*((?:19|20)\d\d)`)
	reYear     = lazyRegexp(`\b((?:19|20)\d\d)\b`)
	reVv       = lazyRegexp(`(?:^|[\s\p{P}])(v\s?[/\\|il1]\s?v|vw|v/v)\s*[:.]?\s+`)
	reKinhGui  = lazyRegexp(`(?:^|[\s\-*:.])k\S?[i1l]nh\s?g\S{1,3}\b\s*[:;.]?`)
)

var monthWords = map[string]int{
	"mot": 1, "gieng": 1, "gieng hai": 2, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6,
	"bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12,
}

// span is a match inside one line.
type span struct {
	line       int
	start, end int // byte offsets in the line
}

func (s span) ok() bool { return s.line >= 0 }

var noSpan = span{line: -1}

// findFold searches re in the folded lines [from, to) and returns the first
// match mapped to the original line.
func findFold(fc *foldCache, re *regexp.Regexp, hint string, from, to int, needUpper bool) span {
	lines := fc.lines
	for i := from; i < to && i < len(lines); i++ {
		if lines[i] == "" {
			continue
		}
		f := fc.get(i)
		if hint != "" && !strings.Contains(f, hint) {
			continue
		}
		for _, m := range re.FindAllStringIndex(f, 3) {
			s := foldToOrig(lines[i], f, m[0])
			e := foldToOrig(lines[i], f, m[1])
			if needUpper && !isUpperText(lines[i][s:e]) {
				continue
			}
			return span{i, s, e}
		}
	}
	return noSpan
}

// placeDate is the địa danh and ngày tháng of the header.
type placeDate struct {
	sp        span   // from the start of the place to the end of the date
	place     string // as printed
	date      string // ISO, "" if not a full valid date
	raw       string // the date words as printed
	dateEnd   span   // where the date text ends (line and offset)
	monthWord bool
}

// findPlaceDate finds "<Place>, ngày DD tháng MM năm YYYY" in lines
// [from, to). cellStart gives, per line, the offset after which the place
// cell may begin (after the number, a pipe…).
func findPlaceDate(fc *foldCache, from, to int, cellStart map[int]int) (placeDate, bool) {
	lines := fc.lines
	for i := from; i < to && i < len(lines); i++ {
		if lines[i] == "" {
			continue
		}
		f := fc.get(i)
		if !strings.Contains(f, "ng") || !strings.Contains(f, ",") && !strings.Contains(f, " ngay ") {
			continue
		}
		m := reNgay().FindStringIndex(f)
		bare := false
		if m == nil {
			m = reNgayBare().FindStringIndex(f)
			bare = true
		}
		if m == nil {
			continue
		}
		l := lines[i]
		comma := foldToOrig(l, f, m[0])
		ngay := foldToOrig(l, f, m[1])
		for ngay > comma && (l[ngay-1] != ',' && l[ngay-1] != ' ') {
			ngay--
		}
		if bare {
			ngay = comma + 1
		}
		pd := placeDate{}
		cs := cellStart[i]
		if cs > comma {
			cs = 0
		}
		pd.place, pd.sp.start = placeBefore(l, cs, comma)
		pd.sp.line = i
		if pd.place == "" && !bare {
			// "…, ngày" with nothing usable before: not a place-date.
			continue
		}
		// Date text: the rest of this line, and the next line for dates split
		// across lines.
		rest := strings.TrimLeft(l[ngay:], " ,")
		restF := fold1(rest)
		joined := false
		if i+1 < len(lines) && !reYear().MatchString(restF) {
			rest += " " + lines[i+1]
			restF = fold1(rest)
			joined = true
		}
		restF = strings.TrimSpace(restF)
		pd.date, pd.raw, pd.monthWord = parseDate(restF)
		pd.sp.end = len(l)
		pd.dateEnd = span{line: i, start: len(l), end: len(l)}
		if mm := reDate().FindStringIndex(restF); mm != nil {
			endOff := foldToOrig(rest, restF, mm[1])
			if joined && endOff > len(lines[i][ngay:]) {
				pd.dateEnd = span{line: i + 1, start: 0, end: clampLen(lines[i+1], endOff-len(strings.TrimLeft(l[ngay:], " ,"))-1)}
			} else {
				off := ngay + (len(l[ngay:]) - len(strings.TrimLeft(l[ngay:], " ,"))) + endOff
				pd.dateEnd = span{line: i, start: off, end: off}
				pd.sp.end = off
			}
		}
		return pd, true
	}
	return placeDate{}, false
}

func clampLen(s string, n int) int {
	if n < 0 {
		return 0
	}
	if n > len(s) {
		return len(s)
	}
	return n
}

// placeBefore returns the place name that ends at offset comma of l, looking
// no further back than cellStart.
func placeBefore(l string, cellStart, comma int) (string, int) {
	seg := l[cellStart:comma]
	// A cell boundary (three spaces) also starts the cell.
	if k := strings.LastIndex(seg, "   "); k >= 0 {
		cellStart += k + 3
		seg = l[cellStart:comma]
	}
	w := words(seg)
	if len(w) == 0 {
		return "", comma
	}
	allCaps := isUpperText(seg)
	if len(w) <= 5 && !strings.ContainsAny(seg, "/") {
		p := trimPunct(seg)
		return p, cellStart + strings.Index(l[cellStart:], strings.TrimLeft(seg, " "))
	}
	// Walk back over place words: capitalised, no digits, not an all-caps
	// code; "phố"/"thị"/"xã" join them ("Thành phố Hồ Chí Minh").
	n := 0
	for k := len(w) - 1; k >= 0 && n < 6; k-- {
		if isPlaceWord(w[k]) || allCaps && isPlaceWordCaps(w[k]) || (n > 0 && k > 0 && isPlaceJoiner(w[k]) && isPlaceWord(w[k-1])) {
			n++
			continue
		}
		break
	}
	if n == 0 {
		return "", comma
	}
	place := strings.Join(w[len(w)-n:], " ")
	start := strings.LastIndex(l[:comma], w[len(w)-n])
	return trimPunct(place), start
}

func isPlaceWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	if strings.ContainsAny(w, "0123456789/:") {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		return false
	}
	up, n := upperRatio(w)
	return !(up == 1 && n >= 2 && n <= 6 && !strings.Contains(w, ".")) || strings.HasSuffix(w, ".")
}

// isPlaceWordCaps is isPlaceWord for a header typed entirely in capitals,
// where a place word cannot be told from a code by its case: a word of
// letters with a Vietnamese mark ("HÀ NỘI", "HUẾ"; codes are ASCII but for
// Đ) counts.
func isPlaceWordCaps(w string) bool {
	if strings.ContainsAny(w, "0123456789/:") || utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if r > 127 && r != 'Đ' && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func isPlaceJoiner(w string) bool {
	switch w {
	case "phố", "thị", "xã", "pho":
		return true
	}
	return false
}

// parseDate reads "ngày DD tháng MM năm YYYY" from folded text.
func parseDate(f string) (iso, raw string, monthWord bool) {
	m := reDate().FindStringSubmatch(f)
	if m == nil {
		return "", strings.TrimSpace(firstN(f, 40)), false
	}
	raw = m[0]
	day, _ := strconv.Atoi(m[1])
	month, err := strconv.Atoi(m[2])
	if err != nil {
		mw, ok := monthWords[m[2]]
		if !ok {
			return "", raw, false
		}
		month, monthWord = mw, true
	}
	year, _ := strconv.Atoi(m[3])
	return isoDate(year, month, day), raw, monthWord
}

func isoDate(y, m, d int) string {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return t.Format("2006-01-02")
}

func firstN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
