package parse

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
)

var (
	// Spaces that OCR and line wraps put inside symbols: "42/QD- TCT",
	// "119/2026/ UBTVQH15", "66-⏎NQ/TW", "Số 71 -CV/TU".
	reRefSym = lazyRegexp(`(?:^|[^\p{L}\d/-])(\d{1,6}[A-Za-z]?)(?:[-–]([A-ZĐ][A-Za-zĐđ]{0,4})/|/(?:((?:19|20)\d\d)/)?)([A-ZĐ][A-Za-zĐđƯư0-9&]*(?:[-–/][A-ZĐa-z0-9][A-Za-zĐđƯư0-9&]*)*)`)
)

// findReferences lists the documents cited after the number line: the
// symbol of each citation with its type, date and issuer where the text gives
// them. A citation needs a cue: a type name ("Nghị định 125/2020/NĐ-CP") or
// "số" ("công văn số 07/CV"); a citation with a number but no symbol keeps
// the number ("Công điện số 1852, ngày …"). The document's own symbol and form
// numbers ("mẫu số 01-1/TB-TĐT") are not references.
func (p *parser) findReferences() {
	from := max(p.symLine+1, 0)
	if p.symLine >= 0 && p.symSpan[1] < len(p.lines[p.symLine]) {
		from = p.symLine
	}
	own := fold1(normSymbol(p.doc.Symbol))
	seen := map[string]int{}
	var refs []vanban.Reference
	add := func(r vanban.Reference) {
		key := fold1(r.Symbol)
		if key == own || key == "" {
			return
		}
		if k, ok := seen[key]; ok {
			if refs[k].Date == "" {
				refs[k].Date = r.Date
			}
			if refs[k].Issuer == "" {
				refs[k].Issuer = r.Issuer
			}
			return
		}
		seen[key] = len(refs)
		refs = append(refs, r)
	}
	// The text after the number line is scanned in chunks of about 256 KB
	// of whole lines, each with the two lines after it (a citation broken
	// by a line end is joined across them; one found twice is merged by
	// add), so that a long document needs no second copy of its text.
	const chunk = 256 << 10
	line := func(j int) string {
		if j == p.symLine {
			return p.lines[j][p.symSpan[1]:]
		}
		return p.lines[j]
	}
	for i := from; i < len(p.lines); {
		// The chunk's lines [i, j), then the two after it, built once at
		// their exact size.
		j, size := i, 0
		for ; j < len(p.lines) && (size < chunk || j == i); j++ {
			size += len(line(j)) + 1
		}
		end := min(j+2, len(p.lines))
		for k := j; k < end; k++ {
			size += len(p.lines[k]) + 1
		}
		var b strings.Builder
		b.Grow(size)
		for k := i; k < end; k++ {
			b.WriteString(line(k))
			b.WriteByte('\n')
		}
		// Symbols, dates and issuers are cloned from the text before being
		// kept, so it is released with the chunk.
		scanReferences(b.String(), add, func() []vanban.Reference { return refs }, func(sym string) (string, bool) {
			if k, ok := seen[fold1(sym)]; ok {
				return refs[k].Kind, true
			}
			return "", false
		})
		i = j
	}
	// Footnote digits glued to a symbol ("66-NQ/TW1") when the symbol also
	// stands alone elsewhere.
	out := refs[:0]
	for _, r := range refs {
		if n := len(r.Symbol); n > 2 && r.Symbol[n-1] >= '0' && r.Symbol[n-1] <= '9' && !(r.Symbol[n-2] >= '0' && r.Symbol[n-2] <= '9') {
			if _, ok := seen[fold1(r.Symbol[:n-1])]; ok {
				continue
			}
		}
		out = append(out, r)
	}
	p.doc.References = out
}

// scanReferences finds the citations in text and hands them to add; refs
// returns the references found so far (number citations check them).
func scanReferences(text string, add func(vanban.Reference), found func() []vanban.Reference, known func(sym string) (kind string, ok bool)) {
	next := 0
	// The end and kind of the last citation with a symbol: one that
	// continues its list takes its kind (enumerated). A symbol cited
	// before keeps the kind it was first read with (add keeps the first),
	// and its wording is not read again: a long text cites the same
	// decree many times.
	prevEnd, prevKind := -1, ""
	kindAt := func(start, end int, sym string) string {
		if k, ok := known(sym); ok {
			prevEnd, prevKind = end, k
			return k
		}
		k := refKind(text, start)
		if enumerated(text, prevEnd, start) {
			k = prevKind
		}
		prevEnd, prevKind = end, k
		return k
	}
	for next < len(text) {
		k := strings.IndexByte(text[next:], '/')
		if k < 0 {
			break
		}
		slash := next + k
		next = slash + 1
		if st, en, sym := lettersFirstAt(text, slash); sym != "" {
			before := text[max(0, st-30):st]
			for len(before) > 1 && !utf8.RuneStart(before[0]) {
				before = before[1:]
			}
			if cue, hasSo, _ := refCue(fold1(before)); hasSo {
				r := vanban.Reference{Symbol: sym, Type: refType(cue, "", false, false), Kind: kindAt(st, en, sym)}
				r.Date, r.Issuer = refDateIssuer(text[en:min(len(text), en+160)])
				add(r)
				next = en
				continue
			}
		}
		start, end, cand := symbolAround(text, slash)
		if cand == "" || !hasCodeLetter(cand) {
			continue // a date such as 05/3/2020
		}
		m := reRefSym().FindStringSubmatchIndex(cand)
		if m == nil || m[2] != 0 {
			continue
		}
		next = max(next, end)
		before := text[max(0, start-60):start]
		for len(before) > 1 && !utf8.RuneStart(before[0]) {
			before = before[1:]
		}
		cueType, hasSo, ok := refCue(fold1(before))
		if !ok && !strongShape(cand, m) {
			continue
		}
		sym := strings.Clone(normSymbol(strings.TrimRight(cand[:m[1]], ".-")))
		codes := cand[m[8]:m[9]]
		single := m[4] < 0 && m[6] < 0 && !strings.ContainsAny(codes, "-–")
		if single && !hasSo {
			continue // "Đề án 06/CP": a short name, not a number
		}
		r := vanban.Reference{Symbol: sym, Kind: kindAt(start, end, sym)}
		r.Type = refType(cueType, codes, m[4] >= 0, m[6] >= 0)
		r.Date, r.Issuer = refDateIssuer(text[end:min(len(text), end+160)])
		add(r)
	}
	// Number-only citations: "Công điện số 1852, ngày …".
	// "số", or "so " in a copy typed without diacritics; the next place of
	// each is kept, so that the text is scanned once.
	nextSo, nextASCII := -2, -2
	for off := 0; off < len(text); {
		if nextSo != -1 && nextSo < off {
			nextSo = indexFrom(text, off, "số")
		}
		if nextASCII != -1 && nextASCII < off {
			nextASCII = indexFrom(text, off, "so ")
			for nextASCII > 0 && text[nextASCII-1] != ' ' && text[nextASCII-1] != '\n' {
				nextASCII = indexFrom(text, nextASCII+1, "so ")
			}
		}
		at, n := nextSo, len("số")
		if nextASCII >= 0 && (at < 0 || nextASCII < at) {
			at, n = nextASCII, len("so")
		}
		if at < 0 {
			break
		}
		off = at + n
		j := off
		for j < len(text) && (text[j] == ' ' || text[j] == ':') {
			j++
		}
		d := j
		for d < len(text) && text[d] >= '0' && text[d] <= '9' && d-j < 7 {
			d++
		}
		if d == j || d < len(text) && (text[d] == '/' || isSymChar(rune(text[d])) || text[d] == '.' && d+1 < len(text) && text[d+1] >= '0' && text[d+1] <= '9') {
			continue
		}
		bt := text[max(0, at-24):at]
		for len(bt) > 0 && !utf8.RuneStart(bt[0]) {
			bt = bt[1:]
		}
		cue := numCue(fold1(bt))
		if cue == "" {
			continue
		}
		num := strings.Clone(text[j:d])
		dup := numberCited(found(), num)
		if dup {
			continue
		}
		r := vanban.Reference{Symbol: num, Type: typeName(cue), Kind: refKind(text, at)}
		r.Date, r.Issuer = refDateIssuer(text[d:min(len(text), d+160)])
		add(r)
	}
	// "Quy định 57, Quy định 75": a capitalised type name right before a
	// number, without "số".
	for d0 := 3; d0 < len(text); d0++ {
		for d0 < len(text) && text[d0]-'0' > 9 {
			d0++ // the tight loop to the next digit
		}
		if d0 >= len(text) {
			break
		}
		if text[d0-1] != ' ' && text[d0-1] != '\n' || !isASCIILetter(text[d0-2]) && text[d0-2] < 0x80 {
			for d0+1 < len(text) && text[d0+1]-'0' <= 9 {
				d0++
			}
			continue
		}
		d := d0
		for d < len(text) && text[d] >= '0' && text[d] <= '9' && d-d0 < 5 {
			d++
		}
		if d-d0 > 4 || d < len(text) && (text[d] >= '0' && text[d] <= '9' || text[d] == '/' || isSymChar(rune(text[d])) || text[d] == '.' && d+1 < len(text) && text[d+1] >= '0' && text[d+1] <= '9') {
			d0 = d
			continue
		}
		num := text[d0:d]
		if len(num) == 4 && (num[:2] == "19" || num[:2] == "20") {
			d0 = d
			continue // a year: "Kế hoạch 2025"
		}
		if !capitalisedBefore(text, d0-1) {
			d0 = d
			continue // "ngày 15", "năm 2020": no capitalised type name before
		}
		bt := text[max(0, d0-24) : d0-1]
		for len(bt) > 0 && !utf8.RuneStart(bt[0]) {
			bt = bt[1:]
		}
		fb := fold1(bt)
		cue := numCue(fb)
		if cue == "" {
			d0 = d
			continue
		}
		if c := bt[foldToOrig(bt, fb, len(fb)-len(cue))]; c < 'A' || c > 'Z' {
			d0 = d
			continue // "quy định 57 …" in lower case is a verb, not a title
		}
		dup := numberCited(found(), num)
		if !dup {
			r := vanban.Reference{Symbol: strings.Clone(num), Type: typeName(cue), Kind: refKind(text, d0)}
			r.Date, r.Issuer = refDateIssuer(text[d:min(len(text), d+160)])
			add(r)
		}
		d0 = d
	}
}

// isSymChar reports whether c may stand inside a symbol.
func isSymChar(r rune) bool {
	return r < 128 && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '&' || r == '-') ||
		r == 'Đ' || r == 'đ' || r == 'Ư' || r == 'ư' || r == 'Ơ' || r == 'ơ' || r == '–'
}

// symbolAround extracts the symbol-like text around the slash at text[slash],
// closing the gaps that OCR and line wraps leave ("42/QD- TCT", "66-⏎NQ/TW",
// "Số 71 -CV/TU", "119/2026/ UBTVQH15"). It returns the span in text and the
// candidate with its spaces removed.
func symbolAround(text string, slash int) (int, int, string) {
	// Left.
	i := slash
	for i > 0 && slash-i < 2 && text[i-1] == ' ' {
		i--
	}
	for i > 0 {
		r, w := utf8.DecodeLastRuneInString(text[:i])
		if isSymChar(r) {
			i -= w
			continue
		}
		// "66-⏎NQ", "NĐ- CP": a gap after a dash.
		if (r == ' ' || r == '\n') && i-w > 0 {
			j := i - w
			for j > 0 && text[j-1] == ' ' {
				j--
			}
			if j > 0 && (text[j-1] == '-' || i < len(text) && isDashAt(text, i) && text[j-1] >= '0' && text[j-1] <= '9') {
				i = j
				continue
			}
		}
		break
	}
	start := i
	if start == slash {
		return 0, 0, ""
	}
	// Right.
	e := slash + 1
	for e < len(text) && e-slash < 3 && text[e] == ' ' {
		e++
	}
	for e < len(text) {
		r, w := utf8.DecodeRuneInString(text[e:])
		if isSymChar(r) {
			e += w
			continue
		}
		if r == '/' {
			e += w
			j := e
			for j < len(text) && j-e < 4 && (text[j] == ' ' || text[j] == '\n') {
				j++
			}
			if j > e && j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || strings.HasPrefix(text[j:], "Đ")) {
				e = j
			}
			continue
		}
		if r == ' ' && e > 0 && text[e-1] != '-' {
			// "21/2025/TT - BNV": spaces around a dash.
			j := e
			for j < len(text) && text[j] == ' ' && j-e < 3 {
				j++
			}
			if j < len(text) && isDashAt(text, j) {
				e = j
				continue
			}
		}
		if (r == ' ' || r == '\n') && e > 0 && text[e-1] == '-' {
			j := e + w
			for j < len(text) && text[j] == ' ' {
				j++
			}
			if j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || strings.HasPrefix(text[j:], "Đ")) {
				e = j
				continue
			}
		}
		break
	}
	cand := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' {
			return -1
		}
		return r
	}, text[start:e])
	// Leading dashes or letters glued before the number ("số357") are cut
	// by the caller's anchored match: drop what precedes the first digit.
	k := strings.IndexFunc(cand, func(r rune) bool { return r >= '0' && r <= '9' })
	if k < 0 {
		return 0, 0, ""
	}
	if k > 0 {
		for start < e && (text[start] < '0' || text[start] > '9') {
			start++
		}
		cand = cand[k:]
	}
	return start, e, cand
}

// refCueTypes are the folded type words that introduce a citation.
var refCueTypes = []string{
	"luat", "nghi dinh", "nghi quyet lien tich", "nghi quyet", "quyet dinh", "thong tu lien tich", "thong tu",
	"chi thi", "cong van", "van ban", "cong dien", "ke hoach", "ket luan", "quy dinh", "quy che",
	"huong dan", "thong bao", "thong tri", "chuong trinh", "to trinh", "de an", "du an", "bao cao",
	"phap lenh", "bien ban", "phuong an", "giay moi", "thong cao", "cv",
}

// refCue reads the words before a cited symbol (folded): a type word,
// "số", or both. ok is false when neither stands right before the symbol,
// or when it is a form number ("mẫu số").
func refCue(fb string) (typ string, hasSo, ok bool) {
	s := strings.TrimRight(fb, " :\n")
	for _, so := range []string{"so", "s6", "so:"} {
		if strings.HasSuffix(s, so) && (len(s) == len(so) || !isASCIILetter(s[len(s)-len(so)-1])) {
			hasSo = true
			s = strings.TrimRight(s[:len(s)-len(so)], " \n")
			break
		}
	}
	for _, t := range refCueTypes {
		if strings.HasSuffix(s, t) && (len(s) == len(t) || !isASCIILetter(s[len(s)-len(t)-1])) {
			typ = t
			break
		}
	}
	if hasSo && typ == "" && (strings.HasSuffix(s, "mau") || strings.HasSuffix(s, "ma")) {
		return "", false, false
	}
	return typ, hasSo, hasSo || typ != ""
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// numCue returns the type word right before "số" in a number-only citation.
func numCue(fb string) string {
	s := strings.TrimRight(fb, " \n")
	for _, t := range []string{"cong dien", "cong van", "quyet dinh", "nghi quyet", "chi thi", "ke hoach", "thong bao", "to trinh", "bao cao", "ket luan", "huong dan", "thong tri", "chuong trinh", "nghi dinh", "thong tu", "quy dinh", "quy che"} {
		if strings.HasSuffix(s, t) && (len(s) == len(t) || !isASCIILetter(s[len(s)-len(t)-1])) {
			return t
		}
	}
	return ""
}

func typeName(fold string) string {
	for _, t := range typeNames {
		if t.fold == fold {
			return t.name
		}
	}
	return ""
}

// refType names a cited document's type from its cue word, else from the
// type code in its symbol.
func refType(cue, codes string, party, legal bool) string {
	if cue == "cv" {
		return "Công văn"
	}
	if cue != "" && cue != "van ban" {
		if n := typeName(cue); n != "" {
			return n
		}
	}
	g := splitGroups(codes)
	if len(g) == 0 {
		return ""
	}
	if party {
		return ""
	}
	if n, ok := lookupCode(stateCodes, g[0]); ok && (legal || len(g) > 1) {
		return n
	}
	return ""
}

// refDateIssuer reads "ngày 21/5/2021 của Ban Thường vụ Tỉnh ủy" after a
// cited symbol.
func refDateIssuer(after string) (date, issuer string) {
	date = refDate(after)
	issuer = refIssuer(after)
	return date, issuer
}

// refDate reads ", ngày 21/5/2021" or "ngày 14 tháng 11 năm 2008" at the
// start of s.
func refDate(s string) string {
	s = strings.TrimLeft(s, " ,(\n")
	s = strings.TrimPrefix(s, "đề ")
	switch {
	case strings.HasPrefix(s, "ngày"):
		s = s[len("ngày"):]
	case strings.HasPrefix(s, "ngay"):
		s = s[len("ngay"):]
	default:
		return ""
	}
	var nums [3]int
	for k := 0; k < 3; k++ {
		s = strings.TrimLeft(s, " \n")
		if k > 0 {
			switch {
			case strings.HasPrefix(s, "/") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "."):
				s = s[1:]
			case k == 1 && strings.HasPrefix(s, "tháng"):
				s = s[len("tháng"):]
			case k == 2 && strings.HasPrefix(s, "năm"):
				s = s[len("năm"):]
			default:
				return ""
			}
			s = strings.TrimLeft(s, " \n")
		}
		j := 0
		for j < len(s) && j < 4 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == 0 {
			return ""
		}
		nums[k], _ = strconv.Atoi(s[:j])
		s = s[j:]
	}
	return isoDate(nums[2], nums[1], nums[0])
}

// issuerStop holds issuerStops as a set.
var issuerStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range issuerStops {
		m[w] = true
	}
	return m
}()

// issuerStops end an issuer name that runs on into the citation's subject.
var issuerStops = []string{"về", "ngày", "quy định", "hướng dẫn", "ban hành", "phê duyệt", "đã", "đối với", "tại",
	"triển khai", "thực hiện", "gửi", "trong", "hỏi", "nêu", "vướng", "đề nghị", "khóa", "kiện toàn",
	"sửa đổi", "bổ sung", "giao", "năm"}

// refIssuer reads "… của Ban Thường vụ Tỉnh ủy về …" after a cited symbol:
// the words after "của" up to punctuation, a line break before a capital,
// or a word that starts the citation's subject.
func refIssuer(after string) string {
	k := strings.Index(after, "của")
	if k < 0 || k > 70 || strings.ContainsAny(after[:k], ";()") {
		return ""
	}
	if k > 0 && after[k-1] != ' ' && after[k-1] != '\n' {
		return ""
	}
	s := after[k+len("của"):]
	if s == "" || (s[0] != ' ' && s[0] != '\n') {
		return ""
	}
	s = strings.TrimLeft(s, " \n")
	// Cut at punctuation or at a line break not followed by a lower-case
	// continuation.
	end := len(s)
	for i, r := range s {
		if strings.ContainsRune(",;.:()“”\"", r) {
			end = i
			break
		}
		if r == '\n' {
			rest := strings.TrimLeft(s[i+1:], " ")
			if !startsLower(rest) && len(strings.Fields(s[:i])) >= 2 {
				end = i
				break
			}
		}
		if i > 120 && r == ' ' {
			end = i
			break
		}
	}
	words := strings.Fields(s[:end])
	for k := 1; k < len(words); k++ {
		w1 := words[k]
		if issuerStop[w1] || k+1 < len(words) && issuerStop[w1+" "+words[k+1]] {
			words = words[:k]
			break
		}
	}
	s = strings.Join(words, " ")
	// "… của Bộ Chính trị và Đề án …": a second citation, not the issuer.
	if k := strings.Index(s, " và "); k > 0 {
		if name, _ := titleAtAnyCase(s[k+len(" và "):]); name != "" {
			s = s[:k]
		}
	}
	s = strings.TrimSpace(s)
	if len(s) < 3 || !startsUpper(s) {
		return ""
	}
	return strings.Clone(s) // never a view of the caller's buffer
}

// titleAtAnyCase reports whether s starts with a capitalised type name
// ("Đề án", "Nghị định").
func titleAtAnyCase(s string) (string, int) {
	if !startsUpper(s) {
		return "", 0
	}
	f := fold1(s)
	for _, t := range typeNames {
		if strings.HasPrefix(f, t.fold+" ") {
			return t.name, len(t.fold)
		}
	}
	return "", 0
}

// hasCodeLetter reports whether a symbol candidate has a letter after its
// first slash or dash (dates and numbers do not).
func hasCodeLetter(c string) bool {
	k := strings.IndexAny(c, "/-")
	if k < 0 {
		return false
	}
	for i := k + 1; i < len(c); i++ {
		if b := c[i]; b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= 0xC0 {
			return true
		}
	}
	return false
}

// strongShape reports whether a symbol's shape alone makes it a citation,
// with no cue before it (OCR often garbles "số" and the type word): the
// Party form NUM-TYPE/ISSUER with a known Party type code ("294-QĐ/TW"), or
// a legal act's NUM/YEAR/TYPE-ISSUER ("83/2013/NĐ-CP"). m is reRefSym's
// match in cand.
func strongShape(cand string, m []int) bool {
	if m[4] >= 0 {
		_, ok := lookupCode(partyCodes, cand[m[4]:m[5]])
		return ok
	}
	if m[6] >= 0 {
		g := splitGroups(cand[m[8]:m[9]])
		if len(g) >= 2 {
			_, ok := lookupCode(stateCodes, g[0])
			return ok
		}
	}
	return false
}

// numberCited reports whether a number-only citation num is one of refs
// already, as the number of a full symbol ("1852" of "1852/CĐ-TTg").
func numberCited(refs []vanban.Reference, num string) bool {
	for _, r := range refs {
		if strings.HasPrefix(r.Symbol, num+"/") || strings.HasPrefix(r.Symbol, num+"-") || r.Symbol == num {
			return true
		}
	}
	return false
}

// isDashAt reports whether a hyphen or an en or em dash starts at text[i].
func isDashAt(text string, i int) bool {
	return text[i] == '-' || strings.HasPrefix(text[i:], "–") || strings.HasPrefix(text[i:], "—")
}

// lettersFirstAt reads a symbol that starts with letters around the slash
// at text[slash], as companies and some bodies number their letters
// ("CV-FRVN/02-2015"): upper-case letters first, a digit somewhere, no gaps.
// Only the caller's "số" cue makes it a citation. It returns the span and
// the symbol, or "".
func lettersFirstAt(text string, slash int) (int, int, string) {
	i := slash
	for i > 0 {
		r, w := utf8.DecodeLastRuneInString(text[:i])
		if !isSymChar(r) || r == '–' {
			break
		}
		i -= w
	}
	e := slash + 1
	for e < len(text) {
		r, w := utf8.DecodeRuneInString(text[e:])
		if !isSymChar(r) || r == '–' {
			break
		}
		e += w
	}
	sym := strings.TrimRight(text[i:e], "-")
	if i == slash || e == slash+1 || len(sym) > 40 || sym[0] < 'A' || sym[0] > 'Z' || !strings.ContainsAny(sym, "0123456789") {
		return 0, 0, ""
	}
	left := text[i:slash]
	if !strings.Contains(left, "-") && strings.ToUpper(left) != left {
		return 0, 0, ""
	}
	return i, e, strings.Clone(sym)
}

// indexFrom is strings.Index of sub in text[from:], as an offset in text,
// or -1.
func indexFrom(text string, from int, sub string) int {
	if from > len(text) {
		return -1
	}
	k := strings.Index(text[from:], sub)
	if k < 0 {
		return -1
	}
	return from + k
}

// capitalisedBefore reports whether one of the two words before text[end]
// (a space) starts with a capital: the cheap test before a type name is
// looked for ("Quy định 57", "Chương trình 135").
func capitalisedBefore(text string, end int) bool {
	i := end
	for w := 0; w < 2 && i > 0; w++ {
		for i > 0 && text[i-1] == ' ' {
			i--
		}
		for i > 0 && text[i-1] != ' ' && text[i-1] != '\n' {
			i--
		}
		j := i
		for j < end && strings.IndexByte("(\"'[", text[j]) >= 0 {
			j++ // "(Quy định 57"
		}
		if strings.HasPrefix(text[j:], "“") {
			j += len("“")
		}
		if c := text[j]; c >= 'A' && c <= 'Z' || c == 0xC4 && j+1 < len(text) && text[j+1] == 0x90 {
			return true
		}
	}
	return false
}
