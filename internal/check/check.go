// Package check tells whether a document follows the format rules ("thể
// thức") of the rulebook that applied to it on its date: Nghị định
// 30/2020/NĐ-CP for State documents from 5 March 2020 (Thông tư 01/2011/TT-BNV
// before it), Hướng dẫn 36-HD/VPTW for Party documents from 3 April 2018 and
// 05-HD/VPTW from 27 May 2026. The rules, their sources and examples are
// those of shared/docs/format-rules.md; rules.go holds them as one table.
//
// A rule reads the record's fields and, through their spans, the text they
// were read from: "Số 5/QĐ-UBND" is judged on the number line as printed,
// not on the cleaned symbol. A finding says where (line and columns in the
// record's text), what was found, what the rule expects and where the rule
// comes from.
//
// Which rulebook: a document is judged only by the rulebook in force on its
// date. A document without a date (or dated before the first rulebook the
// table knows for its system) is checked only by the rules every rulebook of
// its system shares. Rules read only in secondary summaries of a rulebook
// (format-rules.md marks them [S]), and every rule under Thông tư 01/2011
// (whose text we have not read, only its differences from NĐ 30), are at
// most warnings. Mass organisations follow either layout: they are checked
// only by what both share, at most as warnings.
//
// Noise is not a violation: on text the parser found noisy (a legacy
// encoding converted, OCR debris or misspellings it warned about, Markdown
// or HTML debris in the header), rules that OCR and conversion can fake
// (spaces around / and -, lost colons and commas, lost capitals, lost "*"
// lines) report at most a warning, or nothing; the table says which.
package check

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// Book is a rulebook.
type Book struct {
	ID       string // ND30, TT01, TTLT55, HD36, HD05, or COMMON-* for the shared rules
	Name     string // as cited: "Nghị định 30/2020/NĐ-CP"
	System   string
	From, To string // ISO dates it applied, inclusive ("" open)
	// Primary is false when we know the rulebook only from secondary
	// summaries: its findings are at most warnings.
	Primary bool
}

// Books are the rulebooks, by system and date.
var Books = []Book{
	{ID: "TTLT55", Name: "Thông tư liên tịch 55/2005/TTLT-BNV-VPCP", System: vanban.SystemState, To: "2010-12-31"},
	{ID: "TT01", Name: "Thông tư 01/2011/TT-BNV", System: vanban.SystemState, From: "2011-01-01", To: "2020-03-04"},
	{ID: "ND30", Name: "Nghị định 30/2020/NĐ-CP", System: vanban.SystemState, From: "2020-03-05", Primary: true},
	{ID: "HD11", Name: "Hướng dẫn 11-HD/VPTW", System: vanban.SystemParty, To: "2018-04-02"},
	{ID: "HD36", Name: "Hướng dẫn 36-HD/VPTW", System: vanban.SystemParty, From: "2018-04-03", To: "2026-05-26", Primary: true},
	{ID: "HD05", Name: "Hướng dẫn 05-HD/VPTW", System: vanban.SystemParty, From: "2026-05-27"},
}

// Common rulebooks: what every rulebook of a system shares, for documents
// without a date or older than the rulebooks checked in full; and what the
// State and Party layouts share, for mass organisations.
var (
	commonState = Book{ID: "COMMON-STATE", Name: "rules common to every State rulebook (NĐ 30/2020, TT 01/2011, TTLT 55/2005)", System: vanban.SystemState, Primary: true}
	commonParty = Book{ID: "COMMON-PARTY", Name: "rules common to every Party rulebook (36-HD/VPTW, 05-HD/VPTW)", System: vanban.SystemParty, Primary: true}
	commonMass  = Book{ID: "COMMON-MASS", Name: "what the State (NĐ 30/2020) and Party (36-HD/VPTW) layouts share", System: vanban.SystemMassOrg}
)

// partySymbol is a Party number (NUMBER-TYPE/ISSUER), stateSymbol a
// State one (NUMBER/CODE-…).
var (
	partySymbol = regexp.MustCompile(`^\d+[a-zA-Z]?-\p{L}+/\p{L}`)
	stateSymbol = regexp.MustCompile(`^\d+[a-zA-Z]?/\p{L}`)
)

// partyIssuer: the words of a Party body's name.
var partyIssuer = []string{"dang uy", "tinh uy", "huyen uy", "thanh uy", "thi uy", "quan uy", "chi bo", "dang bo", "ban chap hanh trung uong", "ban thuong vu", "dang doan", "ban can su dang", "ban to chuc", "ban tuyen giao", "ban dan van", "uy ban kiem tra", "van phong trung uong"}

// SystemOf is the system d is checked as: the parser's, unless the title
// line is the only thing that says so and the number and the issuer say
// the other (a Tỉnh ủy letter printed under the State's Quốc hiệu is a
// Party document with a wrong title, not a State document with a wrong
// number, issuer and signature).
func SystemOf(d *vanban.Document) string {
	issuer := " " + fold(d.ParentIssuer+" "+d.Issuer) + " "
	party := false
	for _, w := range partyIssuer {
		party = party || strings.Contains(issuer, " "+w+" ")
	}
	switch {
	case d.System == vanban.SystemState && party && partySymbol.MatchString(d.Symbol):
		return vanban.SystemParty
	case d.System == vanban.SystemParty && !party && stateSymbol.MatchString(d.Symbol) && strings.Contains(issuer, " uy ban nhan dan "):
		return vanban.SystemState
	}
	return d.System
}

// BookFor returns the rulebook that applied to d: by its system
// (SystemOf) and date, else the rules its system's rulebooks share.
func BookFor(d *vanban.Document) Book {
	system := SystemOf(d)
	switch system {
	case vanban.SystemMassOrg:
		return commonMass
	case vanban.SystemState, vanban.SystemParty:
	default:
		return Book{}
	}
	if len(d.Date) == 10 {
		for _, b := range Books {
			if b.System == system && (b.From == "" || d.Date >= b.From) && (b.To == "" || d.Date <= b.To) {
				if b.ID == "TTLT55" || b.ID == "HD11" {
					break // known by their shared rules only
				}
				return b
			}
		}
	}
	if system == vanban.SystemState {
		return commonState
	}
	return commonParty
}

// Result is what Check found.
type Result struct {
	Rulebook string           // the rulebook's name ("" when none applies: no system)
	Noisy    bool             // the text was found noisy (see the package doc)
	Findings []vanban.Finding // in line order
	// Note says what could not be checked ("" when all was).
	Note string
}

// Check checks d, read from text (the record's archived text; d.Spans
// point into it), against the rules of its rulebook.
func Check(d *vanban.Document, text string) Result {
	b := BookFor(d)
	if b.ID == "" {
		return Result{Findings: []vanban.Finding{}}
	}
	c := &ctx{d: d, text: text, book: b}
	c.noisy = noisy(d, c)
	for i := range Rules {
		r := &Rules[i]
		if !r.applies(b) {
			continue
		}
		if c.noisy && r.Noise == NoiseSkip {
			continue
		}
		c.rule = r
		r.check(c)
	}
	slices.SortStableFunc(c.out, func(a, b vanban.Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	if c.out == nil {
		c.out = []vanban.Finding{}
	}
	r := Result{Rulebook: b.Name, Noisy: c.noisy, Findings: c.out}
	if len(d.Spans) == 0 {
		// An HTML page, or a record archived before spans: the rules that
		// read the printed text have nothing to read.
		r.Note = "no spans (an HTML page, or a record archived before parser 4: vanban reparse): the printed text was not checked"
	}
	return r
}

// ctx is one document being checked.
type ctx struct {
	d      *vanban.Document
	text   string
	starts []int32 // where each line starts, on first use
	book   Book
	noisy  bool
	rule   *Rule
	out    []vanban.Finding
}

func (c *ctx) line(n int) string { // 1-based; "" outside the text
	if c.starts == nil {
		// Where each line starts: 4 bytes a line, not a copy of the
		// lines (a large document is checked at import).
		c.starts = make([]int32, 1, strings.Count(c.text, "\n")+1)
		for i := 0; i < len(c.text); {
			k := strings.IndexByte(c.text[i:], '\n')
			if k < 0 {
				break
			}
			i += k + 1
			c.starts = append(c.starts, int32(i))
		}
	}
	if n < 1 || n > len(c.starts) {
		return ""
	}
	end := len(c.text)
	if n < len(c.starts) {
		end = int(c.starts[n]) - 1
	}
	return strings.TrimSuffix(c.text[c.starts[n-1]:end], "\r")
}

func (c *ctx) nlines() int {
	c.line(1)
	return len(c.starts)
}

func (c *ctx) span(field string, item int) (vanban.Span, bool) {
	return vanban.SpanOf(c.d.Spans, field, item)
}

// at is a place in the text: a line and a range of columns (1-based, end
// exclusive, in characters).
type at struct{ line, col, end int }

func spanAt(s vanban.Span) at {
	if s.EndLine != s.Line {
		return at{s.Line, s.Col, 0}
	}
	return at{s.Line, s.Col, s.EndCol}
}

// textOf is what a span covers on its first line.
func (c *ctx) textOf(s vanban.Span) string {
	l := c.line(s.Line)
	a := byteCol(l, s.Col)
	e := len(l)
	if s.EndLine == s.Line {
		e = byteCol(l, s.EndCol)
	}
	if a > e {
		return ""
	}
	return l[a:e]
}

// before is the text of a span's line before it; after, after its end.
func (c *ctx) before(s vanban.Span) string {
	l := c.line(s.Line)
	return l[:byteCol(l, s.Col)]
}

func (c *ctx) after(s vanban.Span) string {
	l := c.line(s.EndLine)
	return l[byteCol(l, s.EndCol):]
}

// byteCol is the byte offset of column col (1-based, in characters) of l.
func byteCol(l string, col int) int {
	off := 0
	for i := 1; i < col && off < len(l); i++ {
		_, n := utf8.DecodeRuneInString(l[off:])
		off += n
	}
	return off
}

func colOf(l string, off int) int { return utf8.RuneCountInString(l[:min(off, len(l))]) + 1 }

// report adds a finding of the current rule. sev "" is the rule's own; it
// is lowered to a warning on noisy text for rules that noise can fake, and
// under a rulebook known only from summaries.
func (c *ctx) report(sev, field string, where at, found, expected string) {
	r := c.rule
	if sev == "" {
		sev = r.Severity
	}
	capTo := func(max string) {
		if vanban.SeverityRank(sev) > vanban.SeverityRank(max) {
			sev = max
		}
	}
	if c.noisy && r.Noise == NoiseWarn {
		capTo(vanban.SevWarn)
	}
	if !c.book.Primary || r.Secondary {
		capTo(vanban.SevWarn)
	}
	if expected == "" {
		expected = r.Expect
	}
	article := r.Source
	if c.book.ID == "TT01" && strings.HasPrefix(r.ID, "ND30-") {
		article = "NĐ 30/2020 " + r.Source + ", taken as the same in TT 01/2011"
	}
	c.out = append(c.out, vanban.Finding{
		Rule: r.ID, Severity: sev, Field: field,
		Line: where.line, Col: where.col, EndCol: where.end,
		Found: clip(found), Expected: expected,
		Rulebook: c.book.Name, Article: article,
	})
}

// clip shortens what a finding quotes to 120 characters.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= 120 {
		return s
	}
	return string([]rune(s)[:119]) + "…"
}

// noisy reports whether the parser found d's text noisy: converted from a
// legacy encoding, with warnings of OCR debris or misspelt title lines, or
// with Markdown, table or HTML debris in its first lines.
func noisy(d *vanban.Document, c *ctx) bool {
	switch d.Encoding {
	case "", "utf-8", "ascii":
	default:
		return true
	}
	for _, w := range d.Warnings {
		if w.Field == "encoding" || strings.Contains(w.Message, "OCR") || strings.Contains(w.Message, "debris") {
			return true
		}
	}
	head := c.text
	if len(head) > 2000 {
		// Up to the last whole word within 2,000 bytes: half a word is
		// no syllable.
		head = head[:2000]
		if i := strings.LastIndexAny(head, " \n"); i > 0 {
			head = head[:i]
		}
	}
	for _, m := range []string{"**", "|", "\\", "<p", "<td", "<div", "<br", "# ", "__"} {
		if strings.Contains(head, m) {
			return true
		}
	}
	lines := c.anchorLines()
	return ocrLike(head) || misspelt(lines) || misread(lines)
}

// misread reports an OCR misreading in a header: a word with Vietnamese
// letters that is no Vietnamese syllable ("CỤC THUÉ" for THUẾ).
// Abbreviations whose only mark is Đ (QĐ, NĐ, TTĐB) are not words.
func misread(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		plain := true
		for _, r := range w {
			if r >= utf8.RuneSelf && r != 'Đ' && r != 'đ' {
				plain = false
				break
			}
		}
		if !plain && !charset.IsSyllable(w) {
			return true
		}
	}
	return false
}

// anchorLines are the lines where the layout's fixed phrases stand, found
// by the spans: around the Quốc hiệu or Party title, Kính gửi and Nơi
// nhận (the first lines of the text when there is no title line).
func (c *ctx) anchorLines() string {
	var b strings.Builder
	add := func(from, to int) {
		for n := max(from, 1); n <= to && n <= c.nlines(); n++ {
			b.WriteString(c.line(n))
			b.WriteByte('\n')
		}
	}
	if s, ok := c.span("motto", 0); ok {
		add(s.Line-1, s.EndLine+3)
	} else {
		add(1, 12)
	}
	if s, ok := c.span("number", 0); ok {
		add(s.Line, s.Line)
	}
	if s, ok := c.span("recipients", 1); ok {
		add(s.Line-1, s.Line)
	}
	if s, ok := c.span("distribution", 1); ok {
		add(s.Line-2, s.Line)
	}
	return b.String()
}

// anchors are fixed phrases of the layout. Found when case and marks are
// set aside, but spelt otherwise ("Hanh phúc", "Noi nhận"), they show OCR
// or a conversion that lost marks: the text is noisy.
var anchors = []string{"Độc lập", "Tự do", "Hạnh phúc", "Nơi nhận", "Kính gửi", "Cộng hòa xã hội chủ nghĩa Việt Nam", "Đảng Cộng sản Việt Nam", "Căn cứ", "Như trên"}

var anchorFolds, anchorKeys = func() ([]string, []string) {
	var f, k []string
	for _, a := range anchors {
		f = append(f, vntext.Fold(a))
		k = append(k, vntext.AccentKey(a))
	}
	return f, k
}()

// anchorFirst maps the first folded word of each anchor to the anchors.
var anchorFirst = func() map[string][]int {
	m := map[string][]int{}
	for i, f := range anchorFolds {
		w, _, _ := strings.Cut(f, " ")
		m[w] = append(m[w], i)
	}
	return m
}()

// misspelt reports an anchor in s spelt otherwise. The text is folded once,
// rune for rune (so that a match maps back to s by walking both), and read
// once, word by word.
func misspelt(s string) bool {
	f := vntext.FoldSameLength(s)
	fi, si := 0, 0 // a position in f and the same rune's in s
	rawAt := func(off int) int {
		if off < fi {
			fi, si = 0, 0
		}
		for fi < off && fi < len(f) {
			_, n := utf8.DecodeRuneInString(f[fi:])
			_, m := utf8.DecodeRuneInString(s[si:])
			fi, si = fi+n, si+m
		}
		return si
	}
	for k := 0; k < len(f); {
		if !isWordByte(f[k]) {
			k++
			continue
		}
		e := k
		for e < len(f) && isWordByte(f[e]) {
			e++
		}
		for _, i := range anchorFirst[f[k:e]] {
			fa := anchorFolds[i]
			end := k + len(fa)
			if !strings.HasPrefix(f[k:], fa) || end < len(f) && isWordByte(f[end]) {
				continue
			}
			a := rawAt(k)
			raw := s[a:rawAt(end)]
			if !strings.EqualFold(raw, anchors[i]) && vntext.AccentKey(raw) != anchorKeys[i] {
				return true
			}
		}
		k = e
	}
	return false
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }

// isOdd: characters OCR puts inside words.
func isOdd(r rune) bool {
	switch r {
	case '§', '©', '®', '°', '¢', '£', '¥', '¤', '|', '~', '^', '`', '{', '}', '$', '€':
		return true
	}
	return false
}

// ocrLike reports OCR's marks in a header: words broken by stray
// punctuation or of mixed scripts, more than a few.
func ocrLike(s string) bool {
	odd := false
	for _, r := range s {
		if isOdd(r) {
			odd = true
			break
		}
	}
	if !odd {
		return false
	}
	bad := 0
	for _, w := range strings.Fields(s) {
		letters, odd := 0, 0
		for _, r := range w {
			switch {
			case unicode.IsLetter(r):
				letters++
			case isOdd(r):
				odd++
			}
		}
		if odd > 0 && letters > 0 {
			bad++
		}
	}
	return bad >= 2
}

// fold is the search key of s (vntext.Fold).
func fold(s string) string { return vntext.Fold(s) }

// isUpper reports whether the letters of s are capitals (at least two
// letters; one lower-case letter in twenty forgiven).
func isUpper(s string) bool {
	up, n := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if unicode.IsUpper(r) {
				up++
			}
		}
	}
	return n >= 2 && up*20 >= n*19
}
