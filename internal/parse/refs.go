package parse

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
)

var (
	// Spaces that OCR and line wraps put inside symbols: "42/QD- TCT",
	// "119/2026/ UBTVQH15", "66-⏎NQ/TW", "Số 71 -CV/TU".
	reRefSlash  = regexp.MustCompile(`([\p{L}\d])\s+/\s*([\p{L}\d])|([\p{L}\d])/\s+([\p{L}\d])`)
	reRefDash   = regexp.MustCompile(`([A-ZĐ\d])[-–—]\s+([A-ZĐ])|(\d)\s+[-–—]([A-ZĐ])`)
	reRefSym    = regexp.MustCompile(`(?:^|[^\p{L}\d/-])(\d{1,6}[A-Za-z]?)(?:[-–]([A-ZĐ][A-Za-zĐđ]{0,4})/|/(?:((?:19|20)\d\d)/)?)([A-ZĐ][A-Za-zĐđƯư0-9&]*(?:[-–][A-ZĐa-z0-9][A-Za-zĐđƯư0-9&]*)*)`)
	reRefCue    = regexp.MustCompile(`(luat|nghi dinh|nghi quyet(?: lien tich)?|quyet dinh|thong tu(?: lien tich)?|chi thi|cong van|van ban|cong dien|ke hoach|ket luan|quy dinh|quy che|huong dan|thong bao|thong tri|chuong trinh|to trinh|de an|du an|bao cao|phap lenh|bien ban|phuong an|giay moi|thong cao|cv)?\s*(s[o6ô]\S?|so:)?\s*:?\s*$`)
	reRefNum    = regexp.MustCompile(`(cong dien|cong van|quyet dinh|nghi quyet|chi thi|ke hoach|thong bao|to trinh|bao cao|ket luan|huong dan|thong tri|chuong trinh|nghi dinh|thong tu)\s+so\s*:?\s*(\d{1,6})(?:\s*[,;.)]|\s+ngay|\s+cua|\s*$)`)
	reRefDate   = regexp.MustCompile(`^\s*[,(]?\s*(?:ngay|ngày|đề ngày|de ngay)\s*(\d{1,2})\s*(?:/|-|tháng|thang)\s*(\d{1,2})\s*(?:/|-|năm|nam)\s*((?:19|20)\d\d)`)
	reRefIss    = regexp.MustCompile(`^[^;()\n]{0,60}?\bcủa\s+([^,;.()“”"\n]{3,90}?)(?:\s+(?:về|quy định|hướng dẫn|ban hành|phê duyệt|đã|đối với|tại|triển khai|thực hiện|gửi|trong|hỏi|nêu|vướng|đề nghị|khóa|kiện toàn|sửa đổi|bổ sung|giao|năm)(?:\s|$)|[,;.()“”"\n]|$)`)
	reWrapLower = regexp.MustCompile(`\s*\n\s*(\p{Ll})`)
	reRefSoGlue = regexp.MustCompile(`([sS]ố)(\d)`)
	reFootnote  = regexp.MustCompile(`^(.*\p{L})\d$`)
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
	var b strings.Builder
	for i := from; i < len(p.lines); i++ {
		l := p.lines[i]
		if i == p.symLine {
			l = l[p.symSpan[1]:]
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	text := b.String()
	if strings.Contains(text, "/") {
		text = reRefSlash.ReplaceAllString(text, "$1$3/$2$4")
	}
	text = reRefDash.ReplaceAllString(text, "$1$3-$2$4")
	text = reRefSoGlue.ReplaceAllString(text, "$1 $2")
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
	for _, m := range reRefSym.FindAllStringSubmatchIndex(text, -1) {
		symStart := m[2]
		before := text[max(0, symStart-60):symStart]
		for !utf8.RuneStart(before[0]) && len(before) > 1 {
			before = before[1:]
		}
		fb := fold1(before)
		cm := reRefCue.FindStringSubmatch(fb)
		if cm == nil || (cm[1] == "" && cm[2] == "") {
			continue
		}
		if strings.HasSuffix(strings.TrimRight(strings.TrimSuffix(strings.TrimRight(fb, " :"), cm[2]), " "), "mau") {
			continue
		}
		sym := text[symStart:m[1]]
		sym = strings.TrimRight(normSymbol(sym), ".-")
		single := m[4] < 0 && m[6] < 0 && !strings.ContainsAny(text[m[8]:m[9]], "-–")
		if single && cm[2] == "" {
			continue // "Đề án 06/CP": a short name, not a number
		}
		r := vanban.Reference{Symbol: sym}
		r.Type = refType(cm[1], text[m[8]:m[9]], m[4] >= 0, m[6] >= 0)
		after := text[m[1]:min(len(text), m[1]+160)]
		r.Date, r.Issuer = refDateIssuer(after)
		add(r)
	}
	// Number-only citations.
	ft := ""
	if strings.Contains(text, "số") || strings.Contains(text, "so") {
		ft = fold1(text)
	}
	for _, m := range reRefNum.FindAllStringSubmatchIndex(ft, -1) {
		num := ft[m[4]:m[5]]
		dup := false
		for _, r := range refs {
			if strings.HasPrefix(r.Symbol, num+"/") || strings.HasPrefix(r.Symbol, num+"-") || r.Symbol == num {
				dup = true
			}
		}
		if dup {
			continue
		}
		o := foldToOrig(text, ft, m[5])
		r := vanban.Reference{Symbol: num, Type: typeName(ft[m[2]:m[3]])}
		r.Date, r.Issuer = refDateIssuer(text[o:min(len(text), o+160)])
		add(r)
	}
	// Footnote digits glued to a symbol ("66-NQ/TW1") when the symbol also
	// stands alone elsewhere.
	out := refs[:0]
	for _, r := range refs {
		if fm := reFootnote.FindStringSubmatch(r.Symbol); fm != nil {
			if _, ok := seen[fold1(fm[1])]; ok {
				continue
			}
		}
		out = append(out, r)
	}
	p.doc.References = out
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
	fa := after
	if m := reRefDate.FindStringSubmatch(fa); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		date = isoDate(y, mo, d)
	}
	if strings.Contains(after, "\n") {
		after = reWrapLower.ReplaceAllString(after, " $1")
	}
	if m := reRefIss.FindStringSubmatch(after); m != nil {
		issuer = clean(m[1])
		if !startsUpper(issuer) {
			issuer = ""
		}
	}
	return date, issuer
}
