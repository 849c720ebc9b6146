package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// reVeViec matches the folded start of a subject: V/v (and its OCR forms
// VIv, VW), Về việc, Về, with or without diacritics.
var reVeViec = regexp.MustCompile(`^(?:v/v|viv|vw|ve viec|ve)\s*[:.]?\s+`)

// veViec returns the length of a leading "V/v", "Về việc" or "Về" in s, or 0.
// A bare "về" counts only with its capital: in lower case it is a word of
// the subject.
func veViec(s string) int {
	if s == "" || s[0] != 'V' && s[0] != 'v' {
		return 0
	}
	f := fold1(firstN(s, 24))
	m := reVeViec.FindStringSubmatchIndex(f)
	if m == nil || s[0] == 'v' && strings.HasPrefix(f, "ve") && !strings.HasPrefix(f, "ve viec") {
		return 0
	}
	return foldToOrig(s, f, m[1])
}

// anchorAt reports whether line i starts a header element other than a
// subject continuation.
func (p *parser) anchorAt(i int) bool { return p.anchorAtOpt(i, true) }

// anchorAtOpt is anchorAt; openers says whether body openers ("Thực hiện",
// "Phúc đáp", "Trả lời") count, which they do not for the first subject
// line under a title ("KẾ HOẠCH / Thực hiện Chỉ thị số …").
func (p *parser) anchorAtOpt(i int, openers bool) bool {
	if i == p.symLine || i == p.motto.line || i == p.party.line || i == p.tieu.line || (p.hasPD && i == p.pd.sp.line) {
		return true
	}
	f := strings.TrimLeft(p.fold(i), " -*‘'")
	if m := reKinhGui().FindStringIndex(f); m != nil && m[0] <= 1 {
		return true
	}
	for _, pre := range []string{"can cu", "xet de nghi", "theo de nghi", "quyet dinh:", "quyet nghi", "noi nhan", "thuc hien", "phuc dap", "tra loi"} {
		if !openers && (pre == "thuc hien" || pre == "phuc dap" || pre == "tra loi") {
			continue
		}
		if strings.HasPrefix(f, pre) && startsUpper(strings.TrimLeft(p.lines[i], " -*‘'")) {
			return true
		}
	}
	return false
}

// findSubject finds the trích yếu: after V/v (công văn) or after the
// type-name title line. It returns where the subject ends.
func (p *parser) findSubject(lim int) pos {
	from := max(p.symLine, 0)
	to := min(lim, from+12)
	// 1. V/v under the number.
	for i := from; i < to; i++ {
		f := p.fold(i)
		if !vvHint(f) {
			continue
		}
		for _, m := range reVv().FindAllStringSubmatchIndex(f, 2) {
			ms := m[2]
			pre := strings.TrimSpace(p.lines[i][:foldToOrig(p.lines[i], f, ms)])
			okStart := strings.Trim(pre, " ‘'*-.") == "" ||
				(i == p.symLine && foldToOrig(p.lines[i], f, ms) >= p.symSpan[1]) ||
				strings.HasSuffix(p.lines[i][:foldToOrig(p.lines[i], f, ms)], "   ")
			o := foldToOrig(p.lines[i], f, ms)
			if !okStart || !(p.lines[i][o] == 'V' || p.lines[i][o] == 'v') {
				continue
			}
			if p.lines[i][o] == 'v' && f[ms:ms+3] != "v/v" {
				continue
			}
			startOff := foldToOrig(p.lines[i], f, m[1])
			text, end := p.subjectFrom(i, startOff, false)
			if text == "" {
				continue
			}
			p.hasVv = true
			p.subjLine = i
			p.doc.Subject = finishSubject(text)
			return end
		}
	}
	// 2. A type-name title line (QUYẾT ĐỊNH, KẾ HOẠCH…) and the lines under it.
	from = 0
	for _, l := range []int{p.symLine, p.pd.sp.line, p.motto.line, p.party.line} {
		if l > from {
			from = l
		}
	}
	if !p.hasPD {
		from = max(p.symLine, 0)
	}
	to = min(lim, from+14)
	first := from
	if p.hasPD && p.pd.dateEnd.line < from && p.pd.dateEnd.end < len(p.lines[p.pd.dateEnd.line]) {
		first = p.pd.dateEnd.line // a title after the date, the number cell printed under it
	}
	for i := first; i < to; i++ {
		if i < from && i != p.pd.dateEnd.line {
			continue
		}
		starts := []int{0}
		if p.hasPD && p.pd.dateEnd.line == i && p.pd.dateEnd.end < len(p.lines[i]) {
			starts = []int{p.pd.dateEnd.end}
		}
		for _, s0 := range starts {
			l := p.lines[i][s0:]
			lt := strings.TrimLeft(l, " -*#")
			off := s0 + len(l) - len(lt)
			name, n := titleAt(lt)
			if name == "" {
				continue
			}
			p.title = name
			p.titleLine, p.subjLine = i, i
			text, end := p.subjectFrom(i, off+n, true)
			p.doc.Subject = finishSubject(p.cutAuthority(text))
			return end
		}
	}
	// 3. A Party công văn prints its subject under the number without V/v.
	if p.symLine >= 0 && p.sym.party {
		for i, n := p.symLine+1, 0; i < len(p.lines) && n < 3; i++ {
			t := strings.TrimSpace(p.lines[i])
			if t == "" {
				continue
			}
			n++
			if p.anchorAt(i) || isUpperText(t) || isBullet(t) || len(t) > 150 {
				continue
			}
			text, end := p.subjectFrom(i, len(p.lines[i])-len(strings.TrimLeft(p.lines[i], " ")), false)
			if text != "" {
				p.doc.Subject = finishSubject(text)
				p.subjLine = i
				return end
			}
		}
	}
	return pos{-1, 0}
}

// titleAt reports whether s starts with a document-type name written in
// capitals and not followed by a colon, and returns the name and its length.
func titleAt(s string) (string, int) {
	f := fold1(s)
	for _, t := range typeNames {
		if !strings.HasPrefix(f, t.fold) {
			continue
		}
		n := len(t.fold)
		o := foldToOrig(s, f, n)
		if n < len(f) && f[n] != ' ' && f[n] != ':' && f[n] != '.' {
			continue
		}
		if !isUpperText(s[:o]) {
			continue
		}
		rest := strings.TrimLeft(s[o:], " ")
		if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, ".") {
			return "", 0
		}
		return t.name, o
	}
	return "", 0
}

// subjectFrom collects subject text from line i at byte off, with the lines
// that continue it. typed is true under a title line.
func (p *parser) subjectFrom(i, off int, typed bool) (string, pos) {
	first := p.cutLine(i, off)
	parts := []string{}
	if t := strings.TrimSpace(first); t != "" {
		parts = append(parts, t)
	}
	end := pos{i, off + len(first)}
	if off+len(first) < len(p.lines[i]) && (typed || !p.rightColumnAt(i, off+len(first))) {
		return strings.Join(parts, " "), end // cut by another element on the line
	}
	upperSubj := len(parts) > 0 && isUpperText(parts[0])
	onTitleLine := typed && len(parts) > 0 // the first part shares the title's line
	for j, n := i+1, 0; j < len(p.lines) && n < 8; j, n = j+1, n+1 {
		t := strings.TrimSpace(p.lines[j])
		if t == "" {
			if len(parts) == 0 {
				continue
			}
			k := j + 1
			for k < len(p.lines) && strings.TrimSpace(p.lines[k]) == "" && k < j+3 {
				k++
			}
			if k >= len(p.lines) || strings.TrimSpace(p.lines[k]) == "" {
				break
			}
			nt := strings.TrimSpace(p.lines[k])
			last := parts[len(parts)-1]
			if startsLower(nt) && len(words(nt)) >= 2 && !endsWithAny(last, ".;,:") && !p.anchorAt(k) && len(nt) < 120 {
				j = k - 1
				continue
			}
			break
		}
		if p.anchorAtOpt(j, !(typed && len(parts) == 0)) && !(j == p.pd.sp.line && p.pd.sp.start > 0) {
			break
		}
		if isBullet(t) {
			break
		}
		if len(t) > 160 && !(len(parts) > 0 && startsLower(t) && !endsWithAny(parts[len(parts)-1], ".;:") && utf8.RuneCountInString(t) < 300) {
			break // a body paragraph saved as one line
		}
		up := isUpperText(t)
		if typed {
			if len(parts) > 0 && up && !upperSubj {
				break
			}
			if len(parts) > 0 && !up && upperSubj {
				// Capitals, then the subject in normal case: the capitals
				// finish the title ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "THÔNG BÁO /
				// CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH", "NỘI QUY VÀ QUY CHẾ LÀM
				// VIỆC") and the subject starts here, in lower case or with
				// "Về". Any other sentence is the body.
				ve := veViec(t) > 0
				if !startsLower(t) && !ve {
					break
				}
				// A wrapped subject in capitals goes on in lower case
				// ("SỬA ĐỔI, BỔ SUNG … CỦA CHÍNH PHỦ" / "thực hiện …")
				// when the capitals stand on a line of their own.
				if ve || onTitleLine {
					parts = parts[:0]
				}
				upperSubj = false
			} else if len(parts) > 0 && up && upperSubj && onTitleLine && len(parts) == 1 && subjectOpener(t) {
				// All in capitals: "NỘI QUY VÀ QUY CHẾ LÀM VIỆC" / "CỦA ĐẠI
				// HỘI …" — the subject starts at "CỦA" or "VỀ".
				parts = parts[:0]
			} else if len(parts) > 0 && !up && !upperSubj && !startsLower(t) && !endsWithConnector(parts[len(parts)-1]) &&
				!(centred(p.lines[end.line]) && centred(p.lines[j])) && !p.lastOfBlock(j) {
				break // a new sentence: the body has begun
			}
			if len(parts) > 0 && up && p.isAuthorityLine(t) && !openCongress(strings.Join(parts, " ")) && !p.upperNext(j) {
				break
			}
			if len(parts) == 0 {
				upperSubj = up
			}
		} else if up && !upperSubj && len(words(t)) > 1 {
			break
		}
		seg := p.cutLine(j, 0)
		if strings.TrimSpace(seg) == "" {
			break
		}
		parts = append(parts, strings.TrimSpace(seg))
		end = pos{j, len(seg)}
		if len(seg) < len(strings.TrimRight(p.lines[j], " ")) && !(p.hasPD && j == p.pd.sp.line) {
			break
		}
	}
	if typed {
		// The issuing authority's line under the subject belongs to the header.
		k := end.line + 1
		for k < len(p.lines) && strings.TrimSpace(p.lines[k]) == "" && k < end.line+4 {
			k++
		}
		if k < len(p.lines) {
			t := strings.TrimSpace(p.lines[k])
			if isUpperText(t) && len(words(t)) <= 12 && p.isAuthorityLine(t) {
				end = pos{k, len(p.lines[k])}
			}
		}
	}
	return strings.Join(parts, " "), end
}

// cutLine returns line i from off up to the next header element on the same
// line (place-date, Kính gửi, Party title…).
func (p *parser) cutLine(i, off int) string {
	l := p.lines[i]
	if off > len(l) {
		return ""
	}
	end := len(l)
	if p.hasPD && p.pd.sp.line == i && p.pd.sp.start >= off && p.pd.sp.start < end {
		end = p.pd.sp.start
	}
	for _, s := range []span{p.party, p.motto, p.tieu} {
		if s.line == i && s.start >= off && s.start < end {
			end = s.start
		}
	}
	f := p.fold(i)
	if m := reKinhGui().FindStringIndex(f); m != nil {
		o := foldToOrig(l, f, m[0])
		if o >= off && o < end {
			end = o
		}
	}
	return l[off:end]
}

// isAuthorityLine reports whether an upper-case line names the issuing
// authority ("THỦ TƯỚNG CHÍNH PHỦ", "BỘ TRƯỞNG BỘ Y TẾ", "CHÍNH PHỦ").
func (p *parser) isAuthorityLine(t string) bool {
	f := strings.TrimSpace(fold1(trimPunct(t)))
	iss := fold1(p.doc.Issuer)
	if iss != "" && (strings.HasSuffix(f, iss) || strings.HasPrefix(f, iss)) {
		return true
	}
	if _, ok := titlePrefix(f); ok {
		return true
	}
	return hasFoldPrefix(f+" ", organStarts)
}

// cutAuthority removes an issuing-authority phrase that a flattened header
// ran onto the end of the subject ("… CƠ YẾU TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI
// VIỆT NAM").
func (p *parser) cutAuthority(s string) string {
	iss := fold1(p.doc.Issuer)
	if iss == "" || len(iss) < 4 {
		return s
	}
	f := fold1(s)
	if !strings.HasSuffix(f, iss) || len(f) == len(iss) {
		return s
	}
	cut := foldToOrig(s, f, len(f)-len(iss))
	if !isUpperText(s[cut:]) || endsWithConnector(s[:cut]) {
		return s // "… CỦA ĐẠI HỘI ĐẠI BIỂU …": the subject names the issuer
	}
	s = strings.TrimSpace(s[:cut])
	f = fold1(s)
	for _, t := range titles {
		if strings.HasSuffix(f, " "+t) {
			s = strings.TrimSpace(s[:foldToOrig(s, f, len(f)-len(t))])
			break
		}
	}
	return s
}

// finishSubject cleans a subject and drops a leading V/v or Về việc.
func finishSubject(s string) string {
	s = clean(s)
	for i := 0; i < 2; i++ {
		if n := veViec(s); n > 0 {
			s = s[n:]
		}
	}
	return trimPunct(s)
}

// titlePrefix reports whether folded text starts with a signer's title.
func titlePrefix(f string) (string, bool) {
	for _, t := range titles {
		if strings.HasPrefix(f, t) && (len(f) == len(t) || f[len(t)] == ' ' || f[len(t)] == ',') {
			return t, true
		}
	}
	return "", false
}

// vvHint is a cheap test that folded f may hold "V/v" or its OCR forms.
func vvHint(f string) bool {
	for i := 0; i+1 < len(f); i++ {
		if f[i] != 'v' {
			continue
		}
		if f[i+1] == 'w' || i+2 < len(f) && f[i+2] == 'v' || i+3 < len(f) && f[i+3] == 'v' {
			return true
		}
	}
	return false
}

// endsWithConnector reports whether a wrapped line stops on a word that
// cannot end a phrase ("của", "và", "về"…), so the next line continues it
// even when it starts with a capital ("… của⏎Bộ Chính trị").
func endsWithConnector(s string) bool {
	w := strings.Fields(s)
	if len(w) == 0 {
		return false
	}
	switch fold1(strings.ToLower(w[len(w)-1])) {
	case "cua", "va", "ve", "voi", "cho", "tai", "trong", "theo", "cac", "nhung", "den", "tu", "so", "ngay", "thuoc", "o", "tren", "doi", "nam", "thang", "la", "hoac":
		return true
	}
	return false
}

// centred reports whether a line of PDF text (pdftotext -layout) stands
// centred on the page like a title or subject line: well indented and
// shorter than a body line.
func centred(l string) bool {
	t := strings.TrimLeft(l, " ")
	return len(l)-len(t) >= 8 && utf8.RuneCountInString(t) <= 75 && !endsWithAny(t, ".;:")
}

// lastOfBlock reports whether line j, a capitalised line under a subject
// line, is the subject's last line rather than the body's first: short, not
// ending a sentence, and followed by a blank line or a body anchor (Căn cứ,
// a bulleted line), as in "Về nội dung, thời gian … Đại hội đại biểu /
// Đảng bộ tỉnh Thái Nguyên lần thứ XXI, nhiệm kỳ 2025 - 2030 / ⏎ / - Căn
// cứ …".
func (p *parser) lastOfBlock(j int) bool {
	t := strings.TrimSpace(p.lines[j])
	if utf8.RuneCountInString(t) > 90 || endsWithAny(t, ".:;") {
		return false
	}
	if j+1 >= len(p.lines) {
		return true
	}
	n := strings.TrimSpace(p.lines[j+1])
	return n == "" || isBullet(n) || p.anchorAt(j+1)
}

// upperNext reports whether the next text line after j, within two lines, is
// in capitals too: an issuing-authority line stands alone between the
// subject and the body ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" / "Căn cứ …"),
// while a capitals line followed by more capitals continues the subject
// ("… CỦA BAN CHẤP HÀNH HỘI SINH VIÊN VIỆT NAM" / "TRƯỜNG ĐẠI HỌC …" /
// "NHIỆM KỲ XI").
func (p *parser) upperNext(j int) bool {
	for k := j + 1; k < len(p.lines) && k <= j+2; k++ {
		t := strings.TrimSpace(p.lines[k])
		if t == "" {
			continue
		}
		return isUpperText(t) && !p.anchorAt(k) && !p.isAuthorityLine(t)
	}
	return false
}

// rightColumnAt reports whether what stands at byte o of line i is a cell of
// the header's right column (Quốc hiệu, tiêu ngữ, place-date) printed beside
// the left one in a row-wise layout: the left column, a V/v subject, goes on
// under it.
func (p *parser) rightColumnAt(i, o int) bool {
	if o < 3 || !strings.HasSuffix(p.lines[i][:o], "   ") {
		return false
	}
	for _, s := range []span{p.motto, p.party, p.tieu} {
		if s.line == i && s.start == o {
			return true
		}
	}
	return p.hasPD && p.pd.sp.line == i && p.pd.sp.start == o
}

// subjectOpener reports whether a line starts the way a subject under a
// title does: "Về …", "V/v …", "của …".
func subjectOpener(t string) bool {
	return veViec(t) > 0 || strings.HasPrefix(fold1(firstN(t, 6)), "cua ")
}
