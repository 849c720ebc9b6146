package check

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// How a rule treats noisy text (see the package doc).
const (
	NoiseNone = ""     // noise cannot fake the breach: the rule's severity stands
	NoiseWarn = "warn" // at most a warning on noisy text
	NoiseSkip = "skip" // not checked on noisy text
)

// Rule is one format rule: data (id, rulebooks, severity, source) and the
// small function that checks it.
type Rule struct {
	ID       string
	Books    []string // IDs of the rulebooks (Book.ID) under which it applies
	Severity string   // of a breach on clean text
	Noise    string   // NoiseNone, NoiseWarn or NoiseSkip
	// Secondary: read only in secondary summaries of its rulebook
	// (format-rules.md [S]): at most a warning.
	Secondary bool
	Field     string // the field it is about
	Source    string // the article
	Expect    string // what it expects, in a phrase
	check     func(c *ctx)
}

func (r *Rule) applies(b Book) bool { return slices.Contains(r.Books, b.ID) }

// Rulebook sets.
var (
	stateAll  = []string{"ND30", "TT01", "COMMON-STATE"}
	stateFull = []string{"ND30", "TT01"}
	nd30      = []string{"ND30"}
	partyAll  = []string{"HD36", "HD05", "COMMON-PARTY"}
	partyFull = []string{"HD36", "HD05"}
	hd05      = []string{"HD05"}
	// Place-date and Nơi nhận's colon are written alike in both layouts:
	// mass organisations are checked by them too.
	stateMass = []string{"ND30", "TT01", "COMMON-STATE", "COMMON-MASS"}
)

// Rules is the rule table. format-rules.md's rules not here, and why:
//
//   - ND30-SO-7 (a number used twice by one issuer in one year) is about
//     the archive, not one document: `vanban check` on archived records
//     reports it (internal/cli), it is not stored with a record.
//   - DANG-CIT-1 is a way to read references, not a finding.
//   - DANG-SO-2's "series run per type per term" and ND30-SO-7's January
//     restart need a document's series, which plain text does not give.
var Rules = []Rule{
	// State: NĐ 30/2020/NĐ-CP Phụ lục I, Mục II.
	{ID: "ND30-QH-1", Books: stateAll, Severity: vanban.SevError, Noise: NoiseWarn, Field: "motto",
		Source: "Phụ lục I, Mục II §1.a", Expect: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, in capitals", check: checkQuocHieu},
	{ID: "ND30-TN-1", Books: stateAll, Severity: vanban.SevError, Noise: NoiseWarn, Field: "motto",
		Source: "Phụ lục I, Mục II §1.b", Expect: "Độc lập - Tự do - Hạnh phúc", check: checkTieuNgu},
	{ID: "ND30-CQ-1", Books: stateAll, Severity: vanban.SevError, Noise: NoiseSkip, Field: "issuer",
		Source: "Phụ lục I, Mục II §2.a–b", Expect: "the issuer's name in capitals", check: checkIssuerCaps},
	{ID: "ND30-SO-1", Books: stateAll, Severity: vanban.SevError, Noise: NoiseWarn, Field: "symbol",
		Source: "Phụ lục I, Mục II §3.c", Expect: "Số: (Số, then a colon)", check: checkSoColon},
	{ID: "ND30-SO-2", Books: stateFull, Severity: vanban.SevError, Field: "number",
		Source: "Phụ lục I, Mục II §3.c", Expect: "a number below 10 written with a leading zero (05)", check: checkNumberPad},
	{ID: "ND30-SO-3", Books: stateAll, Severity: vanban.SevError, Noise: NoiseWarn, Field: "symbol",
		Source: "Phụ lục I, Mục II §3.c", Expect: "no spaces around / and - in the symbol", check: checkSymbolSpaces},
	{ID: "ND30-SO-4", Books: stateFull, Severity: vanban.SevError, Noise: NoiseWarn, Field: "symbol",
		Source: "Phụ lục I, Mục II §3.c; Phụ lục III", Expect: "the symbol in capitals (mixed case only in QyĐ, CTr, TTr, TrS)", check: checkSymbolCase},
	{ID: "ND30-SO-5", Books: stateFull, Severity: vanban.SevError, Field: "symbol",
		Source: "Phụ lục I, Mục II §3.b; Phụ lục III", Expect: "NUMBER/TYPECODE-ISSUER for a typed document, NUMBER/ISSUER-UNIT for a công văn", check: checkSymbolShape},
	{ID: "ND30-SO-6", Books: stateFull, Severity: vanban.SevError, Field: "type_code",
		Source: "Phụ lục III", Expect: "the type code of the title line's type", check: checkTypeCode},
	{ID: "ND30-DD-1", Books: stateMass, Severity: vanban.SevError, Noise: NoiseWarn, Field: "place",
		Source: "Phụ lục I, Mục II §4.c", Expect: "<Place>, ngày … on one line: a comma after the place, the place capitalised", check: checkPlaceDate},
	{ID: "ND30-DD-2", Books: stateMass, Severity: vanban.SevError, Field: "date",
		Source: "Phụ lục I, Mục II §4.b", Expect: "ngày D tháng M năm YYYY in words and Arabic numerals", check: checkDateWords},
	{ID: "ND30-DD-3", Books: stateMass, Severity: vanban.SevError, Field: "date",
		Source: "Phụ lục I, Mục II §4.b", Expect: "days below 10 and months 1 and 2 with a leading zero, months 3-12 without", check: checkDatePad},
	{ID: "ND30-TL-1", Books: stateFull, Severity: vanban.SevError, Noise: NoiseSkip, Field: "type",
		Source: "Phụ lục I, Mục II §5.b", Expect: "the type name in capitals, the trích yếu right below it", check: checkTitle},
	{ID: "ND30-VV-1", Books: stateFull, Severity: vanban.SevError, Noise: NoiseWarn, Field: "subject",
		Source: "Phụ lục I, Mục II §5.b", Expect: "a công văn's trích yếu under the number, introduced by V/v", check: checkVv},
	{ID: "ND30-CC-1", Books: stateFull, Severity: vanban.SevInfo, Noise: NoiseSkip, Field: "body",
		Source: "Phụ lục I, Mục II §6.a", Expect: "each Căn cứ ending with ; (the last with . or ;)", check: checkCanCu},
	{ID: "ND30-KG-1", Books: stateFull, Severity: vanban.SevError, Noise: NoiseWarn, Field: "recipients",
		Source: "Phụ lục I, Mục II §9.b, 9.d", Expect: "Kính gửi: with a colon", check: checkKinhGui},
	{ID: "ND30-NN-1", Books: stateMass, Severity: vanban.SevError, Noise: NoiseWarn, Field: "distribution",
		Source: "Phụ lục I, Mục II §9.d", Expect: "Nơi nhận: with a colon", check: checkNoiNhan},
	{ID: "ND30-NN-2", Books: stateFull, Severity: vanban.SevWarn, Noise: NoiseSkip, Field: "distribution",
		Source: "Phụ lục I, Mục II §9.b", Expect: "- Như trên; first, in a công văn, tờ trình or báo cáo with Kính gửi", check: checkNhuTren},
	{ID: "ND30-NN-3", Books: stateFull, Severity: vanban.SevError, Noise: NoiseWarn, Field: "distribution",
		Source: "Phụ lục I, Mục II §9.d", Expect: "- Lưu: VT, <unit>. last", check: checkLuuState},
	{ID: "ND30-KY-1", Books: stateFull, Severity: vanban.SevError, Noise: NoiseWarn, Field: "signer_authority",
		Source: "Phụ lục I, Mục II §7.b, 7.đ", Expect: "TM., Q., KT., TL. or TUQ. (capitals and a dot)", check: checkAuthorityState},
	{ID: "ND30-KY-2", Books: stateFull, Severity: vanban.SevError, Field: "signer_authority",
		Source: "Phụ lục I, Mục II §7.b", Expect: "TM. before a collective body; KT., TL., TUQ., Q. before the head's title", check: checkAuthorityObject},
	{ID: "ND30-KY-3", Books: stateFull, Severity: vanban.SevWarn, Field: "signer_name",
		Source: "Phụ lục I, Mục II §7.c", Expect: "no academic title or rank before the signer's name (outside the armed forces, education, health and science)", check: checkSignerRank},
	{ID: "ND30-DK-1", Books: stateFull, Severity: vanban.SevError, Field: "urgency",
		Source: "Phụ lục I, Mục III.2", Expect: "TUYỆT MẬT, TỐI MẬT, MẬT; HỎA TỐC, THƯỢNG KHẨN, KHẨN", check: checkMarks},
	{ID: "ND30-BS-1", Books: nd30, Severity: vanban.SevInfo, Field: "",
		Source: "Phụ lục I, Phần II.II.1", Expect: "SAO Y, SAO LỤC or TRÍCH SAO", check: checkCopyWording},
	{ID: "ND30-PL-1", Books: stateFull, Severity: vanban.SevError, Field: "body",
		Source: "Phụ lục I, Mục III.1.a–b", Expect: "appendices numbered in Roman numerals (Phụ lục I, II…)", check: checkAppendices},
	{ID: "ND30-END-1", Books: stateFull, Severity: vanban.SevInfo, Noise: NoiseSkip, Field: "body",
		Source: "Phụ lục III (templates)", Expect: "the body ending ./.", check: checkEndState},

	// Party: Hướng dẫn 36-HD/VPTW (2018), 05-HD/VPTW (2026).
	{ID: "DANG-TD-1", Books: partyAll, Severity: vanban.SevError, Noise: NoiseWarn, Field: "motto",
		Source: "layout of the document's header (36-HD/VPTW; 11-HD/VPTW before it)", Expect: "ĐẢNG CỘNG SẢN VIỆT NAM in the right column; no Quốc hiệu", check: checkPartyTitle},
	{ID: "DANG-CQ-1", Books: partyFull, Severity: vanban.SevWarn, Noise: NoiseSkip, Field: "issuer",
		Source: "layout of the issuer block (36-HD/VPTW)", Expect: "a * line under the issuer's name", check: checkStar},
	{ID: "DANG-SO-1", Books: partyAll, Severity: vanban.SevError, Noise: NoiseWarn, Field: "symbol",
		Source: "header of 36-HD/VPTW", Expect: "Số without a colon, then NUMBER-TYPE/ISSUER", check: checkPartySo},
	{ID: "DANG-SO-2", Books: partyFull, Severity: vanban.SevWarn, Secondary: true, Field: "number",
		Source: "36-HD/VPTW (as summarised)", Expect: "a number below 10 written with a leading zero (05)", check: checkNumberPad},
	{ID: "DANG-SO-3", Books: partyFull, Severity: vanban.SevWarn, Secondary: true, Field: "type_code",
		Source: "36-HD/VPTW (as summarised)", Expect: "a Party type code: NQ, QĐ, QĐi, CT, KL, QC, TT, HD, TB, BC, KH, CTr, ĐA, PA, TTr, CV, BB", check: checkPartyTypeCode},
	{ID: "DANG-SO-4", Books: partyFull, Severity: vanban.SevWarn, Secondary: true, Field: "issuer_code",
		Source: "format-spec.md §3.5", Expect: "an issuer code (TW, VPTW, TU, HU, QU, ĐU, ĐUK…): an abbreviation in capitals", check: checkPartyIssuerCode},
	{ID: "DANG-DD-1", Books: partyAll, Severity: vanban.SevError, Noise: NoiseWarn, Field: "date",
		Source: "header of 36-HD/VPTW (ngày 03 tháng 4 năm 2018)", Expect: "<Place>, ngày DD tháng M năm YYYY: a comma, days below 10 and months 1-2 padded", check: checkPartyPlaceDate},
	{ID: "DANG-VV-1", Books: hd05, Severity: vanban.SevWarn, Secondary: true, Field: "subject",
		Source: "05-HD/VPTW (as summarised)", Expect: "a công văn's trích yếu as về việc …, without V/v", check: checkPartyVv},
	{ID: "DANG-KY-1", Books: partyFull, Severity: vanban.SevWarn, Secondary: true, Noise: NoiseWarn, Field: "signer_authority",
		Source: "36-HD/VPTW (as summarised)", Expect: "T/M, K/T or T/L (a slash, no dot)", check: checkAuthorityParty},
	{ID: "DANG-KY-2", Books: partyFull, Severity: vanban.SevWarn, Secondary: true, Field: "signer_authority",
		Source: "36-HD/VPTW (as summarised)", Expect: "no K/T before a cấp ủy (a collective); the title line the post alone (BÍ THƯ)", check: checkPartyCollective},
	{ID: "DANG-NN-1", Books: partyFull, Severity: vanban.SevWarn, Secondary: true, Noise: NoiseSkip, Field: "distribution",
		Source: "36-HD/VPTW (as summarised)", Expect: "Nơi nhận: with a colon; last - Lưu <office>. (no colon, no VT)", check: checkPartyNoiNhan},
	{ID: "DANG-END-1", Books: hd05, Severity: vanban.SevInfo, Secondary: true, Noise: NoiseSkip, Field: "body",
		Source: "05-HD/VPTW (as summarised)", Expect: "the body ending with ., not ./.", check: checkEndParty},
}

// RuleByID returns the rule called id.
func RuleByID(id string) (*Rule, bool) {
	for i := range Rules {
		if strings.EqualFold(Rules[i].ID, id) {
			return &Rules[i], true
		}
	}
	return nil, false
}

// ---- State header

func checkQuocHieu(c *ctx) {
	d := c.d
	s, ok := c.span("motto", 0)
	if d.Motto == "" || !ok {
		// Not read: written in small letters, or missing.
		if n, l, i, j := c.findHeaderPhrase("cong hoa xa hoi chu nghia viet nam"); n > 0 {
			c.report("", "motto", at{n, colOf(l, i), colOf(l, j)}, l[i:j], "")
			return
		}
		if !c.noisy { // lost in a scan or a conversion, more likely than omitted
			c.report("", "motto", at{}, "no Quốc hiệu", "")
		}
		return
	}
	t := c.textOf(s)
	if s.EndLine != s.Line {
		t = d.Motto
	}
	if f := fold(d.Motto); f != "cong hoa xa hoi chu nghia viet nam" {
		// The Party's title on a State document; anything else is a
		// misreading (OCR), not a breach, on noisy text.
		if f == "dang cong san viet nam" || !c.noisy {
			c.report("", "motto", spanAt(s), t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM (a State document's Quốc hiệu)")
		}
		return
	}
	if !isUpper(t) {
		c.report("", "motto", spanAt(s), t, "")
	}
}

var reTieuNgu = regexp.MustCompile(`doc\s*lap.{0,20}?hanh\s*phuc`)

func checkTieuNgu(c *ctx) {
	s, ok := c.span("motto", 0)
	if !ok || fold(c.d.Motto) != "cong hoa xa hoi chu nghia viet nam" {
		return // no Quốc hiệu: ND30-QH-1 says so
	}
	// After the Quốc hiệu on its line (a flattened copy), or on the next
	// lines. Found on folded text (same length in runes), judged as
	// printed.
	for n := s.EndLine; n <= s.EndLine+3 && n <= c.nlines(); n++ {
		l := c.line(n)
		from := 0
		if n == s.EndLine {
			from = byteCol(l, s.EndCol)
		}
		rest := l[from:]
		f := vntext.FoldSameLength(rest)
		loc := reTieuNgu.FindStringIndex(f)
		if loc == nil {
			continue
		}
		a, b := vntext.FoldedOffset(rest, f, loc[0]), vntext.FoldedOffset(rest, f, loc[1])
		t := rest[a:b]
		where := at{n, colOf(l, from+a), colOf(l, from+b)}
		if t == "Độc lập - Tự do - Hạnh phúc" {
			return
		}
		dashes := strings.NewReplacer("–", "-", "—", "-").Replace(t)
		if dashes == "Độc lập - Tự do - Hạnh phúc" {
			c.report(vanban.SevWarn, "motto", where, t, "hyphens (-), not dashes")
			return
		}
		// On noisy text, letters misread (Hanh, Ty) are OCR's; the
		// spacing and capitals are still judged.
		if c.noisy && (misreadOnly(dashes, "Độc lập - Tự do - Hạnh phúc") || unspaced(dashes) == unspaced("Độc lập - Tự do - Hạnh phúc")) {
			return // letters misread, spaces around the hyphens moved: OCR's
		}
		c.report("", "motto", where, t, "")
		return
	}
	if !c.noisy {
		c.report("", "motto", at{s.EndLine, 0, 0}, "no tiêu ngữ under the Quốc hiệu", "")
	}
}

// misreadOnly reports whether got differs from want only in letters (the
// same length in characters, the same spaces, hyphens and capitals): what
// OCR does to a line it reads.
func misreadOnly(got, want string) bool {
	g, w := []rune(got), []rune(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if unicode.IsLetter(g[i]) != unicode.IsLetter(w[i]) || unicode.IsLetter(g[i]) && unicode.IsUpper(g[i]) != unicode.IsUpper(w[i]) {
			return false
		}
		if !unicode.IsLetter(g[i]) && g[i] != w[i] {
			return false
		}
	}
	return true
}

// findHeaderPhrase finds a phrase (folded words) in the first lines of
// the text: its line, the line, and its byte range.
func (c *ctx) findHeaderPhrase(phrase string) (int, string, int, int) {
	for n := 1; n <= 20 && n <= c.nlines(); n++ {
		l := c.line(n)
		f := vntext.FoldSameLength(l)
		if i := strings.Index(f, phrase); i >= 0 {
			return n, l, vntext.FoldedOffset(l, f, i), vntext.FoldedOffset(l, f, i+len(phrase))
		}
	}
	return 0, "", 0, 0
}

// leftCell is the first cell of a line of a two-column header: the text
// before a run of three spaces (or a tab).
func leftCell(l string) string {
	l = strings.ReplaceAll(l, "\t", "   ")
	t := strings.TrimLeft(l, " ")
	if i := strings.Index(t, "   "); i >= 0 {
		t = t[:i]
	}
	return strings.TrimSpace(t)
}

func checkIssuerCaps(c *ctx) {
	// The issuer block: the left cells above the number line, from the
	// parent's (or the issuer's) line; a line in small letters is not read
	// as the issuer by the parser, so the lines are read here.
	num, ok := c.span("symbol", 0)
	if !ok {
		num, ok = c.span("number", 0)
	}
	if ok {
		from := max(1, num.Line-8)
		for _, f := range []string{"parent_issuer", "issuer"} {
			if s, ok := c.span(f, 0); ok && s.Line < num.Line {
				from = min(from, s.Line)
				if f == "parent_issuer" || s.Line < from {
					from = s.Line
				}
				break
			}
		}
		for n := from; n < num.Line; n++ {
			l := c.line(n)
			cell := leftCell(l)
			f := fold(cell)
			if cell == "" || len(cell) > 80 || strings.ContainsAny(cell, "0123456789/:") || !strings.ContainsFunc(cell, unicode.IsLetter) ||
				strings.Contains(f, "cong hoa") || strings.Contains(f, "doc lap") || strings.Contains(f, "dang cong san") {
				continue
			}
			if !isUpper(cell) {
				i := strings.Index(l, cell)
				c.report("", "issuer", at{n, colOf(l, i), colOf(l, i+len(cell))}, cell, "")
			}
			return
		}
		return
	}
	s, ok := c.span("issuer", 0)
	if !ok {
		return
	}
	// On one line, as printed; over lines (the other column between), the
	// value read, which keeps the printed case.
	t := c.d.Issuer
	if s.EndLine == s.Line {
		t = c.textOf(s)
	}
	if !isUpper(t) {
		c.report("", "issuer", spanAt(s), t, "")
	}
}

// numberPrefix is the text before the number on the number line: where
// "Số:" stands. It returns the line, the prefix and ok.
func (c *ctx) numberPrefix() (vanban.Span, string, bool) {
	s, ok := c.span("number", 0)
	if !ok {
		s, ok = c.span("symbol", 0)
	}
	if !ok {
		return s, "", false
	}
	return s, c.before(s), true
}

// soWord finds the word "Số" (any case and marks) at the end of a prefix
// and returns its start and what follows it.
var reSoEnd = regexp.MustCompile(`(?i)(s[ốôoóồ])\s*([:;.]?)\s*$`)

func checkSoColon(c *ctx) {
	s, pre, ok := c.numberPrefix()
	if !ok {
		return
	}
	m := reSoEnd.FindStringSubmatchIndex(pre)
	if m == nil {
		return // the word is lost (OCR) or the number stands alone: nothing to judge
	}
	word, punct := pre[m[2]:m[3]], pre[m[4]:m[5]]
	where := at{s.Line, colOf(pre, m[0]), colOf(pre, len(strings.TrimRight(pre, " ")))}
	found := strings.TrimSpace(pre[m[0]:])
	switch {
	case punct != ":":
		c.report("", "symbol", where, found, "")
	case word != "Số" && !(c.noisy && misreadOnly(word, "Số")):
		c.report("", "symbol", where, found, "Số: (S capital, ố small)")
	}
}

func checkNumberPad(c *ctx) {
	s, ok := c.span("number", 0)
	if !ok {
		return
	}
	t := c.textOf(s)
	if n, err := strconv.Atoi(t); err == nil && n > 0 && n < 10 && len(t) == 1 {
		c.report("", "number", spanAt(s), t, "0"+t)
	}
}

func checkSymbolSpaces(c *ctx) {
	s, ok := c.span("symbol", 0)
	if !ok {
		return
	}
	if s.EndLine != s.Line {
		c.report("", "symbol", spanAt(s), c.textOf(s)+"…", "the symbol on one line, without spaces")
		return
	}
	if t := c.textOf(s); strings.ContainsAny(t, " \t") {
		c.report("", "symbol", spanAt(s), t, "")
	}
}

// symbolGroups splits a printed State symbol (without its number) into
// its groups: "QĐ-UBND" → [QĐ UBND].
func symbolGroups(sym string) []string {
	if i := strings.IndexByte(sym, '/'); i >= 0 {
		sym = sym[i+1:]
	}
	var out []string
	for _, g := range strings.Split(sym, "-") {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// mixedCodes are the official codes written in mixed case: type codes of
// Phụ lục III, and the Prime Minister's TTg.
var mixedCodes = []string{"QyĐ", "CTr", "TTr", "TrS", "TTg"}

func checkSymbolCase(c *ctx) {
	s, ok := c.span("symbol", 0)
	if !ok || s.EndLine != s.Line {
		return
	}
	t := c.textOf(s)
	for _, g := range symbolGroups(t) {
		if slices.Contains(mixedCodes, g) || !hasLower(g) {
			continue
		}
		sev := ""
		if hasUpper(g) {
			sev = vanban.SevWarn // mixed case: perhaps a code we do not know
		}
		c.report(sev, "symbol", spanAt(s), t, strings.ToUpper(g)+" in capitals")
		return
	}
}

func hasLower(s string) bool { return strings.IndexFunc(s, unicode.IsLower) >= 0 }
func hasUpper(s string) bool { return strings.IndexFunc(s, unicode.IsUpper) >= 0 }

// stateTypeCodes are NĐ 30's type codes (Phụ lục III) by type name, and
// the codes Thông tư 01/2011 used where they differ.
var stateTypeCodes = map[string]string{
	"Nghị quyết": "NQ", "Quyết định": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC", "Quy định": "QyĐ",
	"Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD", "Chương trình": "CTr", "Kế hoạch": "KH",
	"Phương án": "PA", "Đề án": "ĐA", "Dự án": "DA", "Báo cáo": "BC", "Biên bản": "BB", "Tờ trình": "TTr",
	"Hợp đồng": "HĐ", "Công điện": "CĐ", "Bản ghi nhớ": "BGN", "Bản thỏa thuận": "BTT",
	"Giấy ủy quyền": "GUQ", "Giấy mời": "GM", "Giấy giới thiệu": "GGT", "Giấy nghỉ phép": "GNP",
	"Phiếu gửi": "PG", "Phiếu chuyển": "PC", "Phiếu báo": "PB",
}

var tt01Codes = map[string]string{"BGN": "GN", "BTT": "TTh", "GUQ": "UQ", "TrS": "TS"}

// isStateTypeCode reports whether g is a type code of NĐ 30 (or TT 01),
// compared in capitals (OCR's D for Đ allowed).
func isStateTypeCode(g string) bool {
	u := upperD(g)
	for _, code := range stateTypeCodes {
		if upperD(code) == u {
			return true
		}
	}
	for _, code := range tt01Codes {
		if upperD(code) == u {
			return true
		}
	}
	return slices.Contains([]string{"SY", "TRS", "SL"}, u)
}

func upperD(s string) string { return strings.ReplaceAll(strings.ToUpper(s), "Đ", "D") }

// typedTitle is the type of a document whose title line names a type of
// Phụ lục III, with the title's span.
func (c *ctx) typedTitle() (string, vanban.Span, bool) {
	s, ok := c.span("type", 0)
	if !ok {
		return "", s, false
	}
	_, known := stateTypeCodes[c.d.Type]
	return c.d.Type, s, known
}

func checkSymbolShape(c *ctx) {
	s, ok := c.span("symbol", 0)
	if !ok || s.EndLine != s.Line {
		return
	}
	t := c.textOf(s)
	if !strings.Contains(t, "/") {
		return // a Party-shaped number on a State document is DANG's business; the parser warned
	}
	gs := symbolGroups(t)
	if len(gs) == 0 {
		return
	}
	if _, _, typed := c.typedTitle(); typed {
		if !isStateTypeCode(gs[0]) {
			c.report("", "symbol", spanAt(s), t, "NUMBER/"+stateTypeCodes[c.d.Type]+"-ISSUER (a typed document's symbol starts with its type code)")
		}
		return
	}
	if _, ok := c.span("type", 0); !ok && upperD(gs[0]) == "CV" {
		c.report("", "symbol", spanAt(s), t, "NUMBER/ISSUER-UNIT: a State công văn has no type code (CV is none)")
	}
}

func checkTypeCode(c *ctx) {
	typ, _, typed := c.typedTitle()
	s, ok := c.span("symbol", 0)
	if !typed || !ok || s.EndLine != s.Line {
		return
	}
	t := c.textOf(s)
	gs := symbolGroups(t)
	if len(gs) == 0 || !isStateTypeCode(gs[0]) {
		return // no type code at all: ND30-SO-5
	}
	want := stateTypeCodes[typ]
	if upperD(gs[0]) == upperD(want) {
		return
	}
	if c.book.ID == "TT01" && upperD(gs[0]) == upperD(tt01Codes[want]) {
		return
	}
	c.report("", "type_code", spanAt(s), gs[0]+" under the title "+strings.ToUpper(typ), want)
}

// ---- place and date

func checkPlaceDate(c *ctx) {
	ps, pok := c.span("place", 0)
	ds, dok := c.span("date", 0)
	if !pok || !dok {
		return
	}
	place := c.textOf(ps)
	if r := []rune(place); len(r) > 0 && unicode.IsLower(r[0]) {
		c.report("", "place", spanAt(ps), place, "the place capitalised")
	}
	if ds.Line != ps.EndLine {
		c.report(vanban.SevWarn, "place", spanAt(ps), place+" / "+c.textOf(ds), "place and date on one line")
		return
	}
	l := c.line(ps.EndLine)
	between := l[byteCol(l, ps.EndCol):byteCol(l, ds.Col)]
	if strings.TrimSpace(between) != "," {
		c.report("", "place", at{ps.Line, ps.Col, ds.Col + 4}, place+between+"ngày", place+", ngày")
	}
}

var reNumericDate = regexp.MustCompile(`\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}`)

func checkDateWords(c *ctx) {
	ds, ok := c.span("date", 0)
	if !ok || ds.EndLine != ds.Line {
		return
	}
	if t := c.textOf(ds); reNumericDate.MatchString(t) {
		c.report("", "date", spanAt(ds), t, "ngày DD tháng MM năm YYYY")
	}
}

var reDateWords = regexp.MustCompile(`^ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+\d{4}`)

// datePadding checks the day and month of the date as printed and reports
// under the current rule.
func datePadding(c *ctx) {
	ds, ok := c.span("date", 0)
	if !ok || ds.EndLine != ds.Line {
		return
	}
	t := c.textOf(ds)
	m := reDateWords.FindStringSubmatch(fold(t))
	if m == nil {
		return
	}
	day, month := m[1], m[2]
	dn, _ := strconv.Atoi(day)
	mn, _ := strconv.Atoi(month)
	switch {
	case dn < 10 && len(day) == 1:
		c.report("", "date", spanAt(ds), t, "ngày 0"+day)
	case mn <= 2 && len(month) == 1:
		c.report("", "date", spanAt(ds), t, "tháng 0"+month)
	case mn >= 3 && len(month) == 2 && month[0] == '0':
		c.report(vanban.SevWarn, "date", spanAt(ds), t, "tháng "+strconv.Itoa(mn)+" (months 3-12 without a zero)")
	}
}

func checkDatePad(c *ctx) { datePadding(c) }

// ---- title and subject

func checkTitle(c *ctx) {
	d := c.d
	if _, ok := c.span("type", 0); ok {
		if d.Subject == "" {
			s, _ := c.span("type", 0)
			c.report(vanban.SevWarn, "subject", spanAt(s), "no trích yếu under "+strings.ToUpper(d.Type), "")
		}
		return
	}
	if _, known := stateTypeCodes[d.Type]; !known {
		return
	}
	// No title line read: one written in small letters is not read as
	// one. Look for the type's name alone at the start of a line below
	// the number.
	from := 1
	if s, ok := c.span("symbol", 0); ok {
		from = s.EndLine + 1
	}
	want := fold(d.Type)
	for n := from; n < from+12 && n <= c.nlines(); n++ {
		l := strings.TrimSpace(c.line(n))
		if fold(strings.Trim(l, " *#_")) == want && !isUpper(l) {
			raw := c.line(n)
			i := strings.Index(raw, l)
			c.report("", "type", at{n, colOf(raw, i), colOf(raw, i+len(l))}, l, strings.ToUpper(d.Type))
			return
		}
	}
}

var reVvBefore = regexp.MustCompile(`(?i)(v\s*/\s*v|về\s+việc|ve\s+viec)\s*[:.]?\s*$`)

func checkVv(c *ctx) {
	d := c.d
	if d.Type != "Công văn" {
		return
	}
	if _, ok := c.span("type", 0); ok {
		return
	}
	s, ok := c.span("subject", 0)
	if !ok {
		if d.Subject == "" {
			if ss, ok := c.span("symbol", 0); ok {
				// "Về việc …" under the number is not read as a công văn's
				// trích yếu.
				for n := ss.Line + 1; n <= ss.Line+3; n++ {
					l := c.line(n)
					if cell := leftCell(l); strings.HasPrefix(fold(cell), "ve viec ") {
						i := strings.Index(l, cell)
						c.report("", "subject", at{n, colOf(l, i), colOf(l, i+len("Về việc"))}, cell, "V/v "+strings.TrimSpace(cell[len("Về việc"):]))
						return
					}
				}
				c.report(vanban.SevWarn, "subject", at{ss.Line, 0, 0}, "no trích yếu under the number", "")
			}
		}
		return
	}
	pre := c.before(s)
	m := reVvBefore.FindStringSubmatchIndex(pre)
	if m == nil {
		if strings.TrimSpace(pre) == "" && s.Line > 1 {
			// "V/v" alone on the line above.
			if reVvBefore.MatchString(c.line(s.Line - 1)) {
				return
			}
		}
		c.report("", "subject", spanAt(s), strings.TrimSpace(pre+c.textOf(s)), "V/v "+d.Subject)
		return
	}
	word := pre[m[2]:m[3]]
	if strings.ReplaceAll(word, " ", "") != "V/v" {
		c.report("", "subject", at{s.Line, colOf(pre, m[2]), colOf(pre, m[3])}, word, "V/v")
	}
}

var reCanCu = regexp.MustCompile(`^\s*[-*+]?\s*Căn cứ\s`)

func checkCanCu(c *ctx) {
	n := c.nlines()
	for i := 1; i <= n; i++ {
		if !reCanCu.MatchString(c.line(i)) {
			continue
		}
		// The paragraph: to the next blank line or the next Căn cứ.
		j := i
		for j+1 <= n && strings.TrimSpace(c.line(j+1)) != "" && !reCanCu.MatchString(c.line(j+1)) && j-i < 6 {
			j++
		}
		l := strings.TrimRight(c.line(j), " ")
		if strings.HasSuffix(l, ",") {
			c.report("", "body", at{j, colOf(l, len(l)-1), colOf(l, len(l))}, "Căn cứ … ,", "; (or . after the last)")
		}
		i = j
	}
}

// ---- Kính gửi, Nơi nhận

var reKinhGui = regexp.MustCompile(`(?i)k[íi]nh\s+g[ửưu]i`)

func checkKinhGui(c *ctx) {
	s, ok := c.span("recipients", 1)
	if !ok {
		return
	}
	// The words "Kính gửi" on the first recipient's line or the line above.
	for _, n := range []int{s.Line, s.Line - 1} {
		l := c.line(n)
		if n == s.Line {
			l = c.before(s)
		}
		loc := reKinhGui.FindStringIndex(l)
		if loc == nil {
			continue
		}
		rest := strings.TrimLeft(l[loc[1]:], " *")
		if !strings.HasPrefix(rest, ":") {
			found := strings.TrimSpace(l[loc[0]:])
			if n == s.Line {
				found = strings.TrimSpace(l[loc[0]:] + c.textOf(s))
			}
			c.report("", "recipients", at{n, colOf(l, loc[0]), colOf(l, loc[1])}, found, "")
		}
		return
	}
}

var reNoiNhan = regexp.MustCompile(`(?i)n[ơo]['’]?i\s+nh[ậâa]n`)

// noiNhanLine finds the "Nơi nhận" words above (or on the line of) the
// first distribution item.
func (c *ctx) noiNhanLine() (int, string, []int) {
	s, ok := c.span("distribution", 1)
	if !ok {
		return 0, "", nil
	}
	for n := s.Line; n >= s.Line-2 && n >= 1; n-- {
		l := c.line(n)
		if loc := reNoiNhan.FindStringIndex(l); loc != nil {
			return n, l, loc
		}
	}
	return 0, "", nil
}

func checkNoiNhan(c *ctx) {
	n, l, loc := c.noiNhanLine()
	if loc == nil {
		return
	}
	rest := strings.TrimLeft(l[loc[1]:], " *_")
	if strings.HasPrefix(rest, ":") {
		return
	}
	if c.noisy {
		// "Noi nhận", "Nơi nhận“.": the words misread, or a mark where
		// the colon stood, are OCR's.
		if word := l[loc[0]:loc[1]]; word != "Nơi nhận" || rest != "" && strings.ContainsRune("“”\"'.;,|!", []rune(rest)[0]) {
			return
		}
	}
	c.report("", "distribution", at{n, colOf(l, loc[0]), colOf(l, loc[1])}, firstRunes(l[loc[0]:], 14), "")
}

func checkNhuTren(c *ctx) {
	d := c.d
	switch d.Type {
	case "Công văn", "Tờ trình", "Báo cáo":
	default:
		return
	}
	if len(d.Recipients) == 0 || len(d.Distribution) == 0 {
		return
	}
	if strings.HasPrefix(fold(d.Distribution[0]), "nhu tren") {
		return
	}
	s, _ := c.span("distribution", 1)
	c.report("", "distribution", spanAt(s), d.Distribution[0], "")
}

// luuItem is the Nơi nhận item that starts with "Lưu", with its span.
func (c *ctx) luuItem() (string, vanban.Span, bool) {
	d := c.d
	for i := len(d.Distribution) - 1; i >= 0; i-- {
		if f := fold(d.Distribution[i]); strings.HasPrefix(f, "luu") && (len(f) == 3 || !unicode.IsLetter(rune(f[3]))) {
			s, ok := c.span("distribution", i+1)
			if !ok {
				return "", s, false
			}
			return d.Distribution[i], s, true
		}
	}
	return "", vanban.Span{}, false
}

var (
	reLuuState = regexp.MustCompile(`^Lưu\s*:\s*VT\b`)
	reLuuVT    = regexp.MustCompile(`(?i)^l[ưu]u\s*:?\s*(vt|văn thư|van thu)\b`)
	reLuuColon = regexp.MustCompile(`(?i)^l[ưu]u\s*:`)
)

func checkLuuState(c *ctx) {
	if len(c.d.Distribution) == 0 {
		return
	}
	item, s, ok := c.luuItem()
	if !ok {
		return // no Lưu line read (a closing cut by the scan, a collective closing)
	}
	t := strings.TrimSpace(c.textOf(s))
	if s.EndLine != s.Line {
		t = item
	}
	if reLuuState.MatchString(t) {
		return
	}
	if reLuuVT.MatchString(t) || strings.Contains(fold(t), "van thu") {
		c.report("", "distribution", spanAt(s), t, "Lưu: VT, <unit>.")
		return
	}
	c.report(vanban.SevWarn, "distribution", spanAt(s), t, "Lưu: VT, <unit>.")
}

// ---- signature

var (
	reAuthState = regexp.MustCompile(`^(TM|Q|KT|TL|TUQ)\.\s`)
	reAuthAny   = regexp.MustCompile(`^(?i)(t\s*/\s*m|k\s*/\s*t|t\s*/\s*l|tm|kt|tl|tuq|q)\s*[./]?\s*`)
	reAuthSlash = regexp.MustCompile(`^(T/M|K/T|T/L)\s`)
)

func checkAuthorityState(c *ctx) {
	for i := range c.d.SignerAuthority {
		s, ok := c.span("signer_authority", i+1)
		if !ok || s.EndLine != s.Line {
			continue
		}
		t := c.textOf(s)
		if reAuthState.MatchString(t + " ") {
			continue
		}
		m := reAuthAny.FindString(t)
		if m == "" {
			continue
		}
		c.report("", "signer_authority", at{s.Line, s.Col, s.Col + len([]rune(strings.TrimRight(m, " ")))}, strings.TrimRight(m, " "), "")
	}
}

// collectiveWords start the name of a collective body; titleWords the
// title of a head.
var (
	collectiveWords = []string{"uy ban", "hoi dong", "chinh phu", "ban ", "ban thuong", "ban chap hanh", "doan ", "tap the", "thuong truc", "dang uy", "tinh uy", "huyen uy", "thanh uy", "quan uy", "ubnd", "hdnd", "ban thuong vu", "dang doan", "ban can su", "chi uy", "chi bo"}
	titleWords      = []string{"chu tich", "bo truong", "thu truong", "giam doc", "pho giam doc", "tong giam doc", "cuc truong", "vu truong", "truong ban", "truong ", "chanh ", "vien truong", "hieu truong", "tong cuc truong", "thu tuong", "bi thu", "pho bi thu", "tong bi thu", "pho chu tich", "chanh van phong", "tong thu ky", "thu ky", "chanh an", "vien truong", "giam doc so", "truong phong"}
)

func startsWithAny(f string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(f+" ", w) {
			return true
		}
	}
	return false
}

func checkAuthorityObject(c *ctx) {
	for i, a := range c.d.SignerAuthority {
		s, ok := c.span("signer_authority", i+1)
		if !ok {
			continue
		}
		m := reAuthAny.FindString(a)
		if m == "" {
			continue
		}
		pre := strings.ToUpper(strings.NewReplacer("/", "", ".", "", " ", "").Replace(m))
		obj := fold(strings.TrimSpace(a[len(m):]))
		switch pre {
		case "TM":
			if startsWithAny(obj, titleWords) && !startsWithAny(obj, collectiveWords) {
				c.report("", "signer_authority", spanAt(s), a, "TM. before a collective (TM. ỦY BAN NHÂN DÂN); KT./TL. before a title")
			}
		case "KT", "TL", "TUQ", "Q":
			if startsWithAny(obj, collectiveWords) && !startsWithAny(obj, titleWords) {
				c.report("", "signer_authority", spanAt(s), a, "KT., TL., TUQ., Q. before the head's title (KT. CHỦ TỊCH); TM. before a collective")
			}
		}
	}
}

var reRank = regexp.MustCompile(`^(GS|PGS|TS|ThS|TSKH|KS|BS|CN|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy)\s*[.,]`)

// rankExempt: issuers of the armed forces, education, health and science,
// whose signers may give their rank or degree.
var rankExempt = []string{"quan", "cong an", "bo quoc phong", "bo cong an", "giao duc", "dai hoc", "hoc vien", "truong", "vien", "y te", "benh vien", "khoa hoc", "bo doi", "bien phong", "canh sat"}

func checkSignerRank(c *ctx) {
	s, ok := c.span("signer_name", 0)
	if !ok {
		return
	}
	for _, x := range []string{c.d.Issuer, c.d.ParentIssuer} {
		f := fold(x)
		for _, w := range rankExempt {
			if strings.Contains(" "+f+" ", " "+w+" ") {
				return
			}
		}
	}
	pre := strings.TrimSpace(c.before(s)) + " " + c.textOf(s)
	pre = strings.TrimSpace(pre)
	if m := reRank.FindString(pre); m != "" {
		c.report("", "signer_name", spanAt(s), pre, "the name alone")
	}
}

var (
	urgencies = []string{"HỎA TỐC", "HOẢ TỐC", "THƯỢNG KHẨN", "KHẨN"}
	secrecies = []string{"TUYỆT MẬT", "TỐI MẬT", "MẬT"}
)

func checkMarks(c *ctx) {
	d := c.d
	if d.Urgency != "" && !slices.Contains(urgencies, strings.ToUpper(d.Urgency)) {
		s, _ := c.span("urgency", 0)
		c.report("", "urgency", spanAt(s), d.Urgency, "HỎA TỐC, THƯỢNG KHẨN or KHẨN")
	}
	if d.Secrecy != "" && !slices.Contains(secrecies, strings.ToUpper(d.Secrecy)) {
		s, _ := c.span("secrecy", 0)
		c.report("", "secrecy", spanAt(s), d.Secrecy, "TUYỆT MẬT, TỐI MẬT or MẬT")
	}
}

var reSaoYBanChinh = regexp.MustCompile(`^\s*SAO Y BẢN CHÍNH\s*$`)

func checkCopyWording(c *ctx) {
	for n := 1; n <= c.nlines(); n++ {
		l := c.line(n)
		if reSaoYBanChinh.MatchString(l) {
			i := strings.Index(l, "SAO")
			c.report("", "", at{n, colOf(l, i), colOf(l, i+len("SAO Y BẢN CHÍNH"))}, "SAO Y BẢN CHÍNH", "SAO Y (older wording)")
		}
	}
}

var reAppendix = regexp.MustCompile(`^\s*(?:\*\*)?(PHỤ LỤC|Phụ lục)\s+(\d+|[IVXLC]+)\b`)

func checkAppendices(c *ctx) {
	type head struct {
		line      int
		num       string
		col, end  int
		arabic    bool
		fullMatch string
	}
	var hs []head
	for n := 1; n <= c.nlines(); n++ {
		l := c.line(n)
		if !strings.Contains(l, "hụ lục") && !strings.Contains(l, "HỤ LỤC") {
			continue
		}
		m := reAppendix.FindStringSubmatchIndex(l)
		if m == nil {
			continue
		}
		// A heading: the line holds the words alone, or a title after them.
		num := l[m[4]:m[5]]
		hs = append(hs, head{n, num, colOf(l, m[2]), colOf(l, m[5]), num[0] >= '0' && num[0] <= '9', l[m[2]:m[5]]})
	}
	if len(hs) < 2 {
		return
	}
	// Once, on the first numbered in Arabic numerals.
	for _, h := range hs {
		if h.arabic {
			c.report("", "body", at{h.line, h.col, h.end}, fmt.Sprintf("%s (of %d appendices)", h.fullMatch, len(hs)), "Roman numerals when there are two or more appendices")
			return
		}
	}
}

// lastBodyLine is the last non-blank line of the body as printed: the line
// above the closing's first span.
func (c *ctx) bodyEnd() (int, string) {
	d := c.d
	if d.Body == "" {
		return 0, ""
	}
	last := d.Body
	if i := strings.LastIndexByte(strings.TrimRight(last, " \n"), '\n'); i >= 0 {
		last = last[i+1:]
	}
	last = strings.TrimSpace(last)
	if last == "" {
		return 0, ""
	}
	// Find the line in the text: search up from the closing.
	limit := c.nlines()
	for _, f := range []string{"signer_authority", "signer_title", "distribution"} {
		item := 0
		if f != "signer_title" {
			item = 1
		}
		if s, ok := c.span(f, item); ok && s.Line < limit {
			limit = s.Line
		}
	}
	for n := limit; n >= 1 && n > limit-60; n-- {
		if strings.Contains(c.line(n), last) {
			return n, last
		}
	}
	return 0, last
}

func checkEndState(c *ctx) {
	n, last := c.bodyEnd()
	if last == "" || c.d.Type == "" {
		return
	}
	if strings.HasSuffix(last, "./.") || strings.HasSuffix(last, "/.") {
		return
	}
	l := c.line(n)
	where := at{}
	if n > 0 {
		i := strings.Index(l, last)
		where = at{n, colOf(l, i+len(last)) - 1, colOf(l, i+len(last))}
	}
	c.report("", "body", where, lastWords(last), "./.")
}

func lastWords(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return "…" + string(r[len(r)-40:])
	}
	return s
}

// ---- Party

func checkPartyTitle(c *ctx) {
	d := c.d
	// The State's Quốc hiệu on a Party document.
	for n := 1; n <= 12 && n <= c.nlines(); n++ {
		l := c.line(n)
		if i := strings.Index(fold(l), "cong hoa xa hoi chu nghia"); i >= 0 {
			c.report("", "motto", at{n, 1, 0}, strings.TrimSpace(l), "ĐẢNG CỘNG SẢN VIỆT NAM, not the State's Quốc hiệu")
			return
		}
	}
	s, ok := c.span("motto", 0)
	if !ok || d.Motto == "" {
		if n, l, i, j := c.findHeaderPhrase("dang cong san viet nam"); n > 0 && !isUpper(l[i:j]) {
			c.report("", "motto", at{n, colOf(l, i), colOf(l, j)}, l[i:j], "ĐẢNG CỘNG SẢN VIỆT NAM in capitals")
			return
		}
		c.report(vanban.SevWarn, "motto", at{}, "no ĐẢNG CỘNG SẢN VIỆT NAM line", "")
		return
	}
	t := c.textOf(s)
	if fold(d.Motto) == "dang cong san viet nam" && !isUpper(t) {
		c.report("", "motto", spanAt(s), t, "ĐẢNG CỘNG SẢN VIỆT NAM in capitals")
	}
}

func checkStar(c *ctx) {
	s, ok := c.span("issuer", 0)
	if !ok {
		return
	}
	// Below the issuer, before the number line (the right column's title
	// and date may stand between when the columns were linearised).
	last := s.EndLine + 6
	if ns, ok := c.span("symbol", 0); ok && ns.Line > s.EndLine {
		last = max(last, min(ns.Line, s.EndLine+12))
	}
	for n := s.EndLine; n <= last && n <= c.nlines(); n++ {
		l := c.line(n)
		if n == s.EndLine {
			l = c.after(s)
		}
		if strings.Contains(l, "*") {
			return
		}
	}
	c.report("", "issuer", spanAt(s), c.textOf(s)+" (no * below)", "")
}

var (
	rePartySymbol = regexp.MustCompile(`^\d+[a-zA-Z]?\s*-\s*[\p{L}]+\s*/`)
	reStateSymbol = regexp.MustCompile(`^\d+[a-zA-Z]?\s*/\s*[\p{L}]+\s*-`)
)

func checkPartySo(c *ctx) {
	s, pre, ok := c.numberPrefix()
	if !ok {
		return
	}
	if m := reSoEnd.FindStringSubmatchIndex(pre); m != nil && pre[m[4]:m[5]] == ":" {
		c.report("", "symbol", at{s.Line, colOf(pre, m[0]), colOf(pre, m[5])}, strings.TrimSpace(pre[m[0]:]), "Số (no colon)")
	}
	ss, ok := c.span("symbol", 0)
	if !ok || ss.EndLine != ss.Line {
		return
	}
	t := c.textOf(ss)
	if reStateSymbol.MatchString(t) && !rePartySymbol.MatchString(t) {
		c.report("", "symbol", spanAt(ss), t, "NUMBER-TYPE/ISSUER (71-CV/TU)")
	}
}

var partyTypeCodes = []string{"NQ", "QĐ", "QĐI", "CT", "KL", "QC", "TT", "HD", "TB", "BC", "KH", "CTR", "ĐA", "PA", "TTR", "CV", "BB", "TC", "QH", "DA", "TTRI", "TTRA", "BCĐ"}

func checkPartyTypeCode(c *ctx) {
	s, ok := c.span("type_code", 0)
	code := c.d.TypeCode
	if !ok || code == "" {
		return
	}
	u := strings.ToUpper(code)
	if slices.Contains(partyTypeCodes, u) || slices.Contains(partyTypeCodes, strings.ReplaceAll(u, "D", "Đ")) {
		return
	}
	exp := ""
	if upperD(code) == "QYD" {
		exp = "QĐ (QyĐ is a State code)"
	}
	c.report("", "type_code", spanAt(s), c.textOf(s), exp)
}

// partyIssuerCodes are the Party issuer codes known (format-spec.md §3.5);
// others pass when they read as an abbreviation.
var reAbbrev = regexp.MustCompile(`^[\p{Lu}]{1,8}(?:[-][\p{Lu}]{1,8})*$`)

func checkPartyIssuerCode(c *ctx) {
	s, ok := c.span("symbol", 0)
	if !ok {
		s, ok = c.span("number", 0) // a symbol the parser read in part
	}
	if !ok || s.EndLine != s.Line {
		return
	}
	// The symbol's cell as printed: the parser stops at a word it cannot
	// read as a code ("71-CV/TỈNH ỦY" is read 71-CV/T).
	l := c.line(s.Line)
	t := l[byteCol(l, s.Col):]
	if k := strings.Index(t, "   "); k >= 0 {
		t = t[:k]
	}
	t = strings.TrimSpace(t)
	i := strings.IndexByte(t, '/')
	if i < 0 {
		return
	}
	// The code: the words in capitals after the slash (the place and date
	// may follow on the same line).
	var words []string
	for _, w := range strings.Fields(strings.NewReplacer("*", " ", "_", " ").Replace(t[i+1:])) {
		if !hasUpper(w) || hasLower(w) {
			break
		}
		words = append(words, w)
	}
	code := strings.Join(words, " ")
	t = t[:i+1] + code
	if code == "" || reAbbrev.MatchString(strings.ReplaceAll(code, " ", "")) && !strings.Contains(strings.TrimSpace(code), " ") {
		return
	}
	c.report("", "issuer_code", at{s.Line, s.Col, s.Col + utf8.RuneCountInString(t)}, code, "")
}

func checkPartyPlaceDate(c *ctx) {
	ps, pok := c.span("place", 0)
	ds, dok := c.span("date", 0)
	if pok && dok && ds.Line == ps.EndLine {
		l := c.line(ps.EndLine)
		between := l[byteCol(l, ps.EndCol):byteCol(l, ds.Col)]
		if strings.TrimSpace(between) != "," {
			c.report("", "place", at{ps.Line, ps.Col, ds.Col + 4}, c.textOf(ps)+between+"ngày", c.textOf(ps)+", ngày")
		}
	}
	if dok {
		if t := c.textOf(ds); reNumericDate.MatchString(t) {
			c.report("", "date", spanAt(ds), t, "ngày DD tháng M năm YYYY")
			return
		}
	}
	datePadding(c)
}

func checkPartyVv(c *ctx) {
	s, ok := c.span("subject", 0)
	if !ok || c.d.Type != "Công văn" {
		return
	}
	pre := c.before(s)
	if m := reVvBefore.FindStringSubmatchIndex(pre); m != nil && strings.EqualFold(strings.ReplaceAll(pre[m[2]:m[3]], " ", ""), "v/v") {
		c.report("", "subject", at{s.Line, colOf(pre, m[2]), colOf(pre, m[3])}, pre[m[2]:m[3]], "về việc")
	}
}

func checkAuthorityParty(c *ctx) {
	for i := range c.d.SignerAuthority {
		s, ok := c.span("signer_authority", i+1)
		if !ok || s.EndLine != s.Line {
			continue
		}
		t := c.textOf(s)
		if reAuthSlash.MatchString(t + " ") {
			continue
		}
		m := reAuthAny.FindString(t)
		if m == "" {
			continue
		}
		c.report("", "signer_authority", at{s.Line, s.Col, s.Col + len([]rune(strings.TrimRight(m, " ")))}, strings.TrimRight(m, " "), "")
	}
}

func checkPartyCollective(c *ctx) {
	for i, a := range c.d.SignerAuthority {
		m := reAuthAny.FindString(a)
		if m == "" {
			continue
		}
		pre := strings.ToUpper(strings.NewReplacer("/", "", ".", "", " ", "").Replace(m))
		obj := fold(strings.TrimSpace(a[len(m):]))
		if pre == "KT" && startsWithAny(obj, collectiveWords) && !startsWithAny(obj, titleWords) {
			s, _ := c.span("signer_authority", i+1)
			c.report("", "signer_authority", spanAt(s), a, "T/M before a cấp ủy (T/M BAN THƯỜNG VỤ)")
		}
	}
	t := c.d.SignerTitle
	f := fold(t)
	for _, post := range []string{"pho bi thu ", "bi thu "} {
		if !strings.HasPrefix(f, post) {
			continue
		}
		if rest := " " + f[len(post):] + " "; strings.Contains(rest, "uy ") {
			s, _ := c.span("signer_title", 0)
			c.report("", "signer_title", spanAt(s), t, strings.ToUpper(strings.TrimSpace(post))+" (the post alone)")
		}
		return
	}
}

func checkPartyNoiNhan(c *ctx) {
	item, s, ok := c.luuItem()
	if !ok {
		return
	}
	t := strings.TrimSpace(c.textOf(s))
	if s.EndLine != s.Line {
		t = item
	}
	if reLuuColon.MatchString(t) || reLuuVT.MatchString(t) {
		c.report("", "distribution", spanAt(s), t, "Lưu <office>. (Lưu Văn phòng Tỉnh ủy.)")
	}
}

func checkEndParty(c *ctx) {
	n, last := c.bodyEnd()
	if last == "" || !strings.HasSuffix(last, "./.") {
		return
	}
	l := c.line(n)
	where := at{}
	if n > 0 {
		i := strings.Index(l, last)
		where = at{n, colOf(l, i+len(last)) - 3, colOf(l, i+len(last))}
	}
	c.report("", "body", where, lastWords(last), ". (05-HD/VPTW)")
}

// firstRunes is the first n characters of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return strings.TrimSpace(s[:i])
		}
		n--
	}
	return strings.TrimSpace(s)
}

// unspaced is s folded without its spaces: what is left when OCR's
// spacing and misread marks are set aside.
func unspaced(s string) string { return strings.ReplaceAll(fold(s), " ", "") }
