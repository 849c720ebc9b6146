package parse

import (
	"strings"
)

var (
	reImage          = lazyRegexp(`!\[[^\]]*\]\([^)]*\)`)
	reLink           = lazyRegexp(`\[([^\]]*)\]\((?:https?://|/|\.)[^)]*\)`)
	reHeading        = lazyRegexp(`^\s{0,3}#{1,6}\s+`)
	reEscape         = lazyRegexp("\\\\([-*_.#\\\\|()\\[\\]!+~`{}<>])")
	reBackslashBreak = lazyRegexp(`\\(\s)`)
	reRuleRun        = lazyRegexp(`[-_=~]{3,}|(?:\\-){2,}`)
	reCongBao        = lazyRegexp(`^\s*cong bao\s*/\s*so\s*\d+\s*/\s*ngay`) // on folded text
	reDigitLine      = lazyRegexp(`^\s*\d{1,4}\s*$`)
	// A title line added by a crawler before the real header:
	// "Công văn 2739/VPCP-ĐMDN năm 2019 … do Văn phòng Chính phủ ban hành."
	// Matched on folded text, so that copies typed without diacritics
	// lose the title too.
	reCrawlerTitle = lazyRegexp(`^(?:cong van|quyet dinh|nghi quyet|nghi dinh|thong tu lien tich|thong tu|chi thi|ke hoach|thong bao|bao cao|huong dan|cong dien|to trinh|quy dinh|chuong trinh|ket luan|thong tri|luat|phap lenh|van ban hop nhat|quy che|de an) (?:so )?\d+[^\s/]*/\S+?(?: nam \d{4})?\.?(?:\s|$)`)
	reBanHanh      = lazyRegexp(`\s(?:ban hanh|hop nhat)\.(?:\s|$)`)
	reEditorial    = lazyRegexp(`\[(?:noi dung|dieu|khoan|diem|cum tu|mau|phu luc)[^\]]{0,400}(?:dinh chinh|sua doi|bo sung|bai bo|het hieu luc|thay the)[^\]]{0,400}\]`) // on folded text
)

// metaLine reports whether a line is converter or e-signature metadata rather
// than document text: "Ký bởi:", "Thời gian ký:", "Digitally signed by"…
func metaLine(f string) bool {
	f = strings.TrimLeft(f, " *_")
	for _, p := range []string{"ky boi", "thoi gian ky", "ngay ky:", "digitally signed", "signature not verified", "signed by:", "--- page break", "page break"} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// metaFollower reports whether a line continues a metadata block opened by
// metaLine ("Cơ quan:", "Địa chỉ:", "Date:", "Location:", "Email:").
func metaFollower(f string) bool {
	f = strings.TrimLeft(f, " *_=")
	for _, p := range []string{"co quan:", "dia chi:", "date:", "location:", "email:", "reason:", "to chuc:", "thoi gian ky", "ngay ky"} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// prepared is the document text after layout clean-up.
type prepared struct {
	lines        []string
	crawlerTitle string
	// orig maps a line of lines to its line in the text (0-based): nil
	// when every line is where it was; html is true when the text was an
	// HTML page, whose lines map to none.
	orig []int32
	html bool
}

// origLine is the 0-based line of the text that prepared line i came from.
func (p *prepared) origLine(i int) int {
	if p.orig == nil || i < 0 {
		return i
	}
	if i >= len(p.orig) {
		return int(p.orig[len(p.orig)-1]) + i - len(p.orig) + 1
	}
	return int(p.orig[i])
}

// prepare splits text into lines and removes what is layout or converter
// debris rather than document text: YAML front matter, e-signature metadata,
// Công báo running heads, page-break markers, Markdown markers and escapes,
// table pipes and rules, crawler titles and editorial notes. Table rows are
// linearised column by column. Rule lines become blank lines so that they
// still separate blocks.
func prepare(text string) prepared {
	var p prepared
	if looksHTML(text) {
		text = htmlToText(text)
		p.html = true
	}
	raw := strings.Split(text, "\n")
	// Twice: a double-spaced export of a file that was double-spaced already.
	raw, p.orig = undoDoubleSpacing(raw, nil)
	raw, p.orig = undoDoubleSpacing(raw, p.orig)
	raw, p.orig = dropFrontMatter(raw, p.orig)
	raw, p.orig = linearizeTables(raw, p.orig)

	// One line out for each line in, written over raw in place: a large
	// document's lines are not held twice.
	out := raw[:0]
	inMeta := false
	metaIndent, metaBlanks := -1, 0 // the signature stamp's column; blank lines inside it
	skipPageNo := false
	for _, l := range raw {
		if len(l) > maxHeaderLine*64 {
			// Pathological line: keep it, but skip the per-line clean-up
			// regexps that would only slow things down.
			out = append(out, l)
			continue
		}
		if strings.TrimSpace(l) == "" {
			// One blank line may stand inside a signature stamp's block.
			if metaBlanks++; metaBlanks > 1 {
				inMeta = false
			}
			out = append(out, "")
			continue
		}
		metaBlanks = 0
		if tl := strings.TrimLeft(l, " "); (strings.HasPrefix(tl, "CÔNG BÁO") || strings.HasPrefix(tl, "CONG BAO")) && reCongBao().MatchString(fold1(firstN(l, 80))) {
			skipPageNo = true
			out = append(out, "")
			continue
		}
		if skipPageNo && reDigitLine().MatchString(l) {
			skipPageNo = false
			out = append(out, "")
			continue
		}
		skipPageNo = false
		tl := strings.TrimLeft(l, " *_=")
		f := ""
		// Metadata lines have a colon early ("Ký bởi:", "Cơ quan:"), or start
		// "Digitally signed", "Signature not verified", "--- page break".
		if tl != "" && strings.IndexByte("KTNDSPCELRktndspcelr-\xc4", tl[0]) >= 0 &&
			(strings.IndexByte(firstN(tl, 40), ':') >= 0 || strings.IndexByte("DdSsPp-", tl[0]) >= 0) {
			f = fold1(firstN(tl, 40))
		}
		indent := len(l) - len(strings.TrimLeft(l, " "))
		if f != "" && metaLine(f) {
			inMeta, metaIndent = true, indent
			out = append(out, "")
			continue
		}
		// A stamp printed in a column of its own wraps its values
		// ("Ký bởi: Tỉnh ủy Thái" / "Nguyên"): lines at the stamp's indent
		// belong to it.
		if inMeta && (f != "" && metaFollower(f) || metaIndent >= 20 && indent == metaIndent) {
			out = append(out, "")
			continue
		}
		inMeta = false
		out = append(out, cleanLine(l))
	}
	// Crawler title on the first text line.
	for i, l := range out {
		if strings.TrimSpace(l) == "" {
			continue
		}
		t := strings.TrimSpace(l)
		c := t[0]
		if c != 'C' && c != 'Q' && c != 'N' && c != 'T' && c != 'K' && c != 'B' && c != 'H' && c != 'L' && c != 'P' && c != 'V' && c != 0xC4 {
			break
		}
		ft := fold1(firstN(t, 1024)) // the title and its "ban hành." end within 600 bytes
		if m := reCrawlerTitle().FindStringIndex(ft); m != nil && t[0] != ft[0] {
			end := -1
			if bm := reBanHanh().FindStringIndex(ft); bm != nil && bm[0] < 600 {
				end = foldToOrig(t, ft, bm[1])
			} else if strings.HasSuffix(strings.TrimSpace(ft[:m[1]]), ".") {
				end = foldToOrig(t, ft, m[1])
			}
			if end > 0 {
				p.crawlerTitle = strings.TrimSpace(t[:end])
				out[i] = strings.TrimSpace(t[end:])
			}
		}
		break
	}
	if p.crawlerTitle != "" {
		for i, l := range out {
			if strings.Contains(l, p.crawlerTitle) {
				out[i] = strings.TrimSpace(strings.ReplaceAll(l, p.crawlerTitle, ""))
			}
		}
	}
	p.lines = out
	return p
}

// cleanLine removes Markdown and table debris from one line but keeps cell
// boundaries as runs of three spaces.
func cleanLine(l string) string {
	// One pass to see which clean-ups the line needs.
	var acc uint8
	rule := false
	for i := 0; i < len(l); i++ {
		c := l[i]
		k := lineClass[c]
		acc |= k
		if k&cRule != 0 && i+2 < len(l) && l[i+1] == c && l[i+2] == c {
			rule = true
		}
	}
	if acc&cNonBlank == 0 {
		return ""
	}
	if acc&(cBang|cHash|cBslash|cStar|cPipe|cTab) == 0 && !rule {
		return strings.TrimRight(l, " ")
	}
	bang, hash, bslash := acc&cBang != 0, acc&cHash != 0, acc&cBslash != 0
	if bang {
		l = reImage().ReplaceAllString(l, "")
		l = reLink().ReplaceAllString(l, "$1")
		if strings.Contains(l, "[") {
			l = dropEditorial(l)
		}
	}
	if hash && strings.HasPrefix(strings.TrimLeft(l, " "), "#") {
		l = reHeading().ReplaceAllString(l, "")
	}
	if bslash {
		l = reEscape().ReplaceAllString(l, "$1")
		l = reBackslashBreak().ReplaceAllString(l, "$1")
		l = strings.TrimRight(l, " ")
		l = strings.TrimSuffix(l, `\`)
	}
	if rule || bslash {
		l = reRuleRun().ReplaceAllString(l, "   ")
	}
	l = strings.ReplaceAll(l, "**", "")
	l = strings.ReplaceAll(l, "|", "   ")
	l = strings.ReplaceAll(l, "\t", "   ")
	if strings.Contains(l, "*") {
		l = strings.Map(func(r rune) rune {
			if r == '*' {
				return ' '
			}
			return r
		}, l)
	}
	if strings.TrimSpace(strings.Trim(l, " .:+")) == "" {
		return ""
	}
	return strings.TrimRight(l, " ")
}

// dropFrontMatter removes a YAML block that opens the file. m maps lines to
// the text's lines (nil: the identity); the map of the result is returned.
func dropFrontMatter(lines []string, m []int32) ([]string, []int32) {
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i >= len(lines) || strings.TrimSpace(lines[i]) != "---" {
		return lines, m
	}
	for j := i + 1; j < len(lines) && j < i+60; j++ {
		t := strings.TrimSpace(lines[j])
		if t == "---" || t == "..." {
			if m == nil {
				m = identityMap(len(lines))
			}
			return lines[j+1:], m[j+1:]
		}
		if t != "" && !strings.Contains(t, ":") && !strings.HasPrefix(t, "-") && !strings.HasPrefix(t, " ") {
			return lines, m
		}
	}
	return lines, m
}

// identityMap maps n lines to themselves.
func identityMap(n int) []int32 {
	m := make([]int32, n)
	for i := range m {
		m[i] = int32(i)
	}
	return m
}

// mapped is the text line of line i under m.
func mapped(m []int32, i int) int32 {
	if m == nil {
		return int32(i)
	}
	return m[i]
}

// linearizeTables rewrites blocks of pipe or grid table rows ("| a | b |",
// "+---+---+") column by column: every line of the first column, then every
// line of the second… In these documents side-by-side cells are the two
// columns of the header or of the closing (Nơi nhận | signature).
func linearizeTables(lines []string, m []int32) ([]string, []int32) {
	table := false
	for _, l := range lines {
		if isTableLine(l) {
			table = true
			break
		}
	}
	if !table {
		return lines, m
	}
	var out []string
	var om []int32
	for i := 0; i < len(lines); {
		if !isTableLine(lines[i]) {
			out = append(out, lines[i])
			om = append(om, mapped(m, i))
			i++
			continue
		}
		j := i
		var cols [][]string
		var rows [][]int32 // the text line of each cell of cols
		for j < len(lines) && isTableLine(lines[j]) {
			t := strings.TrimSpace(lines[j])
			if strings.HasPrefix(t, "+") || isTableRule(t) {
				j++
				continue
			}
			t = strings.TrimPrefix(t, "|")
			t = strings.TrimSuffix(t, "|")
			cells := strings.Split(t, "|")
			for len(cols) < len(cells) {
				cols = append(cols, nil)
				rows = append(rows, nil)
			}
			for k, c := range cells {
				cols[k] = append(cols[k], strings.TrimSpace(c))
				rows[k] = append(rows[k], mapped(m, j))
			}
			j++
		}
		for k, c := range cols {
			out = append(out, c...)
			om = append(om, rows[k]...)
			out = append(out, "")
			om = append(om, mapped(m, j-1))
		}
		i = j
	}
	return out, om
}

func isTableLine(l string) bool {
	t := strings.TrimSpace(l)
	if len(t) < 2 {
		return false
	}
	if t[0] == '|' && strings.Count(t, "|") >= 2 {
		return true
	}
	return t[0] == '+' && (strings.HasPrefix(t, "+-") || strings.HasPrefix(t, "+=") || strings.HasPrefix(t, "+:"))
}

func isTableRule(t string) bool {
	return strings.Trim(t, "|-:=+ ") == ""
}

// Byte classes for cleanLine's first pass.
const (
	cBang   uint8 = 1 << iota // ! or [: images, links, editorial notes
	cHash                     // #: headings
	cBslash                   // \: escapes
	cStar                     // *: emphasis
	cPipe                     // |: table cells
	cTab
	cRule     // - _ = ~: maybe a rule run
	cNonBlank // anything but space . : + * |
)

var lineClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		t[c] = cNonBlank
	}
	t[' '], t['.'], t[':'], t['+'] = 0, 0, 0, 0
	t['!'] |= cBang
	t['['] |= cBang
	t['#'] |= cHash
	t['\\'] |= cBslash
	t['*'] = cStar
	t['|'] = cPipe
	t['\t'] = cTab
	for _, c := range "-_=~" {
		t[c] |= cRule
	}
	return t
}()

// undoDoubleSpacing removes the blank line that Word's "save as text" (and
// some PDF and web exports) writes after every line. Such a file has almost
// no two text lines in a row; the layout rules, which read a wrapped subject,
// Nơi nhận entry or date as consecutive lines and a blank line as the end of
// a block, need the blank lines that were in the document, not those of the
// export. A run of k blank lines becomes k/2: one becomes none, the three
// that stand for a paragraph break become one.
//
// The test is on the whole file: at least 12 text lines, and fewer than one
// text line in twenty directly followed by another.
func undoDoubleSpacing(lines []string, m []int32) ([]string, []int32) {
	text, adjacent := 0, 0
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		text++
		if i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			adjacent++
		}
	}
	if text < 12 || adjacent*20 >= text {
		return lines, m
	}
	out := make([]string, 0, text*2)
	om := make([]int32, 0, text*2)
	for i := 0; i < len(lines); {
		if strings.TrimSpace(lines[i]) != "" {
			out = append(out, lines[i])
			om = append(om, mapped(m, i))
			i++
			continue
		}
		k := i
		for k < len(lines) && strings.TrimSpace(lines[k]) == "" {
			k++
		}
		for n := (k - i) / 2; n > 0; n-- {
			out = append(out, "")
			om = append(om, mapped(m, k-n))
		}
		i = k
	}
	return out, om
}

// dropEditorial removes the editors' notes of legal-database copies
// ("[Nội dung này được đính chính bởi Công văn 666/BYT-BH …]"), with or
// without diacritics.
func dropEditorial(l string) string {
	f := fold1(l)
	ms := reEditorial().FindAllStringIndex(f, -1)
	for k := len(ms) - 1; k >= 0; k-- {
		a, b := foldToOrig(l, f, ms[k][0]), foldToOrig(l, f, ms[k][1])
		l = l[:a] + l[b:]
	}
	return l
}
