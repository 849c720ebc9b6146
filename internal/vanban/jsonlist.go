package vanban

import (
	"encoding/json"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The stored form of a list field is JSON (EncodeValue). Reading a listing
// or an export decodes several such lists per record, and encoding/json's
// reflection was a fifth of an export's time, so the three shapes stored
// (an array of strings, of references, of warnings) are read by the small
// parser below; anything it does not expect falls back to encoding/json,
// so the result is always what json.Unmarshal gives.

// decodeList decodes s into p (*[]string, *[]Reference or *[]Warning).
func decodeList(s string, p any) {
	ok := false
	switch p := p.(type) {
	case *[]string:
		var v []string
		if v, ok = parseStrings(s); ok {
			*p = v
		}
	case *[]Reference:
		var objs [][]string
		if objs, ok = parseObjects(s, "type", "symbol", "date", "issuer", "kind"); ok {
			out := make([]Reference, len(objs))
			for i, o := range objs {
				out[i] = Reference{Type: o[0], Symbol: o[1], Date: o[2], Issuer: o[3], Kind: o[4]}
			}
			*p = out
		}
	case *[]Warning:
		var objs [][]string
		if objs, ok = parseObjects(s, "field", "message"); ok {
			out := make([]Warning, len(objs))
			for i, o := range objs {
				out[i] = Warning{Field: o[0], Message: o[1]}
			}
			*p = out
		}
	}
	if !ok {
		_ = json.Unmarshal([]byte(s), p)
	}
}

type jsonParser struct {
	s  string
	i  int
	ok bool
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

// eat consumes c (after blanks) or fails.
func (p *jsonParser) eat(c byte) bool {
	p.ws()
	if p.ok && p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// peek reports whether c is next (after blanks).
func (p *jsonParser) peek(c byte) bool {
	p.ws()
	return p.i < len(p.s) && p.s[p.i] == c
}

// str reads a JSON string.
func (p *jsonParser) str() string {
	if !p.eat('"') {
		p.ok = false
		return ""
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			v := p.s[start:p.i]
			p.i++
			if !utf8.ValidString(v) {
				p.ok = false // encoding/json replaces bad bytes: let it
			}
			return v
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			p.ok = false
			return ""
		}
		p.i++
	}
	p.ok = false
	return ""
}

// escaped reads the rest of a string holding escapes, from start.
func (p *jsonParser) escaped(start int) string {
	var b strings.Builder
	b.WriteString(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.ValidString(b.String()) {
				p.ok = false
			}
			return b.String()
		case c < 0x20:
			p.ok = false
			return ""
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			break
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				p.ok = false
				return ""
			}
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(0), false
				if p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					p.i += 2
					r2, ok2 = p.hex4()
				}
				if !ok2 {
					p.ok = false // a lone surrogate: let encoding/json decide
					return ""
				}
				r = utf16.DecodeRune(r, r2)
				if r == utf8.RuneError {
					p.ok = false
					return ""
				}
			}
			b.WriteRune(r)
		default:
			p.ok = false
			return ""
		}
	}
	p.ok = false
	return ""
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// end checks that nothing but blanks follows.
func (p *jsonParser) end() bool {
	p.ws()
	return p.ok && p.i == len(p.s)
}

// parseStrings reads a JSON array of strings.
func parseStrings(s string) ([]string, bool) {
	p := &jsonParser{s: s, ok: true}
	if !p.eat('[') {
		return nil, false
	}
	out := []string{}
	if p.eat(']') {
		return out, p.end()
	}
	for p.ok {
		out = append(out, p.str())
		if p.eat(']') {
			return out, p.end()
		}
		if !p.eat(',') {
			return nil, false
		}
	}
	return nil, false
}

// parseObjects reads a JSON array of objects whose values are strings and
// whose keys are among keys (each at most once); a value is returned at its
// key's position.
func parseObjects(s string, keys ...string) ([][]string, bool) {
	p := &jsonParser{s: s, ok: true}
	if !p.eat('[') {
		return nil, false
	}
	out := [][]string{}
	if p.eat(']') {
		return out, p.end()
	}
	for p.ok {
		if !p.eat('{') {
			return nil, false
		}
		vals := make([]string, len(keys))
		seen := 0
		if !p.peek('}') {
			for p.ok {
				k := p.str()
				if !p.eat(':') {
					return nil, false
				}
				v := p.str()
				pos := -1
				for i, x := range keys {
					if x == k {
						pos = i
					}
				}
				if pos < 0 || seen&(1<<pos) != 0 {
					return nil, false // unknown or repeated key: encoding/json's rules
				}
				seen |= 1 << pos
				vals[pos] = v
				if !p.eat(',') {
					break
				}
			}
		}
		if !p.eat('}') {
			return nil, false
		}
		out = append(out, vals)
		if p.eat(']') {
			return out, p.end()
		}
		if !p.eat(',') {
			return nil, false
		}
	}
	return nil, false
}
