package export

import (
	"bufio"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
)

func init() {
	Register(Format{Name: "json", Structured: true, New: func(w io.Writer, o Options) Writer {
		j := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10), o: defaultFields(o)}
		j.w.WriteString("[")
		return j
	}})
}

// jsonWriter writes a JSON array of records, one per line.
type jsonWriter struct {
	w   *bufio.Writer
	o   Options
	n   int
	buf []byte
}

func (j *jsonWriter) Write(d *vanban.Document, extra map[string]any) error {
	if j.n > 0 {
		j.w.WriteString(",")
	}
	j.w.WriteString("\n  ")
	j.buf = AppendRecord(j.buf[:0], d, j.o.Fields, extra)
	j.n++
	_, err := j.w.Write(j.buf)
	return err
}

func (j *jsonWriter) Close() error {
	if j.n > 0 {
		j.w.WriteString("\n")
	}
	j.w.WriteString("]\n")
	return j.w.Flush()
}

func (j *jsonWriter) Count() int { return j.n }

// defaultFields gives a structured format every field but the body when
// no fields were asked for.
func defaultFields(o Options) Options {
	if o.Fields == nil {
		o.Fields = vanban.AllButBody()
	}
	return o
}

// AppendRecord appends the record as a JSON object with the fields named,
// in that order, keys as in SPEC.md §3: the same bytes encoding/json gives
// the Document (HTML not escaped), written straight from the field table.
// A field in extra takes its value from there; an id of 0 is left out
// (a parsed document has none); extra values no field names are added
// after the fields, by key.
func AppendRecord(b []byte, d *vanban.Document, fields []string, extra map[string]any) []byte {
	b = append(b, '{')
	first := true
	key := func(k string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, k)
		b = append(b, ':')
	}
	for _, name := range fields {
		if x, ok := extra[name]; ok {
			key(name)
			b = appendAny(b, x)
			continue
		}
		f, ok := vanban.FieldByName(name)
		if !ok || f.Kind == vanban.KindID && d.ID == 0 {
			continue
		}
		key(name)
		b = appendField(b, f, d)
	}
	if len(extra) > len(fields) || !allIn(extra, fields) {
		var keys []string
		for k := range extra {
			if !vanban.Contains(fields, k) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			key(k)
			b = appendAny(b, extra[k])
		}
	}
	return append(b, '}')
}

func allIn(m map[string]any, fields []string) bool {
	for k := range m {
		if !vanban.Contains(fields, k) {
			return false
		}
	}
	return true
}

// appendField appends the JSON value of field f of d.
func appendField(b []byte, f vanban.Field, d *vanban.Document) []byte {
	switch p := f.Ptr(d).(type) {
	case *string:
		return appendString(b, *p)
	case *int64:
		return strconv.AppendInt(b, *p, 10)
	case *[]string:
		return appendList(b, *p, appendString)
	case *[]vanban.Reference:
		return appendList(b, *p, func(b []byte, r vanban.Reference) []byte {
			return appendObject(b, "type", r.Type, "symbol", r.Symbol, "date", r.Date, "issuer", r.Issuer, "kind", r.Kind)
		})
	case *[]vanban.Warning:
		return appendList(b, *p, func(b []byte, w vanban.Warning) []byte {
			return appendObject(b, "field", w.Field, "message", w.Message)
		})
	case **vanban.Source:
		s := *p
		if s == nil {
			return append(b, "null"...)
		}
		b = append(b, `{"path":`...)
		b = appendString(b, s.Path)
		b = append(b, `,"sha256":`...)
		b = appendString(b, s.SHA256)
		b = append(b, `,"size":`...)
		b = strconv.AppendInt(b, s.Size, 10)
		b = append(b, `,"imported_at":`...)
		b = appendString(b, s.ImportedAt)
		return append(b, '}')
	}
	return appendAny(b, f.Get(d))
}

// appendList appends items as a JSON array, each written by item.
func appendList[T any](b []byte, items []T, item func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, x := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, x)
	}
	return append(b, ']')
}

// appendObject appends a JSON object of string values from key, value
// pairs, in order.
func appendObject(b []byte, kv ...string) []byte {
	b = append(b, '{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, kv[i])
		b = append(b, ':')
		b = appendString(b, kv[i+1])
	}
	return append(b, '}')
}

// appendAny appends v as encoding/json writes it, HTML not escaped.
func appendAny(b []byte, v any) []byte {
	switch x := v.(type) {
	case string:
		return appendString(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	}
	var s strings.Builder
	enc := json.NewEncoder(&s)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return append(b, "null"...)
	}
	return append(b, strings.TrimSuffix(s.String(), "\n")...)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string exactly as encoding/json does
// with HTML escaping off: \" \\ \b \f \n \r \t, other controls as \u00XX,
// invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	// One pass: ASCII bytes are checked for the few that need escaping,
	// multi-byte sequences are validated by hand (the ranges of
	// utf8.ValidString) and checked for U+2028/U+2029 (E2 80 A8/A9). Text
	// with invalid UTF-8, rare, is written by appendStringSlow.
	mark := len(b)
	b = append(b, '"')
	start := 0
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscapedASCII(b, c)
			i++
			start = i
			continue
		}
		switch {
		case c >= 0xc2 && c <= 0xdf:
			if i+1 < n && s[i+1]&0xc0 == 0x80 {
				i += 2
				continue
			}
		case c >= 0xe0 && c <= 0xef:
			if i+2 < n && s[i+2]&0xc0 == 0x80 {
				c1 := s[i+1]
				lo, hi := byte(0x80), byte(0xbf)
				if c == 0xe0 {
					lo = 0xa0
				} else if c == 0xed {
					hi = 0x9f
				}
				if c1 >= lo && c1 <= hi {
					if c == 0xe2 && c1 == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9) {
						b = append(b, s[start:i]...)
						b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xf])
						start = i + 3
					}
					i += 3
					continue
				}
			}
		case c >= 0xf0 && c <= 0xf4:
			if i+3 < n && s[i+2]&0xc0 == 0x80 && s[i+3]&0xc0 == 0x80 {
				c1 := s[i+1]
				lo, hi := byte(0x80), byte(0xbf)
				if c == 0xf0 {
					lo = 0x90
				} else if c == 0xf4 {
					hi = 0x8f
				}
				if c1 >= lo && c1 <= hi {
					i += 4
					continue
				}
			}
		}
		// Invalid UTF-8: start again the careful way.
		return appendStringSlow(b[:mark], s)
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscapedASCII appends the escape of an ASCII control, quote or
// backslash.
func appendEscapedASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// appendStringSlow is appendString for text with invalid UTF-8, which
// becomes U+FFFD byte by byte as encoding/json writes it.
func appendStringSlow(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscapedASCII(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
