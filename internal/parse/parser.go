package parse

import (
	"strings"

	"github.com/vanban/vanban/internal/vanban"
)

// headerLines is how many lines from the top the header rules look at.
const headerLines = 80

type pos struct{ line, off int }

type parser struct {
	lines        []string
	folds        []string // fold1 of the header part of lines[:headerLines], filled by fc
	fc           *foldCache
	crawlerTitle string
	doc          *vanban.Document

	symLine    int
	symSpan    [2]int
	sym        symbolInfo
	motto      span
	party      span
	tieu       span
	pd         placeDate
	hasPD      bool
	hasVv      bool
	title      string // type name from the title line
	massTitle  bool   // the title line is a mass organisation's
	collective bool   // the closing is a collective body's name alone (collectiveClosing)

	bodyStart pos
	bodyEnd   int // first line of the closing (exclusive end of body)

	// Where fields were read, for their spans (spans.go): lines of lines,
	// -1 when not found; orig maps lines to the text's (prepared.origLine).
	titleLine, subjLine, kgLine, nnLine int
	prep                                *prepared
}

func newParser(text string) *parser {
	pr := prepare(text)
	p := &parser{lines: pr.lines, crawlerTitle: pr.crawlerTitle, doc: &vanban.Document{},
		symLine: -1, motto: noSpan, party: noSpan, tieu: noSpan,
		titleLine: -1, subjLine: -1, kgLine: -1, nnLine: -1, prep: &pr}
	n := len(p.lines)
	if n > headerLines {
		n = headerLines
	}
	p.fc = &foldCache{lines: p.lines, folds: make([]string, n), done: make([]bool, n)}
	p.folds = p.fc.folds
	return p
}

// foldCache folds header lines on first use.
type foldCache struct {
	lines []string
	folds []string
	done  []bool
}

func (c *foldCache) get(i int) string {
	if i >= len(c.folds) {
		return fold1(headerPart(c.lines[i]))
	}
	if !c.done[i] {
		c.folds[i] = fold1(headerPart(c.lines[i]))
		c.done[i] = true
	}
	return c.folds[i]
}

func (c *foldCache) set(i int, f string) {
	if i < len(c.folds) {
		c.folds[i], c.done[i] = f, true
	}
}

// fold returns the folded header part of line i (computed on demand past the
// header).
func (p *parser) fold(i int) string {
	return p.fc.get(i)
}

// foldStart returns the folded first n bytes of line i, for start-of-line
// tests on body lines.
func (p *parser) foldStart(i, n int) string {
	if i < len(p.folds) {
		return firstN(strings.TrimLeft(p.fc.get(i), " "), n)
	}
	return fold1(firstN(strings.TrimLeft(p.lines[i], " "), n))
}

func (p *parser) isDocument() bool {
	d := p.doc
	// Congress papers and reports carry no number, title line or date: an
	// issuer block with a type-name title under it is a document too.
	return p.symLine >= 0 || p.motto.ok() || p.party.ok() || p.hasPD ||
		(d.SignerName != "" && (len(d.SignerAuthority) > 0 || d.SignerTitle != "")) ||
		(p.title != "" && d.Issuer != "")
}

func (p *parser) parse() *vanban.Document {
	d := p.doc
	lim := len(p.folds)
	p.skipCover()
	p.symLine, p.symSpan, p.sym = findSymbol(p.lines, 45)
	if p.symLine < 0 {
		p.symLine, p.symSpan, p.sym = findFusedSymbol(p.lines, 12)
	}

	top := 0
	for top < len(p.lines) && strings.TrimSpace(p.lines[top]) == "" {
		top++
	}
	if top >= len(p.lines) {
		return d // nothing but markup
	}
	anchorLim := lim
	if p.symLine >= 0 && p.symLine+14 < anchorLim {
		anchorLim = p.symLine + 14
	}
	p.findMotto(anchorLim)
	p.tieu = findFold(p.fc, reTieuNgu(), "ph", 0, anchorLim, false)

	// Place and date: near the other header anchors.
	last := -1
	for _, l := range []int{p.symLine, p.motto.line, p.party.line, p.tieu.line} {
		if l > last {
			last = l
		}
	}
	pdLim := anchorLim
	if last >= 0 && last+7 < pdLim {
		pdLim = last + 7
	}
	cellStart := map[int]int{}
	if p.symLine >= 0 {
		cellStart[p.symLine] = p.symSpan[1]
	}
	for _, s := range []span{p.motto, p.party, p.tieu} {
		if s.ok() && s.end > cellStart[s.line] {
			cellStart[s.line] = s.end
		}
	}
	p.pd, p.hasPD = findPlaceDate(p.fc, 0, pdLim, cellStart)
	if p.hasPD {
		d.Place = p.pd.place
		d.Date = p.pd.date
	}

	p.findIssuer(top)
	subjEnd := p.findSubject(anchorLim)
	kgEnd := p.findRecipients(anchorLim, subjEnd)
	p.setSymbol()
	p.setSystem()
	p.setType()

	// The body starts after the last header element.
	start := pos{top, 0}
	for _, q := range []pos{
		{p.symLine, len(p.lines[max(p.symLine, 0)])},
		{p.motto.line, len(p.lines[max(p.motto.line, 0)])},
		{p.party.line, len(p.lines[max(p.party.line, 0)])},
		{p.tieu.line, len(p.lines[max(p.tieu.line, 0)])},
		{p.pd.dateEnd.line, p.pd.dateEnd.end},
		subjEnd, kgEnd,
	} {
		if q.line > start.line || (q.line == start.line && q.off > start.off) {
			start = q
		}
	}
	if !p.hasPD {
		start.off = len(p.lines[start.line])
	}
	p.bodyStart = start
	p.findClosing()
	p.findMarks()
	p.findReferences()
	p.warnMissing()
	p.warnDebris()
	p.warnDateYear()
	p.warnIssuerCase()
	p.warnUnitCode()
	return d
}

// findMotto finds the Quốc hiệu (State) or the Party title line.
func (p *parser) findMotto(lim int) {
	p.motto = findFold(p.fc, reMotto(), "xa", 0, lim, true)
	if !p.motto.ok() {
		// "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM" on two lines.
		for i := 0; i+1 < lim && i+1 < len(p.lines); i++ {
			if !strings.Contains(p.fold(i), "xa") || !reMotto1().MatchString(p.fold(i)) {
				continue
			}
			if reMotto2().MatchString(p.fold(i+1)) && isUpperText(p.lines[i]) {
				m := reMotto2().FindStringIndex(p.fold(i + 1))
				e := foldToOrig(p.lines[i+1], p.fold(i+1), m[1])
				p.motto = span{i, 0, len(p.lines[i])}
				p.doc.Motto = clean(p.lines[i] + " " + p.lines[i+1][:e])
				// Blank the second half so that it is not read as an issuer.
				p.lines[i+1] = strings.Repeat(" ", e) + p.lines[i+1][e:]
				p.fc.set(i+1, fold1(p.lines[i+1]))
				break
			}
		}
	} else {
		p.doc.Motto = clean(p.lines[p.motto.line][p.motto.start:p.motto.end])
	}
	p.party = findFold(p.fc, reParty(), "san", 0, lim, true)
	if !p.party.ok() {
		p.party = findFold(p.fc, reParty2(), "bang", 0, lim, true)
	}
	if p.party.ok() {
		p.doc.Motto = clean(p.lines[p.party.line][p.party.start:p.party.end])
	}
	if !p.motto.ok() && !p.party.ok() {
		// The Youth Union prints its own title line where the Party's stands.
		if s := findFold(p.fc, reDoan(), "minh", 0, lim, true); s.ok() {
			p.motto = s
			p.doc.Motto = clean(p.lines[s.line][s.start:s.end])
			p.massTitle = true
		}
	}
}

// skipCover blanks the cover page of a booklet (congress papers, reports
// printed for a meeting): the Party title, the body's name, the title and
// "LƯU HÀNH NỘI BỘ" / "THÁNG 9 - 2025" on a page of their own, before the
// page that carries the real header. The cover ends at its page number, the
// first line in the first 45 that holds only a number (decoding drops the
// form feeds of PDF text, so the number is what marks the page); it is a cover
// when it holds neither a number line nor a place-date, and the next page
// does, within 15 lines.
func (p *parser) skipCover() {
	brk := -1
	for i := 0; i < len(p.lines) && i < 45; i++ {
		l := p.lines[i]
		if isPageNumber(l) {
			brk = i
			break
		}
	}
	if brk <= 0 {
		return
	}
	text := 0
	for i := 0; i < brk; i++ {
		if strings.TrimSpace(p.lines[i]) != "" {
			text++
		}
	}
	if text < 2 {
		return
	}
	hasHeader := func(from, to int) bool {
		if l, _, _ := findSymbol(p.lines[from:min(to, len(p.lines))], to-from); l >= 0 {
			return true
		}
		_, ok := findPlaceDate(p.fc, from, min(to, len(p.lines)), nil)
		return ok
	}
	if hasHeader(0, brk) || !hasHeader(brk+1, brk+16) {
		return
	}
	for i := 0; i <= brk; i++ {
		p.lines[i] = ""
		p.fc.set(i, "")
	}
}

// isPageNumber reports whether a line holds only a number of one to four
// digits (reDigitLine without the regexp).
func isPageNumber(l string) bool {
	t := strings.TrimSpace(l)
	if t == "" || len(t) > 4 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}
