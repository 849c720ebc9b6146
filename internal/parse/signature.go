package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameIn returns the personal name in t, from the first word that is a
// Vietnamese family name through the capitalised words after it (at most
// five words), or "".
func nameIn(t string) string {
	if strings.ContainsAny(t, "([]") || strings.Contains(t, "ký") {
		t = reSigned().ReplaceAllString(t, " ")
	}
	if strings.ContainsAny(t, `\/@`) {
		return "" // a path, an address: not a name line
	}
	w := strings.Fields(t)
	stray := 0
	for k := 0; k < len(w); k++ {
		base := strings.Trim(fold1(w[k]), "!.,;:'\"*`")
		if !surnames[base] || !capWord(w[k]) || isUpperText(w[k]) && letterCount(w[k]) > 1 {
			if startsLower(w[k]) && letterCount(w[k]) >= 2 {
				return "" // running text, not a name line
			}
			if !isUpperText(w[k]) {
				if stray++; stray > 2 {
					return ""
				}
			}
			continue
		}
		n := 1
		for k+n < len(w) && n < 5 && capWord(w[k+n]) && !(isUpperText(w[k+n]) && letterCount(w[k+n]) > 1) {
			n++
		}
		if n >= 2 {
			return trimPunct(strings.Join(w[k:k+n], " "))
		}
	}
	return ""
}

// capWord reports whether w starts with an upper-case letter.
func capWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// signature fills signer_authority, signer_title and signer_name from the
// lines of the signature column, in reading order.
func (p *parser) signature(lines []string) {
	d := p.doc
	var auths []string
	title, name := "", ""
	lines = mergeBarePrefixes(lines)
	for _, raw := range lines {
		t := reSigned().ReplaceAllString(raw, " ")
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if name != "" {
			break
		}
		// Authority prefixes on the line: each starts a new authority.
		rest := t
		for {
			a := authAt(rest)
			if a < 0 {
				break
			}
			if a > 0 {
				before := trimPunct(rest[:a])
				if isSigText(before) && title == "" && len(auths) == 0 {
					title = before
				}
			}
			rest = rest[a:]
			next := authAt(rest[2:])
			seg := rest
			if next >= 0 {
				seg = rest[:next+2]
				rest = rest[next+2:]
			} else {
				rest = ""
			}
			seg = strings.TrimSpace(seg)
			// Split the authority from a name that follows it.
			capsPart, tailPart := seg, ""
			if n := nameIn(seg); n != "" {
				k := strings.Index(seg, strings.Fields(n)[0])
				capsPart, tailPart = strings.TrimSpace(seg[:k]), seg[k:]
			}
			auths = append(auths, capsPart)
			if tailPart != "" {
				rest = tailPart
			}
			if next < 0 {
				break
			}
		}
		if len(auths) > 0 && strings.TrimSpace(rest) == "" {
			continue
		}
		caps, tail := splitCaps(strings.TrimSpace(rest))
		caps = trimPunct(caps)
		if r, _ := upperRatio(rest); nameIn(rest) == "" && r >= 0.5 && title == "" && isSigTextLoose(rest) {
			// "PHÓ cụ c TRƯỞNG": a title line with OCR-lowered letters.
			caps, tail = trimPunct(rest), ""
		}
		if caps != "" && title != "" && titleGoesOn(title, caps) {
			// "PHÓ" / "GIÁM ĐỐC": a title wrapped in a narrow column.
			title += " " + caps
		} else if caps != "" && title == "" && isSigText(caps) {
			title = caps
		} else if caps != "" && len(auths) == 0 && title == "" && isUpperText(caps) && p.titleLike(caps) {
			title = caps
		}
		if n := nameIn(tail); n != "" {
			name = n
		} else if n := nameIn(rest); n != "" && caps == "" {
			name = n
		}
	}
	// Split a title glued to its authority: "KT. BỘ TRƯỞNG THỨ TRƯỞNG",
	// "TM. CHÍNH PHỦ THỦ TƯỚNG".
	if len(auths) > 0 && title == "" {
		last := auths[len(auths)-1]
		if a, t := splitAuthTitle(last); t != "" {
			auths[len(auths)-1] = a
			title = t
		}
	}
	for i, a := range auths {
		auths[i] = trimPunct(a)
	}
	d.SignerAuthority = auths
	d.SignerTitle = title
	d.SignerName = name
}

// titleLike reports whether upper-case text contains a signer's title.
func (p *parser) titleLike(t string) bool {
	f := fold1(t)
	for _, ti := range titles {
		if len(ti) > 5 && strings.Contains(f, ti) {
			return true
		}
	}
	return false
}

// splitCaps splits t into its leading upper-case words and the rest.
func splitCaps(t string) (string, string) {
	w := strings.Fields(t)
	k := 0
	for k < len(w) {
		x := strings.Trim(w[k], ",.;:")
		if x == "" || isUpperText(x) || authAt(w[k]+" X") == 0 || letterCount(x) <= 1 && !capWord(x) {
			k++
			continue
		}
		if letterCount(x) == 1 && capWord(x) {
			k++
			continue
		}
		break
	}
	return strings.Join(w[:k], " "), strings.Join(w[k:], " ")
}

// splitAuthTitle splits "KT. BỘ TRƯỞNG THỨ TRƯỞNG" into the authority and
// the signer's own title, when the words after the prefix hold two titles
// (KT., TL., TUQ., Q.) or an organ followed by a title (TM., T/M).
func splitAuthTitle(a string) (string, string) {
	k := authAt(a)
	if k != 0 {
		return a, ""
	}
	m := reAuth().FindStringSubmatchIndex(a)
	pfx := a[:m[3]]
	body := strings.TrimSpace(a[m[3]:])
	f := fold1(body)
	fw := strings.Fields(f)
	ow := strings.Fields(body)
	if len(fw) != len(ow) {
		return a, ""
	}
	collective := strings.ContainsAny(pfx, "Mm")
	// Find the earliest word position p>0 such that words[p:] is a title.
	for pi := 1; pi < len(fw); pi++ {
		head := strings.TrimRight(strings.Join(fw[:pi], " "), ",.")
		if collective {
			switch fw[pi-1] {
			case "tong", "pho", "chanh", "chi":
				continue
			}
			// "T/M BAN BÍ THƯ", "T/M ĐOÀN CHỦ TỊCH": a generic word alone
			// is not an organ, so the title words are the collective's
			// own name (the Secretariat, the presidium).
			if pi == 1 && genericOrgan[fw[0]] {
				continue
			}
		} else if !isTitle(head) {
			continue
		}
		suffix := strings.Join(fw[pi:], " ")
		for _, t := range titles {
			if !strings.Contains(t, " ") {
				continue
			}
			if suffix == t || strings.TrimRight(suffix, ",.") == t {
				return strings.TrimSpace(pfx + " " + strings.Join(ow[:pi], " ")), strings.Join(ow[pi:], " ")
			}
		}
	}
	return a, ""
}

func isTitle(f string) bool {
	for _, t := range titles {
		if f == t {
			return true
		}
	}
	return false
}

// mergeBarePrefixes joins a line that holds only an authority prefix ("TL.")
// with the line under it.
func mergeBarePrefixes(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		f := strings.TrimSpace(fold1(lines[i]))
		switch f {
		case "tl.", "kt.", "tm.", "tuq.", "q.", "t/m", "k/t", "t/l", "t/uq", "tl", "kt", "tm":
			if i+1 < len(lines) {
				out = append(out, strings.TrimSpace(lines[i])+" "+strings.TrimSpace(lines[i+1]))
				i++
				continue
			}
		}
		out = append(out, lines[i])
	}
	return out
}

// isSigTextLoose is isSigText for lines whose capitals OCR partly lowered.
func isSigTextLoose(t string) bool {
	n := 0
	for _, w := range strings.Fields(fold1(t)) {
		if titleWords[strings.Trim(w, ".,;:")] {
			n++
		}
	}
	return n >= 2
}

// genericOrgan are folded words that name a kind of body, never a body on
// their own.
var genericOrgan = map[string]bool{"ban": true, "doan": true, "hoi": true, "uy": true, "to": true, "dang": true}

// titleGoesOn reports whether caps continues a title cut by a line end: the
// title alone is a prefix word ("PHÓ", "TỔNG", "CHÁNH") and the two together
// make a known title.
func titleGoesOn(title, caps string) bool {
	switch fold1(title) {
	case "pho", "tong", "chanh", "pho tong", "pho chanh":
	default:
		return false
	}
	t, ok := titlePrefix(fold1(title + " " + caps))
	return ok && len(t) > len(fold1(title))
}
