package parse

import "strings"

// findRecipients reads the Kính gửi entries and returns where they end.
func (p *parser) findRecipients(lim int, subjEnd pos) pos {
	from := max(p.symLine, 0)
	if p.hasPD && p.pd.sp.line < from {
		from = p.pd.sp.line // the number cell printed under the date
	}
	to := lim
	if subjEnd.line >= 0 {
		to = min(lim, subjEnd.line+14)
	} else {
		to = min(lim, from+16)
	}
	for i := from; i < to; i++ {
		f := p.fold(i)
		if !strings.Contains(f, "nh g") && !strings.Contains(f, "nhg") {
			continue
		}
		m := reKinhGui().FindStringIndex(f)
		if m == nil {
			continue
		}
		l := p.lines[i]
		o := foldToOrig(l, f, m[0])
		pre := strings.Trim(l[:o], " -*:.")
		if pre != "" && !strings.Contains(f[m[0]:m[1]], "kinh gui") {
			continue
		}
		rest := l[foldToOrig(l, f, m[1]):]
		rest = strings.TrimLeft(rest, " :;.*")
		p.kgLine = i
		return p.recipientList(i, rest, len(l)-len(rest))
	}
	return pos{-1, 0}
}

func (p *parser) recipientList(i int, rest string, restOff int) pos {
	var items []string
	cur := ""
	bullets := false
	end := pos{i, len(p.lines[i])}
	flush := func() {
		if t := trimItem(cur); t != "" {
			items = append(items, t)
		}
		cur = ""
	}
	if strings.TrimSpace(rest) != "" {
		if isBullet(rest) {
			bullets = true
			cur = rest
		} else {
			// One recipient on the line; a flattened header may run on into
			// the body.
			if k := bodyCut(rest); k > 0 {
				p.doc.Recipients = []string{trimItem(rest[:k])}
				return pos{i, restOff + k}
			}
			cur = rest
		}
	}
	detail, depth, comma := false, 0, false
	for j := i + 1; j < len(p.lines) && j < i+30; j++ {
		t := strings.TrimSpace(p.lines[j])
		if t == "" {
			if detail {
				break
			}
			k := j + 1
			for k < len(p.lines) && k < j+3 && strings.TrimSpace(p.lines[k]) == "" {
				k++
			}
			if k < len(p.lines) && isBullet(p.lines[k]) && (bullets || cur == "" && len(items) == 0) && !endsWithAny(cur, ".") {
				j = k - 1
				continue
			}
			break
		}
		f := fold1(firstN(t, 24))
		if hasFoldPrefix(f, detailPrefixes) && (strings.HasPrefix(t, "(") || strings.Contains(firstN(t, 24), ":")) {
			detail = true
			depth += strings.Count(t, "(") - strings.Count(t, ")")
			comma = endsWithAny(t, ",")
			end = pos{j, len(p.lines[j])}
			continue
		}
		if detail {
			if depth > 0 || comma {
				depth += strings.Count(t, "(") - strings.Count(t, ")")
				comma = endsWithAny(t, ",")
				end = pos{j, len(p.lines[j])}
				continue
			}
			break
		}
		if isBullet(t) {
			if bullets && endsWithAny(cur, ".") {
				break
			}
			flush()
			cur = t
			bullets = true
			end = pos{j, len(p.lines[j])}
			continue
		}
		if cur != "" && !endsWithAny(cur, ".;,") && startsLower(t) && len(t) < 160 {
			cur += " " + t
			end = pos{j, len(p.lines[j])}
			continue
		}
		break
	}
	flush()
	p.doc.Recipients = items
	return end
}

// bodyCut returns the offset in s where body text starts after a one-line
// recipient ("Kính gửi: Bộ Tư pháp Thực hiện …"), or -1.
func bodyCut(s string) int {
	f := fold1(s)
	for k := 1; k < len(f); k++ {
		if f[k-1] != ' ' {
			continue
		}
		for _, o := range bodyOpeners {
			if strings.HasPrefix(f[k:], o) {
				oo := foldToOrig(s, f, k)
				if startsUpper(s[oo:]) && len(words(s[:oo])) >= 2 {
					return oo
				}
			}
		}
	}
	return -1
}

func startsUpper(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z' || r == 'Đ' || (r > 127 && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r))
	}
	return false
}
