package parse

import (
	"strings"
	"unicode"
)

// warnMissing explains, field by field, what the parser could not find or
// found doubtful. A wrong value with no warning is the worst outcome, so
// every value read from damaged text is flagged too.
func (p *parser) warnMissing() {
	d := p.doc
	if d.System == "" {
		d.Warn("system", "neither a Quốc hiệu nor a Party title line, and no number to tell")
	}
	if d.Motto == "" {
		d.Warn("motto", "no Quốc hiệu or Party title line found")
	} else if !mottoExact(d.Motto) {
		d.Warn("motto", "title line misspelt (OCR?): "+quote(d.Motto))
	}
	if d.Issuer == "" {
		d.Warn("issuer", "no issuer name found above the number")
	}
	if p.symLine < 0 {
		d.Warn("symbol", "no number line (Số …) found in the header")
	} else if d.Number == "" && !p.sym.garbled {
		d.Warn("number", "no number before the symbol")
	}
	if d.Type == "" {
		d.Warn("type", "no title line, no V/v and no type code")
	}
	if !p.hasPD {
		d.Warn("place", "no place-and-date line found")
		d.Warn("date", "no place-and-date line found")
	} else {
		if d.Place == "" {
			d.Warn("place", "place name not found before the date")
		}
		if d.Date == "" {
			d.Warn("date", "date incomplete or unreadable: "+quote(p.pd.raw))
		} else if p.pd.monthWord {
			d.Warn("date", "month written in words: "+quote(p.pd.raw))
		}
	}
	if d.Subject == "" && d.Type != "" {
		d.Warn("subject", "no trích yếu found")
	}
	// A collective closing (congress papers, reports to a congress) has no
	// signer's name and no Nơi nhận by its form: nothing is missing.
	if len(d.Distribution) == 0 && !p.collective {
		d.Warn("distribution", "no Nơi nhận list found")
	}
	if d.SignerName == "" && !p.collective {
		d.Warn("signer_name", "no signer's name found")
	}
	if d.SignerTitle == "" && len(d.SignerAuthority) == 0 {
		d.Warn("signer_title", "no signer's title found")
	}
}

// mottoExact reports whether the motto reads as one of the two title lines
// with all its diacritics.
func mottoExact(m string) bool {
	switch m {
	case "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐOÀN TNCS HỒ CHÍ MINH",
		// Typed without diacritics: spelt right, only unmarked.
		"CONG HOA XA HOI CHU NGHIA VIET NAM", "DANG CONG SAN VIET NAM", "DOAN TNCS HO CHI MINH":
		return true
	}
	return false
}

// vietLetters are the lower-case letters of Vietnamese (with their tone
// marks) and the ASCII letters that loanwords and codes use.
const vietLetters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"

// vietLetter marks vietLetters and their capitals by code point (they all
// lie below U+1F00).
var vietLetter = func() (t [0x1F00]bool) {
	for _, r := range vietLetters {
		t[r] = true
		t[unicode.ToUpper(r)] = true
	}
	return t
}()

// debris returns the first run of characters in s that cannot be
// Vietnamese text: letters of other alphabets (ü, Ä), stray symbols (⁄, ”
// inside a word, }), or "" when s reads clean. OCR leaves such runs where a
// seal, a signature or a smudge stood.
func debris(s string) string {
	for i, r := range s {
		bad := false
		switch {
		case r < 128:
			bad = strings.ContainsRune("{}|\\^~`@#$<>[]=_", r)
		case r < rune(len(vietLetter)) && vietLetter[r]:
		case unicode.IsLetter(r):
			bad = true
		default:
			bad = !strings.ContainsRune("“”‘’–—…•°№²³½", r)
		}
		if bad {
			j := i
			for j > 0 && s[j-1] != ' ' {
				j--
			}
			k := strings.IndexByte(s[i:], ' ')
			if k < 0 {
				k = len(s) - i
			}
			return s[j : i+k]
		}
	}
	return ""
}

// warnDebris flags values that hold OCR debris: the value is as printed, but
// the archivist should look at the original.
func (p *parser) warnDebris() {
	d := p.doc
	check := func(field string, vals ...string) {
		for _, v := range vals {
			if x := debris(v); x != "" {
				d.Warn(field, "characters that are not Vietnamese text (OCR debris?): "+quote(x)+" in "+quote(firstN(v, 80)))
				return
			}
		}
	}
	check("issuer", d.Issuer)
	check("parent_issuer", d.ParentIssuer)
	check("subject", d.Subject)
	check("signer_title", d.SignerTitle)
	check("signer_name", d.SignerName)
	check("recipients", d.Recipients...)
	check("distribution", d.Distribution...)
}

// warnDateYear flags a date whose year contradicts the year printed in the
// document's own number (legal acts: 30/2020/NĐ-CP is of 2020).
func (p *parser) warnDateYear() {
	d := p.doc
	if p.sym.year == "" || len(d.Date) < 4 || d.Date[:4] == p.sym.year {
		return
	}
	d.Warn("date", "the date's year "+d.Date[:4]+" differs from the year "+p.sym.year+" in the number "+quote(d.Symbol))
}

// warnIssuerCase flags an issuer in capitals with words in lower case among
// them ("TONG CỤC THU. cue THUẾ: TỈNH HÒA BÌNH"): a receiving stamp or OCR
// debris fused into the name.
func (p *parser) warnIssuerCase() {
	if !isUpperText(p.doc.Issuer) {
		return
	}
	for _, w := range strings.Fields(p.doc.Issuer) {
		if letterCount(w) >= 2 && strings.ToLower(w) == w {
			p.doc.Warn("issuer", "a word in lower case among the capitals (stamp or OCR debris?): "+quote(w))
			return
		}
	}
}

// warnUnitCode checks a State number's unit code against the archive line
// of Nơi nhận, which names the drafting unit ("Lưu: VT, HTr"): a unit code
// one letter away from a code of that line was probably misread in one of
// the two places.
func (p *parser) warnUnitCode() {
	d := p.doc
	if d.UnitCode == "" || d.System != "state" {
		return
	}
	for _, item := range d.Distribution {
		f := fold1(item)
		if !isLuu(f) {
			continue
		}
		var near string
		for _, c := range strings.FieldsFunc(item, func(r rune) bool {
			return r == ',' || r == '.' || r == ' ' || r == ':' || r == ';' || r == '(' || r == ')'
		}) {
			if strings.EqualFold(c, d.UnitCode) {
				return
			}
			// VT (văn thư) stands in every Lưu line and names no unit; a
			// unit code VP is not its misreading.
			if strings.EqualFold(c, "VT") {
				continue
			}
			if len(c) == len(d.UnitCode) && oneApart(strings.ToUpper(c), strings.ToUpper(d.UnitCode)) {
				near = c
			}
		}
		if near != "" {
			d.Warn("unit_code", "the number reads "+quote(d.UnitCode)+" where the Lưu line names "+quote(near))
		}
		return
	}
}

// oneApart reports whether two strings of the same length differ in one
// byte.
func oneApart(a, b string) bool {
	n := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			n++
		}
	}
	return n == 1
}
