package parse

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// Spans: where in the text each field was read.
//
// The parser reads cleaned lines (prepare drops Markdown, table pipes,
// converter metadata and Word's double spacing), and many values are
// cleaned again (spaces collapsed, lines joined). A span must point into
// the text as archived, so it is found there: the parser keeps the line of
// each header element it read (the number line, the title line, the
// place-date, Kính gửi, Nơi nhận) and the lines where the header and the
// closing end; prepare keeps which text line each of its lines came from.
// The value is then looked for as a sequence of words (folded: case and
// marks aside) from that line on, in the region of the document it was
// read from: the header for header fields, the closing for the signature
// and Nơi nhận, the body for references. A value spread over lines whose
// other column interleaves ("- UBND các xã,        KT. CHỦ TỊCH" / "phường;")
// is matched across the other column's words. A value whose words are not
// in the text (the parser repaired them, or made them up: a type named by
// its code, a date in ISO form) gets the span of what it was read from, or
// none. An HTML page gets no spans: its lines are markup.

// spanTok is a word of the text: its line (0-based), byte range in the
// line, and its folded form in spanFinder.folds.
type spanTok struct {
	line, start, end int
	fs, fe           int
}

type spanFinder struct {
	text  string
	tl    textLines
	toks  []spanTok
	folds []byte
	lines map[int]string // text lines tokenised, by number
	out   []vanban.Span
	// skipLine's words before skipOff are not the document's (a crawler's
	// title before the header); skipLine is -1 when there are none.
	skipLine, skipOff int
	vbuf              [][2]int
	wbuf              []byte
	wout              [][]byte
}

// textLines reads lines of a text by number, moving forward from the last
// one read (a large document's lines are not split into a slice).
type textLines struct {
	text      string
	line, off int
}

func (t *textLines) get(k int) (string, bool) {
	if k < t.line {
		t.line, t.off = 0, 0
	}
	for t.line < k {
		i := strings.IndexByte(t.text[t.off:], '\n')
		if i < 0 {
			return "", false
		}
		t.off += i + 1
		t.line++
	}
	rest := t.text[t.off:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSuffix(rest, "\r"), true
}

// tokenize appends the words of text lines [from, to] to f.toks and
// returns the index of the first.
func (f *spanFinder) tokenize(from, to int) int {
	first := len(f.toks)
	for k := from; k <= to; k++ {
		l, ok := f.tl.get(k)
		if !ok {
			break
		}
		if len(l) > 4096 {
			l = l[:4096] // a pathological line: its start is enough
		}
		f.lines[k] = l
		start := -1
		fs := 0
		for i, r := range l {
			if k == f.skipLine && i < f.skipOff {
				continue
			}
			fr := vntext.FoldRune(r)
			word := unicode.IsLetter(r) || unicode.IsDigit(r) || fr == 0 && start >= 0
			if word {
				if start < 0 {
					start, fs = i, len(f.folds)
				}
				if fr > 0 {
					f.folds = utf8.AppendRune(f.folds, fr)
				}
				continue
			}
			if start >= 0 {
				f.toks = append(f.toks, spanTok{k, start, i, fs, len(f.folds)})
				start = -1
			}
		}
		if start >= 0 {
			f.toks = append(f.toks, spanTok{k, start, len(l), fs, len(f.folds)})
		}
	}
	return first
}

// words splits a value into folded words, as tokenize does, in buffers
// reused by the next call.
func (f *spanFinder) words(v string) [][]byte {
	f.vbuf, f.wbuf = f.vbuf[:0], f.wbuf[:0]
	start := -1
	for _, r := range v {
		fr := vntext.FoldRune(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || fr == 0 && start >= 0 {
			if start < 0 {
				start = len(f.wbuf)
			}
			if fr > 0 {
				f.wbuf = utf8.AppendRune(f.wbuf, fr)
			}
			continue
		}
		if start >= 0 {
			f.vbuf = append(f.vbuf, [2]int{start, len(f.wbuf)})
			start = -1
		}
	}
	if start >= 0 {
		f.vbuf = append(f.vbuf, [2]int{start, len(f.wbuf)})
	}
	f.wout = f.wout[:0]
	for _, w := range f.vbuf {
		f.wout = append(f.wout, f.wbuf[w[0]:w[1]:w[1]])
	}
	return f.wout
}

func (f *spanFinder) tok(i int) []byte {
	t := f.toks[i]
	return f.folds[t.fs:t.fe]
}

// match finds words in toks[from:to], in order: consecutive words of the
// text, or words on a later line after up to 16 words of another column.
// It returns the indexes of the first and last word.
func (f *spanFinder) match(ws [][]byte, from, to int) (int, int, bool) {
	if len(ws) == 0 {
		return 0, 0, false
	}
	to = min(to, len(f.toks))
	for i := max(from, 0); i < to; i++ {
		if !bytes.Equal(f.tok(i), ws[0]) {
			continue
		}
		j, k := i, 1
		for k < len(ws) {
			n := j + 1
			if n < to && bytes.Equal(f.tok(n), ws[k]) {
				j, k = n, k+1
				continue
			}
			found := false
			for s := n; s < to && s <= n+16; s++ {
				if f.toks[s].line > f.toks[j].line && bytes.Equal(f.tok(s), ws[k]) {
					j, k, found = s, k+1, true
					break
				}
			}
			if !found {
				break
			}
		}
		if k == len(ws) {
			return i, j, true
		}
	}
	return 0, 0, false
}

// add records the span of words a..b for field (item from 1 for lists).
func (f *spanFinder) add(field string, item, a, b int) {
	ta, tb := f.toks[a], f.toks[b]
	la, lb := f.lines[ta.line], f.lines[tb.line]
	f.out = append(f.out, vanban.Span{
		Field: field, Item: item,
		Line: ta.line + 1, Col: utf8.RuneCountInString(la[:ta.start]) + 1,
		EndLine: tb.line + 1, EndCol: utf8.RuneCountInString(lb[:tb.end]) + 1,
	})
}

// find looks for value in words [from, to) and records its span; it
// returns the index after the match, or from when there is none.
func (f *spanFinder) find(field string, item int, value string, from, to int) (next int, ok bool) {
	a, b, ok := f.match(f.words(value), from, to)
	if !ok {
		return from, false
	}
	f.add(field, item, a, b)
	return b + 1, true
}

// firstOnLine is the index of the first word on text line k or later
// among toks[from:to].
func (f *spanFinder) firstOnLine(k, from, to int) int {
	for i := from; i < to; i++ {
		if f.toks[i].line >= k {
			return i
		}
	}
	return to
}

// spans finds the spans of d's fields in text (see above).
func (p *parser) spans(text string) []vanban.Span {
	d := p.doc
	if p.prep == nil || p.prep.html || len(p.lines) == 0 {
		return nil
	}
	f := &spanFinder{text: text, tl: textLines{text: text}, lines: make(map[int]string, 64),
		toks: make([]spanTok, 0, 512), folds: make([]byte, 0, 4096),
		out: make([]vanban.Span, 0, 24+len(d.Recipients)+len(d.Distribution)+len(d.References)), skipLine: -1}
	if p.crawlerTitle != "" {
		// The crawler's title stands on the first text line.
		for k := 0; k < 20; k++ {
			l, ok := f.tl.get(k)
			if !ok {
				break
			}
			if i := strings.Index(l, p.crawlerTitle); i >= 0 {
				f.skipLine, f.skipOff = k, i+len(p.crawlerTitle)
				break
			}
		}
	}
	orig := p.prep.origLine
	// The header: the text lines of lines [0, bodyStart.line] (a table's
	// columns map back to the same text lines, so the largest is taken).
	hdrEnd := 0
	for i := 0; i <= p.bodyStart.line && i < len(p.lines) && i < headerLines*2; i++ {
		hdrEnd = max(hdrEnd, orig(i))
	}
	h0 := f.tokenize(0, hdrEnd)
	h1 := len(f.toks)
	at := func(line int) int { // the first header word on lines' line
		if line < 0 {
			return h1
		}
		return f.firstOnLine(orig(line), h0, h1)
	}

	// Above the number: the title lines and the issuer block.
	if d.Motto != "" {
		l := p.motto.line
		if p.party.ok() {
			l = p.party.line
		}
		if _, ok := f.find("motto", 0, d.Motto, at(l), h1); !ok {
			f.find("motto", 0, d.Motto, h0, h1)
		}
	}
	next := h0
	if d.ParentIssuer != "" {
		next, _ = f.find("parent_issuer", 0, d.ParentIssuer, h0, h1)
	}
	if d.Issuer != "" {
		if _, ok := f.find("issuer", 0, d.Issuer, next, h1); !ok {
			f.find("issuer", 0, d.Issuer, h0, h1)
		}
	}
	numbered := false
	if d.Symbol != "" && p.symLine >= 0 {
		s := at(p.symLine)
		if a, b, ok := f.match(f.words(d.Symbol), s, h1); ok {
			f.add("symbol", 0, a, b)
			numbered = true
			for _, c := range []struct{ field, v string }{{"number", d.Number}, {"type_code", d.TypeCode}, {"issuer_code", d.IssuerCode}, {"unit_code", d.UnitCode}} {
				if c.v != "" {
					f.find(c.field, 0, c.v, a, b+1)
				}
			}
		}
	}
	if !numbered && d.Number != "" && p.symLine >= 0 {
		// The symbol as read is not in the text (repaired): the number is.
		f.find("number", 0, d.Number, at(p.symLine), min(at(p.symLine)+12, h1))
	}
	if p.hasPD {
		s := at(p.pd.sp.line)
		dateFrom := s
		if d.Place != "" {
			if n, ok := f.find("place", 0, d.Place, s, h1); ok {
				dateFrom = n
			}
		}
		if d.Date != "" {
			// From "ngày" (or the day) to the year.
			year := d.Date[:4]
			for i := dateFrom; i < h1 && i < dateFrom+16; i++ {
				if string(f.tok(i)) == year {
					f.add("date", 0, dateFrom, i)
					break
				}
			}
		}
	}
	if d.Type != "" && p.titleLine >= 0 {
		f.find("type", 0, d.Type, at(p.titleLine), h1)
	}
	if d.Subject != "" {
		s := h0
		if p.subjLine >= 0 {
			s = at(p.subjLine)
		}
		f.find("subject", 0, d.Subject, s, h1)
	}
	if len(d.Recipients) > 0 && p.kgLine >= 0 {
		n := at(p.kgLine)
		for i, r := range d.Recipients {
			n, _ = f.find("recipients", i+1, r, n, h1)
		}
	}
	if d.Urgency != "" {
		f.find("urgency", 0, d.Urgency, h0, h1)
	}
	if d.Secrecy != "" {
		f.find("secrecy", 0, d.Secrecy, h0, h1)
	}

	// The closing: from the text line of the body's end to the last.
	if p.bodyEnd < len(p.lines) {
		c0text := orig(p.bodyEnd)
		for i := p.bodyEnd; i < len(p.lines) && i < p.bodyEnd+200; i++ {
			c0text = min(c0text, orig(i))
		}
		c0text = max(c0text, hdrEnd+1)
		lastLine := orig(len(p.lines) - 1)
		if lastLine-c0text > 80 {
			lastLine = c0text + 80 // an annex after the closing
		}
		c0 := f.tokenize(c0text, lastLine)
		c1 := len(f.toks)
		n := c0
		for i, a := range d.SignerAuthority {
			n, _ = f.find("signer_authority", i+1, a, n, c1)
		}
		if d.SignerTitle != "" {
			n, _ = f.find("signer_title", 0, d.SignerTitle, n, c1)
		}
		if d.SignerName != "" {
			if _, ok := f.find("signer_name", 0, d.SignerName, n, c1); !ok {
				f.find("signer_name", 0, d.SignerName, c0, c1)
			}
		}
		if len(d.Distribution) > 0 {
			n := c0
			if p.nnLine >= 0 {
				n = f.firstOnLine(orig(p.nnLine), c0, c1)
			}
			for i, x := range d.Distribution {
				n, _ = f.find("distribution", i+1, x, n, c1)
			}
		}
	}
	p.refSpans(f)
	return f.out
}

// refSpans finds the references in the text after the number line, in
// the order they were read (the order they first appear), in one pass: a
// line is searched for the next reference not found yet, or one of the
// two after it (a reference not printed as read, repaired by the parser,
// is passed over). The symbol is looked for as printed, and only when that
// fails as words, on lines holding its first word.
func (p *parser) refSpans(f *spanFinder) {
	refs := p.doc.References
	if len(refs) == 0 {
		return
	}
	line := 0
	if p.symLine >= 0 {
		line = p.prep.origLine(p.symLine)
	}
	type want struct {
		sym, key string // the symbol as read, its leading number
		words    [][]byte
	}
	ws := make([]want, len(refs))
	for i, r := range refs {
		n := 0
		for n < len(r.Symbol) && r.Symbol[n] >= '0' && r.Symbol[n] <= '9' {
			n++
		}
		ws[i] = want{sym: r.Symbol, key: r.Symbol[:n]}
	}
	i := 0
	for k := line; i < len(refs); k++ {
		l, ok := f.tl.get(k)
		if !ok {
			return
		}
		off := 0 // where in the line the search goes on
	scan:
		for i < len(refs) {
			for j := i; j < len(refs) && j < i+3; j++ {
				w := ws[j]
				if w.sym == "" {
					continue
				}
				if x := strings.Index(l[off:], w.sym); x >= 0 {
					a := off + x
					b := a + len(w.sym)
					col := utf8.RuneCountInString(l[:a]) + 1
					f.out = append(f.out, vanban.Span{Field: "references", Item: j + 1,
						Line: k + 1, Col: col, EndLine: k + 1, EndCol: col + utf8.RuneCountInString(w.sym)})
					i, off = j+1, b
					continue scan
				}
				if w.key == "" || !strings.Contains(l[off:], w.key) {
					continue
				}
				if w.words == nil {
					w.words = cloneWords(f.words(w.sym))
					ws[j].words = w.words
				}
				// As words, from this line into the next.
				t0, f0 := len(f.toks), len(f.folds)
				f.tokenize(k, k+1)
				if a, b, ok := f.match(w.words, t0, len(f.toks)); ok && f.toks[a].line == k && f.toks[a].start >= off {
					f.add("references", j+1, a, b)
					tb := f.toks[b]
					f.toks, f.folds = f.toks[:t0], f.folds[:f0]
					// The closing's lines, read before, are done with.
					delete(f.lines, k)
					delete(f.lines, k+1)
					i = j + 1
					if tb.line == k {
						off = tb.end
						continue scan
					}
					break scan
				}
				f.toks, f.folds = f.toks[:t0], f.folds[:f0]
				delete(f.lines, k)
				delete(f.lines, k+1)
			}
			break
		}
	}
}

func cloneWords(ws [][]byte) [][]byte {
	out := make([][]byte, len(ws))
	for i, w := range ws {
		out[i] = bytes.Clone(w)
	}
	return out
}
