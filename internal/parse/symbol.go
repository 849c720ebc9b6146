package parse

import (
	"regexp"
	"strings"
	"unicode"
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
}

const codeChars = `A-Za-zĐđƠơƯư&`

var (
	// The "Số" prefix as OCR leaves it: Số, Sô, So, Sé, Sá, s6, 36…
	reSoPrefix = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(S[ốôoóòơáàảéèẻẽẹêễếệ6ỗởờớợ]|s[ốoô6]|36|SỐ|SO|S)\s*[:;.]?\s*`)
	reSymParty = regexp.MustCompile(`^\s*(\d{1,6})?\s*[-–—]\s*([A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*([A-ZĐ][` + codeChars + `0-9]*(?:\s?[-–—]\s?[A-ZĐ][` + codeChars + `0-9]*)*)`)
	reSymState = regexp.MustCompile(`^([^\n]{0,14}?)\s*/\s*(?:((?:19|20)\d\d)\s*/\s*)?([A-ZĐa-z][` + codeChars + `0-9.]*(?:\s?[-–—]\s?[A-ZĐa-z0-9][` + codeChars + `0-9]*)*)`)
	// OCR reads the slash as I, l, 1, |, ÿ, ¥ or a space.
	reNoSlashI = regexp.MustCompile(`^([^\n]{0,14}?)(?:\s+[Il1|]\s+|[Il1|])([A-ZĐ][A-Za-zĐ]{0,7})\s?[-–—]\s?([A-ZĐ][` + codeChars + `0-9]*)`)
	reNoSlash  = regexp.MustCompile(`^([^\n]{0,14}?)(?:\s+[Il1|]\s+|[Il1|ÿ¥/\\]|\s)([A-ZĐ][A-Za-zĐ]{0,7})\s?[-–—]\s?([A-ZĐ][` + codeChars + `0-9]*)`)
	reDigits   = regexp.MustCompile(`^\d{1,6}[A-Za-z]?$`)
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
		for _, m := range reSoPrefix.FindAllStringSubmatchIndex(l, 4) {
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
			}
			si, end, ok := parseSymbolAt(l[m[1]:])
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
	if m := reSymParty.FindStringSubmatchIndex(s); m != nil {
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
	if m := reSymState.FindStringSubmatchIndex(s); m != nil {
		si := symbolInfo{numRaw: strings.TrimSpace(s[m[2]:m[3]])}
		if m[4] >= 0 {
			si.year = s[m[4]:m[5]]
		}
		si.groups = splitGroups(s[m[6]:m[7]])
		if len(si.groups) == 0 || !hasUpper(si.groups[0]) {
			return si, 0, false
		}
		if reDigits.MatchString(si.numRaw) {
			si.number = si.numRaw
		} else {
			si.garbled = true
		}
		si.raw = strings.TrimSpace(s[m[2]:m[1]])
		return si, m[1], true
	}
	m := reNoSlashI.FindStringSubmatchIndex(s)
	if m == nil {
		m = reNoSlash.FindStringSubmatchIndex(s)
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
	s = symbolReplacer.Replace(s)
	return strings.Join(strings.Fields(s), "")
}
