package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	reNoiNhan = lazyRegexp(`^[\s\-*#]*n[oơu0]'?[il1]\s?nh[a-z~!|()\\{}]{1,3}(?:[^a-z]|$)`)
	// Signing-authority prefixes, State and Party.
	reAuth   = lazyRegexp(`(?:^|[\s,;.:])((?:T\s?/\s?M|K\s?/\s?T|T\s?/\s?L|T\s?/\s?U\s?/?\s?Q|TM|KT|TL|TUQ|TƯQ|Q|T\.M|K\.T|T\.L)(?:\s*[.:]|\s))\s*(\p{L})`)
	reSigned = lazyRegexp(`(?i)\((?:đã ký|ký|ký,? đóng dấu|ký,? ghi rõ họ tên|ký tên,? đóng dấu|đã ký và đóng dấu)\)|\bĐã ký\b|\[|\]`)
)

// authAt finds a signing-authority prefix in s followed by an upper-case word
// and returns the offset where the prefix starts, or -1.
func authAt(s string) int {
	if !authHint(s) {
		return -1
	}
	for _, m := range reAuth().FindAllStringSubmatchIndex(s, -1) {
		pfx := strings.ReplaceAll(s[m[2]:m[3]], " ", "")
		// A bare Q, TM, KT… needs its dot or slash; "Q" alone is too common.
		if !strings.ContainsAny(pfx, "./:") && (pfx == "Q" || len(pfx) < 2) {
			continue
		}
		// The words after the prefix are in capitals ("TM ỦY BAN…"); OCR
		// may lower a few ("KT. cục TRƯỞNG").
		r, n := upperRatio(firstN(s[m[4]:], 24))
		need := 0.5
		if !strings.ContainsAny(pfx, "./:") {
			need = 0.8
		}
		if n < 2 || r < need {
			continue
		}
		return m[2]
	}
	return -1
}

// authHint is a cheap test that s may hold an authority prefix: a T, K or Q
// at the start of a word.
func authHint(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c != 'T' && c != 'K' && c != 'Q') || (i > 0 && strings.IndexByte(" ,;.:\t", s[i-1]) < 0) {
			continue
		}
		if i+1 >= len(s) || strings.IndexByte("MLTUKQ./: \xc6", s[i+1]) >= 0 {
			return true
		}
	}
	return false
}

func (p *parser) isNoiNhan(i int) (bool, string) {
	t := strings.TrimLeft(p.lines[i], " -*#")
	if t == "" || (t[0] != 'N' && t[0] != 'n') {
		return false, ""
	}
	f := p.foldStart(i, 40)
	m := reNoiNhan().FindStringIndex(f)
	if m == nil {
		return false, ""
	}
	l := strings.TrimLeft(p.lines[i], " ")
	o := foldToOrig(l, fold1(firstN(l, 40)), m[1])
	if m[1] < len(f) && f[m[1]-1] != ' ' && !unicode.IsPunct(rune(f[m[1]-1])) {
		o = foldToOrig(l, fold1(firstN(l, 40)), m[1]-1)
	}
	// "nơi nhận vào trang đầu sổ…": running text that wrapped before the
	// words, not the label, which is capitalised or followed by a colon.
	rest := strings.TrimLeft(l[o:], " ")
	if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLower(r) && (t[0] == 'n' || !strings.Contains(l[:o], ":")) {
		return false, ""
	}
	return true, l[o:]
}

// findClosing finds Nơi nhận and the signature block, sets the body, the
// distribution list and the signer fields.
func (p *parser) findClosing() {
	from := p.bodyStart.line
	if from < 0 {
		from = 0
	}
	nn := -1
	var nnTail string
	for i := from + 1; i < len(p.lines); i++ {
		if ok, tail := p.isNoiNhan(i); ok {
			nn, nnTail = i, tail
			break
		}
	}
	auth := -1
	for i := from + 1; i < len(p.lines); i++ {
		t := strings.TrimSpace(headerPart(p.lines[i]))
		if t == "" || len(t) > 200 {
			continue
		}
		if c := t[0]; c != 'T' && c != 'K' && c != 'Q' {
			continue
		}
		if a := authAt(firstN(t, 60)); a == 0 {
			auth = i
			break
		}
	}
	var sig []string
	bodyEnd := len(p.lines)
	switch {
	case nn >= 0:
		bodyEnd = nn
		if auth >= 0 && auth < nn && auth >= nn-12 {
			bodyEnd = auth
			for k := auth; k < nn; k++ {
				if t := strings.TrimSpace(p.lines[k]); t != "" {
					sig = append(sig, t)
				}
			}
		}
		p.nnLine = nn
		items, more, top := p.distribution(nn, nnTail)
		if top >= 0 && top < bodyEnd {
			bodyEnd = top
		}
		p.doc.Distribution = items
		sig = append(sig, more...)
	case auth >= 0:
		bodyEnd = auth
		sig = p.sigLinesFrom(auth)
	default:
		if k := p.titleNameLine(from + 1); k >= 0 {
			bodyEnd = k
			sig = p.sigLinesFrom(k)
		} else if k, title := p.collectiveClosing(from + 1); k >= 0 {
			bodyEnd = k
			p.bodyEnd = bodyEnd
			p.setBody()
			p.doc.SignerTitle = title
			p.collective = true
			return
		}
	}
	if bodyEnd < from {
		bodyEnd = from
	}
	p.bodyEnd = bodyEnd
	p.setBody()
	p.signature(sig)
}

// sigLinesFrom returns the non-blank lines of a signature block starting at
// line k, stopping at an annex or after a name.
func (p *parser) sigLinesFrom(k int) []string {
	var out []string
	for i := k; i < len(p.lines) && i < k+14; i++ {
		t := strings.TrimSpace(p.lines[i])
		if t == "" {
			continue
		}
		if i > k && p.annexStart(t) {
			break
		}
		out = append(out, t)
		if i > k && nameIn(t) != "" {
			break
		}
	}
	return out
}

// annexStart reports whether a line starts an annex or a second document.
func (p *parser) annexStart(t string) bool {
	f := fold1(firstN(t, 40))
	for _, a := range []string{"phu luc", "mau ", "danh muc", "sao y", "trich sao"} {
		if strings.HasPrefix(f, a) {
			return true
		}
	}
	return p.crawlerTitle != "" && strings.HasPrefix(t, firstN(p.crawlerTitle, 20))
}

// titleNameLine finds a signer's title line followed by a name, for documents
// whose signature has no authority prefix and no Nơi nhận.
func (p *parser) titleNameLine(from int) int {
	for i := from; i < len(p.lines); i++ {
		t := trimPunct(p.lines[i])
		if t == "" || len(t) > 80 || !isUpperText(t) {
			continue
		}
		if _, ok := titlePrefix(fold1(t)); !ok {
			continue
		}
		for j, n := i+1, 0; j < len(p.lines) && n < 4; j++ {
			u := strings.TrimSpace(p.lines[j])
			if u == "" {
				continue
			}
			n++
			if nameIn(u) != "" && len(words(u)) <= 6 {
				return i
			}
		}
	}
	return -1
}

// distribution parses the Nơi nhận list at line nn. It returns the entries,
// the lines that belong to the signature column (printed beside or under the
// list), and, when the entries stand above the "Nơi nhận" label, the first
// line of the list (else -1).
func (p *parser) distribution(nn int, tail string) (items, sig []string, top int) {
	top = -1
	tail = strings.TrimLeft(tail, " :;.,“”\"'}{)(ÿ")
	cur := ""
	sawLuu, unbulleted := false, false
	flush := func() {
		if t := cleanItem(cur); t != "" {
			items = append(items, t)
		}
		cur = ""
	}
	if t := strings.TrimSpace(tail); t != "" {
		if a := authAt(t); a >= 0 {
			sig = append(sig, t[a:])
		} else if isBullet(t) && letterCount(t) > 3 && !isSigText(strings.TrimLeft(t, "- ")) {
			cur = t
		} else if isSigText(trimPunct(t)) {
			sig = append(sig, trimPunct(t))
		}
	}
	j := nn + 1
	for ; j < len(p.lines) && j < nn+60; j++ {
		t := strings.TrimSpace(p.lines[j])
		if t == "" {
			k := j + 1
			for k < len(p.lines) && k < j+4 && strings.TrimSpace(p.lines[k]) == "" {
				k++
			}
			if !sawLuu && k < len(p.lines) && (isBullet(p.lines[k]) || unbulleted && endsWithAny(cur, ";") && !isSigText(strings.TrimSpace(p.lines[k]))) {
				j = k - 1
				continue
			}
			break
		}
		if isBullet(t) && letterCount(t) > 0 {
			flush()
			item, rest := splitItemTail(t)
			cur = item
			if rest != "" {
				sig = append(sig, rest)
			}
			if strings.HasPrefix(fold1(trimItem(item)), "l") && isLuu(fold1(trimItem(item))) {
				sawLuu = true
				flush()
				j++
				break
			}
			continue
		}
		if cur != "" && !endsWithAny(cur, ";.") && !isSigText(t) && authAt(t) < 0 && !junk(t) {
			item, rest := splitItemTail(t)
			cur += " " + item
			if rest != "" {
				sig = append(sig, rest)
			}
			continue
		}
		if (cur == "" && len(items) == 0 || unbulleted && endsWithAny(cur, ";")) &&
			!isSigText(t) && authAt(t) < 0 && !junk(t) && (len(words(t)) >= 2 || unbulleted) && startsUpper(t) {
			// Unbulleted list (Word's list bullets are lost when it saves
			// as text): each entry ends with ";", the last with ".".
			flush()
			unbulleted = true
			item, rest := splitItemTail(t)
			cur = item
			if rest != "" {
				sig = append(sig, rest)
			}
			if isLuu(fold1(trimItem(item))) {
				sawLuu = true
				flush()
				j++
				break
			}
			continue
		}
		sig = append(sig, t)
	}
	flush()
	if len(items) == 0 {
		// The entries stand above a fused "Nơi nhận: KT. BỘ TRƯỞNG" line.
		k := nn - 1
		var up []string
		for k >= 0 && nn-k < 30 {
			t := strings.TrimSpace(p.lines[k])
			if t == "" {
				k--
				continue
			}
			if !isBullet(t) && (len(up) == 0 || !startsLower(t)) {
				break
			}
			up = append([]string{t}, up...)
			top = k
			k--
		}
		cur = ""
		for _, t := range up {
			if isBullet(t) {
				flush()
				item, _ := splitItemTail(t)
				cur = item
				continue
			}
			cur += " " + t
		}
		flush()
		if len(items) > 0 {
			j = nn + 1
		}
	}
	// The signature block under the list.
	for n := 0; j < len(p.lines) && n < 14; j++ {
		t := strings.TrimSpace(p.lines[j])
		if t == "" {
			continue
		}
		n++
		if p.annexStart(t) {
			break
		}
		sig = append(sig, t)
		if nameIn(t) != "" {
			break
		}
	}
	return items, sig, top
}

// isLuu reports whether a folded entry is the archive line "Lưu: VT, …"
// (also its OCR forms Lan, LUll, Luv).
func isLuu(f string) bool {
	f = strings.TrimLeft(f, " -+~•")
	end := strings.IndexAny(f, " :,.")
	if end < 0 {
		end = len(f)
	}
	switch f[:end] {
	case "luu", "lan", "lull", "luv", "lưu":
		return true
	}
	return false
}

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if isLetter(r) {
			n++
		}
	}
	return n
}

// junk reports whether a line is seal or OCR debris: very few letters, or
// mostly symbols.
func junk(t string) bool {
	letters := letterCount(t)
	if letters <= 3 {
		return true
	}
	return letters*2 < utf8.RuneCountInString(t)-strings.Count(t, " ")
}

// isSigText reports whether t reads as a signature-column line: capitals
// with a title word, or an authority prefix.
func isSigText(t string) bool {
	if authAt(t) >= 0 {
		return true
	}
	if !isUpperText(t) {
		return false
	}
	for _, w := range strings.Fields(fold1(t)) {
		if titleWords[strings.Trim(w, ".,;:")] {
			return true
		}
	}
	return false
}

// splitItemTail splits a Nơi nhận line into the entry and what the signature
// column printed beside it ("- Như trên; PHÓ TỔNG CỤC TRƯỞNG").
func splitItemTail(t string) (item, rest string) {
	if a := authAt(t); a > 2 {
		return strings.TrimSpace(t[:a]), strings.TrimSpace(t[a:])
	}
	// The signature column beside a wrapped entry, after a wide gap:
	// "- Các tỉnh ủy, … trực thuộc Trung             TỔNG BÍ THƯ".
	// Whatever else stands there (a seal's or a signature's OCR debris,
	// "BH", "riMb .nY") is not part of the entry either.
	if k := strings.Index(t, "     "); k > 0 && letterCount(t[:k]) > 3 {
		r := strings.TrimSpace(t[k:])
		if r != "" && (isSigText(trimPunct(r)) || nameIn(r) != "" && len(words(r)) <= 5) {
			return strings.TrimSpace(t[:k]), r
		}
		return strings.TrimSpace(t[:k]), ""
	}
	// After the entry's own ";" or ".".
	for k := 0; k < len(t); k++ {
		if t[k] != ';' {
			continue
		}
		r := strings.TrimSpace(t[k+1:])
		if r == "" {
			break
		}
		rt := trimPunct(r)
		fr := fold1(firstN(rt, 6))
		switch {
		case strings.HasPrefix(fr, "kt.") || strings.HasPrefix(fr, "tl.") || strings.HasPrefix(fr, "tm.") || strings.HasPrefix(fr, "t/m") || strings.HasPrefix(fr, "tuq"):
			return strings.TrimSpace(t[:k+1]), rt
		case isSigText(rt):
			return strings.TrimSpace(t[:k+1]), rt
		case letterCount(rt) <= 2 || !startsAlnum(r):
			return strings.TrimSpace(t[:k+1]), ""
		case strings.Count(r, ")") > strings.Count(r, "("):
			// The end of a side note that spans several entries:
			// "- Ban Thường vụ Tỉnh ủy;      báo cáo)".
			return strings.TrimSpace(t[:k+1]), ""
		}
	}
	// "- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng".
	w := strings.Fields(t)
	for k := 2; k+1 < len(w); k++ {
		run := ""
		m := k
		for m < len(w) && isUpperText(w[m]) && letterCount(w[m]) >= 2 {
			run += " " + w[m]
			m++
		}
		// The capitals stand out from an entry in normal case; in an
		// entry typed in capitals ("- CÁC THỨ TRƯỞNG BỘ Y TẾ (ĐỂ BÁO
		// CÁO);") they are the entry.
		if m-k >= 2 && isSigText(strings.TrimSpace(run)) && !isUpperText(strings.Join(w[:k], " ")) {
			if _, ok := titlePrefix(fold1(strings.TrimSpace(run))); ok {
				return strings.Join(w[:k], " "), strings.Join(w[k:], " ")
			}
		}
	}
	return t, ""
}

func startsAlnum(s string) bool {
	for _, r := range s {
		return isLetter(r) || unicode.IsDigit(r)
	}
	return false
}

// isLetter is unicode.IsLetter without the modifier letters (ˆ, ˇ) that OCR
// leaves as debris.
func isLetter(r rune) bool {
	return unicode.IsLetter(r) && !unicode.Is(unicode.Lm, r)
}

var reLuuJunk = regexp.MustCompile(`(\S)[.,]\s*(\S{1,3}|[-–]\s*\S{1,2}|[^\p{L}\s]\S*)\s*$`)

// cleanItem trims an entry and the OCR debris after a final "Lưu" entry.
func cleanItem(s string) string {
	s = trimItem(s)
	if s == "" {
		return ""
	}
	// An unclosed "(" at the end: "TTHT(2) (635".
	if k := strings.LastIndex(s, "("); k > 0 && !strings.Contains(s[k:], ")") && k > len(s)-8 && k > 0 && s[k-1] == ' ' {
		s = strings.TrimSpace(s[:k])
	}
	if !isLuu(fold1(firstN(s, 12))) {
		return strings.TrimRight(trimItem(s), " ")
	}
	if m := reLuuJunk.FindStringSubmatchIndex(s); m != nil {
		rest := s[m[4]:m[5]]
		if !startsUpper(rest) || letterCount(rest) <= 1 {
			s = s[:m[3]]
		}
	}
	return strings.TrimRight(trimItem(s), " ")
}

// setBody joins the body lines into paragraphs separated by blank lines.
func (p *parser) setBody() {
	start, end := p.bodyStart, p.bodyEnd
	if start.line < 0 || start.line >= len(p.lines) {
		return
	}
	size := 0
	for i := start.line; i < end && i < len(p.lines); i++ {
		size += len(strings.TrimSpace(p.lines[i])) + 2 // the indentation is not kept
	}
	var out strings.Builder
	out.Grow(size)
	para := 0 // bytes in the current paragraph
	last := byte(0)
	flush := func() {
		if para > 0 {
			para = 0
		}
	}
	for i := start.line; i < end && i < len(p.lines); i++ {
		l := p.lines[i]
		if i == start.line {
			if start.off >= len(l) {
				continue
			}
			l = l[start.off:]
		}
		t := strings.TrimSpace(l) // collapsed as it is written (writeCollapsed)
		if t == "" {
			flush()
			continue
		}
		if para > 0 && (strings.IndexByte(".:;!?", last) >= 0 || startsItem(t)) {
			flush()
		}
		switch {
		case para > 0:
			out.WriteByte(' ')
		case out.Len() > 0:
			out.WriteString("\n\n")
		}
		writeCollapsed(&out, t)
		para += len(t)
		last = t[len(t)-1]
	}
	p.doc.Body = out.String()
}

var reItemStart = regexp.MustCompile(`^(?:[-+•–]\s|\d{1,3}[.)/-]\s|\d{1,3}\.\d{1,2}[.\s]|[a-zđ][)]|[IVX]{1,5}[./-]\s|Điều \d+\.|Chương [IVX\d]+\b|Mục \d|Phần [IVX\d]+\b)`)

func startsItem(t string) bool {
	if t == "" {
		return false
	}
	c := t[0]
	if !(c == '-' || c == '+' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == 'I' || c == 'V' || c == 'X' ||
		c == 'C' || c == 'M' || c == 'P' || c >= 0xC4) {
		return false
	}
	return reItemStart.MatchString(t)
}

// collectiveClosing finds the closing of a document signed by a collective
// body in its own name, with no authority prefix, title or name under it:
// congress reports and resolutions end with "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH" or
// "BAN CHẤP HÀNH ĐOÀN TRƯỜNG / … / KHÓA XXI, NHIỆM KỲ 2022 - 2024" (36-HD
// II.1.7: the body's name stands where the title would). It is the last text
// of the document, before an annex (PHỤ LỤC) or the end of the file, page
// numbers and dotted note lines aside: one to four lines in capitals, the
// first naming an organ. It returns the first line of the block and the
// block's text, or -1.
func (p *parser) collectiveClosing(from int) (int, string) {
	end := len(p.lines)
	for i := from; i < len(p.lines); i++ {
		t := strings.TrimSpace(p.lines[i])
		if t != "" && isUpperText(t) && strings.HasPrefix(fold1(firstN(t, 16)), "phu luc") {
			end = i
			break
		}
	}
	var block []int
	for i := end - 1; i >= from && len(block) < 5; i-- {
		t := strings.TrimSpace(p.lines[i])
		if t == "" {
			if len(block) > 0 {
				break
			}
			continue
		}
		if len(block) == 0 && (reDigitLine().MatchString(t) || letterCount(t) <= 3) {
			continue // page number, dotted lines for notes
		}
		if !isUpperText(t) || len(t) > 120 || endsWithAny(t, ".;:") {
			break
		}
		block = append(block, i)
	}
	if len(block) == 0 || len(block) > 4 {
		return -1, ""
	}
	first := block[len(block)-1]
	t := trimPunct(p.lines[first])
	if !hasFoldPrefix(fold1(t)+" ", organStarts) {
		return -1, ""
	}
	parts := make([]string, 0, len(block))
	for k := len(block) - 1; k >= 0; k-- {
		parts = append(parts, strings.TrimSpace(p.lines[block[k]]))
	}
	return first, clean(strings.Join(parts, " "))
}

// writeCollapsed writes t with each run of white space (as strings.Fields
// sees it) as one space, without building the collapsed line first: a long
// document's body is written line by line.
func writeCollapsed(out *strings.Builder, t string) {
	space := func(i int) (bool, int) {
		c := t[i]
		if c < utf8.RuneSelf {
			return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f', 1
		}
		r, n := utf8.DecodeRuneInString(t[i:])
		return unicode.IsSpace(r), n
	}
	for i := 0; i < len(t); {
		j := i
		for j < len(t) {
			sp, n := space(j)
			if sp {
				break
			}
			j += n
		}
		out.WriteString(t[i:j])
		if j == len(t) {
			return
		}
		for j < len(t) {
			sp, n := space(j)
			if !sp {
				break
			}
			j += n
		}
		if j < len(t) {
			out.WriteByte(' ')
		}
		i = j
	}
}
