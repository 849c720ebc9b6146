package parse

import (
	"bytes"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/vanban"
)

// Version identifies the parser's rules; the archive stores it with every
// record so that reparse knows what an older record was parsed with. Raise
// it with every change that alters what Parse returns for some input, and
// say what changed here.
//
//	1  up to 2026-11-23
//	2  TCVN3: "ủy ban nhân dân" in a sentence gets its capital; lower-case
//	   TM./KT./title signature blocks restored line by line
//	3  rules for unseen archives (issue 11): Word's double spacing undone,
//	   booklet covers skipped, collective closings, T/M + a collective
//	   named with title words, blank Party numbers, the signature column
//	   beside a wrapped Nơi nhận entry, unbulleted Nơi nhận lists;
//	   congress papers (the congress's name over several issuer lines, no
//	   number or date needed), capitals finishing a title line, subjects
//	   ending at their block, crawler titles and "Ve viec" without
//	   diacritics; OCR'd Party headers (Đ read as B, a bare "S" before
//	   NUM-TYPE/ISSUER, "No'i nhận"), seal debris beside Nơi nhận entries
//	   dropped; references: Party and legal-act shapes cited without a
//	   cue, symbols broken by spaced dashes or a second slash, symbols
//	   that start with letters after "số", "Quy định 57" number citations;
//	   warnings on weak readings: OCR debris in a value, a lower-case word
//	   in the issuer, a unit code one letter from the Lưu line's, a date
//	   whose year contradicts the number's; no missing-field warning for
//	   the signer's name and Nơi nhận under a collective closing; HTML
//	   pages (Word's "Save as Web Page") read as their text
//	4  spans: where in the text each field was read (spans.go), for
//	   vanban check and the web view
const Version = "4"

// DefaultMaxSize is the largest input Parse accepts unless Options.MaxSize
// says otherwise (bytes). Documents, even congress booklets, are far below
// it; parsing holds several copies of a document, so a much larger file is
// more likely a mistake than a document. MaxSize is the most any option
// may raise it to.
const (
	DefaultMaxSize = 64 << 20
	MaxSize        = 1 << 30
)

// Error is a per-file parse failure: the input is not a document at all.
type Error struct {
	File string
	Line int // 1-based, 0 when it concerns the whole file
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return e.Msg
}

// Options change how Parse reads its input.
type Options struct {
	Encoding string // "" detects; else one of charset.Encodings
	MaxSize  int    // largest input in bytes (0: DefaultMaxSize)
}

// Limit is the size limit o sets.
func (o Options) Limit() int {
	if o.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return min(o.MaxSize, MaxSize)
}

// LargeFile is the size above which a caller parses a file alone, under
// CollectClosely: its bytes, text, lines and body are each about its size.
const LargeFile = 8 << 20

// CollectClosely keeps the garbage collector close behind the parse of a
// document of size bytes (over LargeFile), until the returned function is
// called: GOGC 25, and a soft memory limit of 2.7 times the size (the
// collector works harder near it rather than let a burst of allocations
// overshoot). With the default pacing the heap may grow to twice what the
// parse holds before a collection. The settings are process-wide: one large
// document at a time.
func CollectClosely(size int64) (restore func()) {
	gc := debug.SetGCPercent(25)
	limit := debug.SetMemoryLimit(-1)
	// No limit set (the default): set one; a lower one set by the caller
	// for its other work is raised to it, a higher one kept.
	if want := size * 27 / 10; limit == math.MaxInt64 || want > limit {
		debug.SetMemoryLimit(want)
	}
	return func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(gc)
	}
}

// TooLarge is the error for an input of size bytes over limit.
func TooLarge(size int64, limit int) string {
	return fmt.Sprintf("file is %.1f MB, more than the %d MB limit (--max-size MB raises it)", float64(size)/(1<<20), limit>>20)
}

// Parse decodes src and parses it into a record. name is used in errors only.
// It fails only when the input is not a document at all (empty, binary, or
// text with neither a header nor a signature); otherwise it fills what it can
// and explains the rest in the record's warnings.
func Parse(name string, src []byte, opt Options) (*vanban.Document, error) {
	d, _, err := ParseWithText(name, src, opt)
	return d, err
}

// ParseWithText is Parse that also returns the decoded, normalised text the
// record was parsed from (what the archive stores and deduplicates on).
func ParseWithText(name string, src []byte, opt Options) (*vanban.Document, string, error) {
	dt, err := Decode(name, src, opt)
	if err != nil {
		return nil, "", err
	}
	doc, err := dt.Parse(name)
	if err != nil {
		return nil, "", err
	}
	return doc, dt.Text, nil
}

// Decoded is a document's text decoded and normalised, ready to parse,
// with what decoding found to say about it.
type Decoded struct {
	Text     string
	encoding string
	warnings []vanban.Warning
}

// Decode checks src (size, emptiness, binary data) and decodes it into
// normalised text: the first half of ParseWithText. The text is a copy, so
// a caller holding a large document can let its bytes go before Parse.
func Decode(name string, src []byte, opt Options) (*Decoded, error) {
	if len(src) > opt.Limit() {
		return nil, &Error{File: name, Msg: TooLarge(int64(len(src)), opt.Limit())}
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, &Error{File: name, Msg: "empty file: nothing to parse"}
	}
	if controlBytes(src) {
		return nil, &Error{File: name, Msg: "binary data, not a text document"}
	}
	dec := charset.DecodeAs(src, opt.Encoding)
	if isBinary(src, dec) {
		return nil, &Error{File: name, Msg: "binary data, not a text document"}
	}
	dt := &Decoded{Text: dec.Text, encoding: dec.Encoding}
	restored := 0
	if dec.Encoding == charset.TCVN3 {
		dt.Text, restored = restoreLayoutCaps(dt.Text)
	}
	for i := len(dec.Warnings) - 1; i >= 0; i-- {
		dt.warnings = append(dt.warnings, vanban.Warning{Field: "encoding", Message: dec.Warnings[i]})
	}
	if restored > 0 {
		dt.warnings = append(dt.warnings, vanban.Warning{Field: "encoding", Message: fmt.Sprintf("%d header or signature lines", restored) + " typed in lower case for an upper-case TCVN3 font (.VnTimeH) restored to capitals"})
	}
	return dt, nil
}

// Parse parses the decoded text into a record (the second half of
// ParseWithText). The decoding warnings come first among the record's.
func (dt *Decoded) Parse(name string) (*vanban.Document, error) {
	doc, err := ParseText(name, dt.Text)
	if err != nil {
		return nil, err
	}
	doc.Encoding = dt.encoding
	if len(dt.warnings) > 0 {
		doc.Warnings = append(slices.Clip(dt.warnings), doc.Warnings...)
	}
	return doc, nil
}

// controlBytes is the cheap test run before decoding: one byte in fifty of
// the first 8 KB is a control character that no text encoding uses (VISCII's
// six C0 capitals are not counted). UTF-16 text, which is full of NUL, 0x01
// and 0x1E bytes, is left to isBinary.
func controlBytes(src []byte) bool {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || charset.LooksUTF16(src) {
		return false
	}
	n := min(len(src), 8192)
	ctl := 0
	for _, b := range src[:n] {
		// Not counted: the capitals VISCII (0x02 0x05 0x06 0x14 0x19 0x1E)
		// and VN1 (0x01-0x06 but 0x03, 0x11-0x17) keep in C0 positions.
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' &&
			!(b >= 0x01 && b <= 0x06 && b != 0x03) && !(b >= 0x11 && b <= 0x17) && b != 0x19 && b != 0x1E {
			ctl++
		}
	}
	return ctl*50 >= n && n > 0
}

// isBinary tells binary data from text: NUL bytes in a file not decoded as
// UTF-16, or a decoded text made largely of replacement or control runes.
func isBinary(src []byte, dec charset.Result) bool {
	n := len(src)
	if n > 8192 {
		n = 8192
	}
	if dec.Encoding != charset.UTF16LE && dec.Encoding != charset.UTF16BE {
		// Control bytes other than TAB, LF, FF and CR do not occur in text.
		ctl := 0
		viscii := dec.Encoding == charset.VISCII
		vn1 := dec.Encoding == charset.VN1
		for _, b := range src[:n] {
			if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' {
				// VISCII keeps six capitals (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ) in C0 positions,
				// VN1 twelve (Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ).
				if viscii && (b == 0x02 || b == 0x05 || b == 0x06 || b == 0x14 || b == 0x19 || b == 0x1E) {
					continue
				}
				if vn1 && (b >= 0x01 && b <= 0x06 && b != 0x03 || b >= 0x11 && b <= 0x17) {
					continue
				}
				ctl++
			}
		}
		if ctl*50 >= n {
			return true
		}
	}
	t := dec.Text
	if len(t) > 8192 {
		t = t[:8192]
	}
	if !strings.Contains(t, "\uFFFD") && !strings.Contains(t, "\xc2") {
		return false
	}
	bad, total := 0, 0
	for _, r := range t {
		total++
		if r == utf8.RuneError || (r >= 0x80 && r < 0xA0) {
			bad++
		}
	}
	return total > 0 && bad*10 > total
}

// ParseText parses already decoded, normalised text.
func ParseText(name, text string) (*vanban.Document, error) {
	p := newParser(text)
	doc := p.parse()
	if !p.isDocument() {
		return nil, &Error{File: name, Msg: "not an official document: found no header (Số, Quốc hiệu, place and date) and no signature"}
	}
	doc.Spans = p.spans(text)
	doc.Normalize()
	detach(doc)
	return doc, nil
}

// detach gives the record's text fields their own memory: many are
// substrings of the document's lines, and a record kept (an archive batch,
// a JSON array) would otherwise keep the whole text of its document alive.
func detach(d *vanban.Document) {
	for _, p := range []*string{&d.System, &d.Motto, &d.ParentIssuer, &d.Issuer, &d.Number, &d.Symbol, &d.TypeCode,
		&d.IssuerCode, &d.UnitCode, &d.Type, &d.Place, &d.Date, &d.Subject, &d.SignerTitle, &d.SignerName,
		&d.Urgency, &d.Secrecy} {
		*p = strings.Clone(*p)
	}
	for _, l := range [][]string{d.Recipients, d.Distribution, d.SignerAuthority} {
		for i := range l {
			l[i] = strings.Clone(l[i])
		}
	}
	for i := range d.References {
		r := &d.References[i]
		r.Type, r.Symbol, r.Date, r.Issuer = strings.Clone(r.Type), strings.Clone(r.Symbol), strings.Clone(r.Date), strings.Clone(r.Issuer)
	}
	for i := range d.Warnings {
		d.Warnings[i].Message = strings.Clone(d.Warnings[i].Message)
	}
}
