package parse

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
	if len(d.Distribution) == 0 {
		d.Warn("distribution", "no Nơi nhận list found")
	}
	if d.SignerName == "" {
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
	case "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐOÀN TNCS HỒ CHÍ MINH":
		return true
	}
	return false
}
