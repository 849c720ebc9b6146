package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// symbolInfo is a parsed số ký hiệu.
type symbolInfo struct {
	raw      string   // as printed, from the number to the last code
	number   string   // digits, "" when blank or unreadable
	numRaw   string   // what stood where the number belongs
	year     string   // legal acts: 30/2020/NĐ-CP
	groups   []string // code groups after the slash (State) or after TYPE/ (Party)
	partyTyp string   // Party: the type code before the slash
	party    bool
	garbled  bool // the number or the slash was unreadable
	fused    bool // found without "Số" (findFusedSymbol)
}

const codeChars = `A-Za-zĐđƠơƯư&`

var (
	// The "Số" prefix as OCR leaves it: Số, Sô, So, Sé, Sá, s6, 36…
	reSoPrefix = lazyRegexp(`(?:^|[^\p{L}\p{N}])(S[ốôoóòơáàảéèẻẽẹêễếệ6ỗởờớợea]|s[ốoô6]|36|SỐ|SO|S)\s*[:;.]?\s*`)
	reSymParty = lazyRegexp(`^\s*(\d{1,6})?\s*[-–—]\s*([A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*([A-ZĐ][` + codeChars + `0-9]*(?:\s?[-–—]\s?[A-ZĐ][` + codeChars + `0-9]*)*)`)
	reSymState = lazyRegexp(`^([^\n]{0,14}?)\s*/\s*(?:((?:19|20)\d\d)\s*/\s*)?([A-ZĐa-z][` + codeChars + `0-9.]*(?:\s?[-–—]\s?[A-ZĐa-z0-9][` + codeChars + `0-9]*)*)`)
	// OCR reads the slash as I, l, 1, |, ÿ, ¥ or a space.
	reNoSlashI = lazyRegexp(`^([^\n]{0,14}?)(?:\s+[Il1|]\s+|[Il1|])([A-ZĐ][A-Za-zĐ]{0,7})\s?[-–—]\s?([A-ZĐ][` + codeChars + `0-9]*)`)
	reNoSlash  = lazyRegexp(`^([^\n]{0,14}?)(?:\s+[Il1|]\s+|[Il1|ÿy¥/\\]|\s)([A-ZĐ][A-Za-zĐ]{0,7})\s?[-–—]\s?([A-ZĐ][` + codeChars + `0-9]*)`)
	reDigits   = lazyRegexp(`^\d{1,6}[A-Za-z]?$`)
)

// findSymbol looks for the document's own number line in the header lines
// and returns the line index, the byte span of the symbol in that line and
// its parts. Only a "Số" at the start of a line or of a header cell counts;
// body citations ("công văn số …") do not.
func findSymbol(lines []string, limit int) (int, [2]int, symbolInfo) {
	for i := 0; i < len(lines) && i < limit; i++ {
		l := headerPart(lines[i])
		if l == "" || !strings.ContainsAny(l, "/-–—") {
			continue
		}
		for _, m := range reSoPrefix().FindAllStringSubmatchIndex(l, 4) {
			start := m[2]
			pre := l[:start]
			tp := strings.TrimSpace(pre)
			if tp != "" {
				// Mid-line: must follow a cell boundary or an upper-case cell
				// ("… VĂN PHÒNG * Số 36-HD/VPTW …").
				if !strings.HasSuffix(pre, "   ") && !isUpperText(lastWords(tp, 2)) {
					continue
				}
				if l[start] == 's' || l[start] == '3' {
					continue
				}
				// "V/V THỰC HIỆN NGHỊ ĐỊNH SỐ 15/2020/NĐ-CP": a document
				// named before "Số" is cited, not numbered.
				if citesBefore(fold1(tp)) {
					continue
				}
			}
			si, end, ok := parseSymbolAt(l[m[1]:])
			if ok && (runsOn(l[m[1]+end:]) || tp == "" && i > 0 && prevCellCites(lines, i)) {
				// "V/v triển khai Nghị định" / "Số 15/2020/NĐ-CP của
				// Chính phủ": a wrapped citation, not the number cell.
				continue
			}
			// A bare "S" (OCR lost the ố) counts only before the
			// unmistakable Party form NUM-TYPE/ISSUER.
			if ok && m[3]-m[2] == 1 && (!si.party || si.number == "") {
				continue
			}
			if ok {
				return i, [2]int{start, m[1] + end}, si
			}
		}
	}
	return -1, [2]int{}, symbolInfo{}
}

func lastWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[len(w)-n:]
	}
	return strings.Join(w, " ")
}

// parseSymbolAt parses a symbol at the start of s (after "Số:").
func parseSymbolAt(s string) (symbolInfo, int, bool) {
	if m := reSymParty().FindStringSubmatchIndex(s); m != nil {
		si := symbolInfo{party: true, partyTyp: s[m[4]:m[5]]}
		if m[2] >= 0 {
			si.number, si.numRaw = s[m[2]:m[3]], s[m[2]:m[3]]
		} else {
			// "Số -HD/BTCTU": a draft or a copy numbered by hand.
			si.garbled = true
		}
		si.groups = splitGroups(s[m[6]:m[7]])
		si.raw = strings.TrimSpace(s[:m[1]])
		return si, m[1], true
	}
	if m := reSymState().FindStringSubmatchIndex(s); m != nil {
		si := symbolInfo{numRaw: strings.TrimSpace(s[m[2]:m[3]])}
		if m[4] >= 0 {
			si.year = s[m[4]:m[5]]
		}
		si.groups = splitGroups(s[m[6]:m[7]])
		if len(si.groups) == 0 || !hasUpper(si.groups[0]) {
			return si, 0, false
		}
		if reDigits().MatchString(si.numRaw) {
			si.number = si.numRaw
		} else {
			si.garbled = true
		}
		si.raw = strings.TrimSpace(s[m[2]:m[1]])
		return si, m[1], true
	}
	m := reNoSlashI().FindStringSubmatchIndex(s)
	if m == nil {
		m = reNoSlash().FindStringSubmatchIndex(s)
	}
	if m != nil {
		// "284ÿCT-TT&HT", "S¥O¥OICT-TTHT": the slash was misread.
		first := s[m[4]:m[5]]
		si := symbolInfo{numRaw: s[m[2]:m[3]], garbled: true}
		si.groups = append([]string{first}, splitGroups(s[m[6]:m[7]])...)
		si.raw = strings.TrimSpace(s[m[2]:m[1]])
		return si, m[1], true
	}
	return symbolInfo{}, 0, false
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

var (
	groupReplacer  = strings.NewReplacer("–", "-", "—", "-", " ", "")
	symbolReplacer = strings.NewReplacer("–", "-", "—", "-", "‐", "-", "‑", "-", "−", "-")
)

func splitGroups(s string) []string {
	s = groupReplacer.Replace(s)
	s = strings.Trim(s, ".-")
	var g []string
	for _, p := range strings.Split(s, "-") {
		if p != "" {
			g = append(g, p)
		}
	}
	return g
}

// normSymbol removes spaces and normalises dashes in a symbol.
func normSymbol(s string) string {
	if !strings.ContainsAny(s, " \t\n–—‐‑−") {
		return s
	}
	s = symbolReplacer.Replace(s)
	return strings.Join(strings.Fields(s), "")
}

// reFusedSym is a State or Party number written without "Số" (OCR lost the
// word or fused the number cell into the line beside it): digits, then
// /CODE-CODE or -TYPE/CODE, the codes in capitals.
var reFusedSym = regexp.MustCompile(`(?:^|\s)(\d{1,6}\s?(?:/\s?(?:(?:19|20)\d\d/)?[A-ZĐ][A-ZĐ0-9&]*\s?[-–]\s?[A-ZĐ][A-ZĐ0-9&]*|[-–]\s?[A-ZĐ][A-Za-zĐ]{0,4}\s?/\s?[A-ZĐ][A-ZĐ0-9&]*)(?:[-–][A-ZĐ][A-ZĐ0-9&]*)*)(?:\s|$)`)

// findFusedSymbol finds the document's number when the header has no "Số":
// a symbol of unmistakable shape (at least two code groups, in capitals) in
// the first lines, at the start of a line or after an issuer cell in
// capitals ("ỦY BAN NHÂN DÂN TỈNH HÀ NAM 1234/QĐ-UBND"). Body citations
// are excluded by the position (the first lines) and by what precedes: a
// citation follows a lower-case word ("Nghị định số …").
func findFusedSymbol(lines []string, limit int) (int, [2]int, symbolInfo) {
	for i := 0; i < len(lines) && i < limit; i++ {
		l := headerPart(lines[i])
		if !strings.ContainsAny(l, "/") {
			continue
		}
		for _, m := range reFusedSym.FindAllStringSubmatchIndex(l, 3) {
			pre := strings.TrimSpace(l[:m[2]])
			if pre != "" && !isUpperText(lastWords(pre, 3)) {
				continue
			}
			if f := strings.TrimRight(fold1(pre), " :"); citesBefore(f) || strings.HasSuffix(f, " so") {
				continue
			}
			if si, end, ok := parseSymbolAt(l[m[2]:]); ok && si.number != "" {
				si.garbled, si.fused = false, true
				return i, [2]int{m[2], m[2] + end}, si
			}
		}
	}
	return -1, [2]int{}, symbolInfo{}
}

// citesBefore reports whether folded text ends with a document type name or
// holds a V/v: a "Số" after it begins a citation, not the number cell.
func citesBefore(f string) bool {
	f = strings.TrimRight(f, " :")
	for _, t := range typeNames {
		if strings.HasSuffix(f, t.fold) {
			return true
		}
	}
	return reVv().MatchString(f)
}

// runsOn reports whether the text after a symbol continues a sentence: a
// lower-case word right after it, not across a cell boundary.
func runsOn(rest string) bool {
	t := strings.TrimLeft(rest, " ,")
	if t == "" || len(rest)-len(t) >= 3 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r) && !strings.HasPrefix(t, "v/v")
}

// prevCellCites reports whether the left cell of the text line above line
// i ends with a document type name: the "Số" that starts line i continues
// it ("… Nghị định" / "Số 15/2020/NĐ-CP").
func prevCellCites(lines []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		t := strings.TrimSpace(lines[k])
		if t == "" {
			continue
		}
		cell := strings.TrimSpace(strings.Split(t, "   ")[0])
		f := strings.TrimRight(fold1(cell), " ,:")
		for _, tn := range typeNames {
			if strings.HasSuffix(f, tn.fold) && !isUpperText(cell) {
				return true
			}
		}
		return false
	}
	return false
}
