package parse

// The fields of the header read once its blocks are found: issuer, urgency
// and secrecy marks, symbol, system and type.

import (
	"strings"

	"github.com/vanban/vanban/internal/vanban"
)

// blankOut replaces l[start:end] by a gap of three spaces (a cell
// boundary for the readers that split on wide gaps), in a copy.
func blankOut(l string, start, end int) string {
	if start < 0 || start >= len(l) {
		return l
	}
	if end > len(l) {
		end = len(l)
	}
	return l[:start] + "   " + l[end:]
}

// findIssuer reads the issuer block: the upper-case cells above the number
// line once the Quốc hiệu, tiêu ngữ, Party title and place-date are taken out.
func (p *parser) findIssuer(top int) {
	end := p.symLine
	if end < 0 {
		end = -1
		for _, l := range []int{p.motto.line, p.party.line, p.tieu.line, p.pd.sp.line} {
			if l > end {
				end = l
			}
		}
		end++
		if end <= 0 {
			end = min(len(p.lines), top+4)
		}
		// Without a number line the issuer block runs on to its end: a
		// blank line, the star or rule under it, or the title.
		for end+1 < len(p.lines) && end < top+8 {
			t := strings.TrimSpace(p.lines[end+1])
			if t == "" || !isUpperText(t) || end+1 == p.motto.line || end+1 == p.party.line {
				break
			}
			if name, _ := titleAt(t); name != "" {
				break
			}
			end++
		}
	}
	var frags []string
	for i := top; i <= end && i < len(p.lines); i++ {
		if t := strings.TrimSpace(p.lines[i]); i > top && i != p.symLine && startsUpper(t) {
			if name, _ := titleAt(t); name != "" {
				break // the type name under the header, not an organ
			}
		}
		l := headerPart(p.lines[i])
		if i == p.symLine {
			l = l[:p.symSpan[0]]
		}
		// Remove right-column anchors, rightmost first.
		type cut struct{ s, e int }
		var cuts []cut
		for _, s := range []span{p.motto, p.party} {
			if s.line == i {
				cuts = append(cuts, cut{s.start, s.end})
			}
		}
		if p.tieu.line == i {
			cuts = append(cuts, cut{p.tieu.start, len(l)})
		}
		if p.hasPD && p.pd.sp.line == i {
			cuts = append(cuts, cut{p.pd.sp.start, len(l)})
		}
		for len(cuts) > 0 {
			k := 0
			for j := range cuts {
				if cuts[j].s > cuts[k].s {
					k = j
				}
			}
			if cuts[k].s < len(l) {
				l = blankOut(l, cuts[k].s, cuts[k].e)
			}
			cuts = append(cuts[:k], cuts[k+1:]...)
		}
		for _, cell := range strings.Split(l, "   ") {
			c := trimPunct(cell)
			if c == "" || !isUpperText(c) {
				continue
			}
			f := fold1(c)
			if isMark(f) || strings.HasPrefix(f, "sao y") || strings.HasPrefix(f, "trich sao") || strings.HasPrefix(f, "du thao") {
				continue
			}
			if reVv().MatchString(f) && strings.HasPrefix(strings.TrimLeft(f, " ‘'"), "v") {
				continue
			}
			frags = append(frags, c)
		}
	}
	if len(frags) == 0 {
		return
	}
	// Group lines into organs: a line that starts with an organ word starts a
	// new organ, any other continues the previous one.
	var units []string
	for k, f := range frags {
		if k > 0 && (!hasFoldPrefix(fold1(f)+" ", organStarts) || openCongress(units[len(units)-1])) {
			units[len(units)-1] += " " + f
			continue
		}
		units = append(units, f)
	}
	p.doc.Issuer = clean(units[len(units)-1])
	if len(units) > 1 {
		p.doc.ParentIssuer = clean(units[len(units)-2])
	}
}

// isMark reports whether folded text is an urgency or secrecy mark.
func isMark(f string) bool {
	_, _, ok := markOf(f)
	return ok
}

func markOf(f string) (field, value string, ok bool) {
	f = strings.Trim(f, " .:*")
	switch f {
	case "khan", "thuong khan", "hoa toc", "hoa toc hen gio", "khan cap":
		return "urgency", "", true
	case "mat", "toi mat", "tuyet mat":
		return "secrecy", "", true
	}
	return "", "", false
}

// findMarks sets urgency and secrecy from isolated lines of the header.
func (p *parser) findMarks() {
	end := min(p.bodyStart.line+1, len(p.lines))
	for i := 0; i < end; i++ {
		for _, cell := range strings.Split(p.lines[i], "   ") {
			if len(cell) > 40 {
				continue
			}
			c := trimPunct(cell)
			if c == "" || !isUpperText(c) {
				continue
			}
			if field, _, ok := markOf(fold1(c)); ok {
				if field == "urgency" && p.doc.Urgency == "" {
					p.doc.Urgency = c
				} else if field == "secrecy" && p.doc.Secrecy == "" {
					p.doc.Secrecy = c
				}
			}
		}
	}
}

// setSymbol fills number, symbol and the codes from the number line.
func (p *parser) setSymbol() {
	d := p.doc
	if p.symLine < 0 {
		return
	}
	s := p.sym
	d.Number = s.number
	if s.fused {
		d.Warn("symbol", "no \"Số\" before the number: read from a symbol-shaped cell "+quote(s.raw))
	}
	if s.garbled {
		if strings.TrimSpace(s.numRaw) == "" {
			d.Warn("number", "the number is blank (filled in by hand on paper?)")
		} else {
			d.Warn("number", "number unreadable: "+quote(s.numRaw))
		}
	}
	if s.party {
		d.TypeCode = s.partyTyp
		if len(s.groups) > 0 {
			d.IssuerCode = s.groups[0]
			d.UnitCode = strings.Join(s.groups[1:], "-")
		}
		d.Symbol = s.number + "-" + s.partyTyp + "/" + strings.Join(s.groups, "-")
		return
	}
	g := s.groups
	tail := strings.Join(g, "-")
	if s.year != "" {
		tail = s.year + "/" + tail
	}
	d.Symbol = d.Number + "/" + tail
	if len(g) == 0 {
		return
	}
	_, isType := lookupCode(stateCodes, g[0])
	switch {
	case isType && !p.hasVv && len(g) > 1:
		d.TypeCode = g[0]
		d.IssuerCode = strings.Join(g[1:], "-")
	case isType && len(g) == 1 && !p.hasVv:
		d.TypeCode = g[0]
	default:
		d.IssuerCode = g[0]
		d.UnitCode = strings.Join(g[1:], "-")
	}
}

func quote(s string) string { return "\u201c" + clean(s) + "\u201d" }

// setSystem decides party / state / mass_org.
func (p *parser) setSystem() {
	d := p.doc
	switch {
	case p.party.ok():
		d.System = vanban.SystemParty
	case p.massTitle:
		d.System = vanban.SystemMassOrg
	case p.motto.ok() || d.Motto != "":
		d.System = vanban.SystemState
	case p.symLine >= 0 && p.sym.party:
		d.System = vanban.SystemParty
		d.Warn("system", "no Party title line; system taken from the Party-style number")
	case p.symLine >= 0:
		d.System = vanban.SystemState
		d.Warn("system", "no Quốc hiệu line; system taken from the State-style number")
	}
	org := fold1(d.ParentIssuer + " " + d.Issuer)
	for _, m := range massOrgMarks {
		if strings.Contains(org, m) {
			d.System = vanban.SystemMassOrg
			break
		}
	}
	if d.System == vanban.SystemParty && strings.Contains(fold1(d.IssuerCode), "dtn") {
		d.System = vanban.SystemMassOrg
	}
	// Mặt trận numbers its papers with MTTQ in the symbol (90/TB-MTTQ-BTT).
	if strings.Contains(fold1(d.IssuerCode+"-"+d.UnitCode), "mttq") {
		d.System = vanban.SystemMassOrg
	}
}

// setType chooses the type name: the title line, else V/v (công văn), else
// the type code.
func (p *parser) setType() {
	d := p.doc
	switch {
	case p.title != "":
		d.Type = p.title
	case p.hasVv:
		d.Type = "Công văn"
	case d.TypeCode != "":
		table, isParty := stateCodes, p.sym.party
		if isParty {
			table = partyCodes
		}
		if n, ok := lookupCode(table, d.TypeCode); ok {
			d.Type = n
			if isParty && strings.EqualFold(d.TypeCode, "QĐ") {
				d.Warn("type", "Party code QĐ is Quyết định or Quy định and no title line says which; took Quyết định")
			}
		} else {
			d.Warn("type", "unknown type code "+quote(d.TypeCode))
		}
	case p.sym.party && p.symLine >= 0:
	case p.symLine >= 0 && d.IssuerCode != "":
		// A State number ISSUER-UNIT without a type code is a công văn.
		d.Type = "Công văn"
		d.Warn("type", "no title line and no V/v; took Công văn from the number's shape")
	}
}

// openCongress reports whether an issuer line names a congress whose name
// goes on: "ĐẠI HỘI ĐẠI BIỂU" / "ĐẢNG BỘ TỈNH THÁI NGUYÊN" / "LẦN THỨ I,
// NHIỆM KỲ 2025 - 2030" is one body, the congress of that Party
// organisation (36-HD: congress documents are issued by the congress). The
// name is complete once it gives the term ("lần thứ", "nhiệm kỳ", "khóa")
// or is the national congress ("toàn quốc").
func openCongress(unit string) bool {
	f := fold1(unit)
	if !strings.HasPrefix(f, "dai hoi") {
		return false
	}
	for _, end := range []string{"lan thu", "nhiem ky", "khoa ", "toan quoc"} {
		if strings.Contains(f, end) {
			return false
		}
	}
	return true
}
