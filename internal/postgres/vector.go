package postgres

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
)

// Full-text vectors are written as tsvector literals built here from the
// folded words (vntext.Words of vntext.Fold, as the SQLite engine indexes
// them), and queries as tsquery literals from the same words: no
// PostgreSQL text-search parser or dictionary stands between the two, so a
// word matches in both engines alike.
//
// A tsvector keeps a word at no more than 256 places and no place past
// 16,383. A document whose text passes either limit is "long": its vector
// keeps the words without places, and a phrase in it is checked in Go
// against the record's text (store.Ranker.Matches), so that no match is
// lost to the limits.

const (
	maxPos      = 16383
	maxPosWord  = 256
	maxLexBytes = 2046
)

// vector collects the words of one tsvector, field after field. The places
// of a word are a chain in one arena (no slice a word: a document has
// hundreds of distinct words, and their slices were most of the cost).
type vector struct {
	idx   map[string]int32 // word → its entry
	ents  []entry
	arena []node
	next  int
	over  bool // a limit was passed: places are not all kept
}

type entry struct {
	word        string
	first, last int32 // arena indexes of its first and last place; -1: none
	n           int32
}

type node struct {
	pos  int32
	next int32
}

func newVector() *vector { return &vector{idx: make(map[string]int32, 256), next: 1} }

// add appends the words of folded text; a field's last word and the next
// field's first are not neighbours (a phrase never spans two fields).
func (v *vector) add(folded string) {
	eachWord(folded, func(w string) {
		if len(w) > maxLexBytes {
			return
		}
		p := v.next
		v.next++
		k, ok := v.idx[w]
		if !ok {
			k = int32(len(v.ents))
			v.idx[w] = k
			v.ents = append(v.ents, entry{word: w, first: -1, last: -1})
		}
		e := &v.ents[k]
		if p > maxPos || e.n >= maxPosWord {
			v.over = true
			return
		}
		v.arena = append(v.arena, node{pos: int32(p), next: -1})
		at := int32(len(v.arena) - 1)
		if e.last < 0 {
			e.first = at
		} else {
			v.arena[e.last].next = at
		}
		e.last = at
		e.n++
	})
	v.next++
}

// literal is the tsvector's input text; strip leaves out the places. The
// words are letters and digits (eachWord), which the tsvector syntax takes
// unquoted.
func (v *vector) literal(strip bool) string {
	var b strings.Builder
	size := 0
	for _, e := range v.ents {
		size += len(e.word) + 1 + int(e.n)*6
	}
	b.Grow(size)
	var num [12]byte
	for i, e := range v.ents {
		if i > 0 {
			b.WriteByte(' ')
		}
		if plainWord(e.word) {
			b.WriteString(e.word)
		} else {
			quoteLexeme(&b, e.word)
		}
		if strip {
			continue
		}
		for k, at := 0, e.first; at >= 0; k, at = k+1, v.arena[at].next {
			if k == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.Write(strconv.AppendInt(num[:0], int64(v.arena[at].pos), 10))
		}
	}
	return b.String()
}

// plainWord reports whether w can stand unquoted in a tsvector: ASCII
// letters and digits only.
func plainWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return w != ""
}

// eachWord calls fn with each word of s, as vntext.Words splits it (runs
// of letters and digits), without making a slice of them: an ASCII byte
// is told apart without decoding (folded text is mostly ASCII).
func eachWord(s string, fn func(string)) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		var word bool
		size := 1
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			fn(s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(s[start:])
	}
}

func quoteLexeme(b *strings.Builder, w string) {
	b.WriteByte('\'')
	for _, r := range w {
		switch r {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
}

// vecs are the tsvector literals of a record: the whole record, the head
// (title, issuer, signer), the signer, and whether the record is long.
type vecs struct {
	tsv, head, signer string
	long              bool
	// The same in binary form, for the grouped writes (tsvbin.go).
	bin *[3]tsvBin
}

// vectors returns the vectors of a record from its folded index texts
// (store.FTSValues: title, body, issuer, recipients, signer).
func vectors(fts []any) *vecs {
	h, all, sg := fill(fts)
	return &vecs{all.literal(all.over), h.literal(h.over), sg.literal(sg.over), all.over || h.over, nil}
}

// binaryVectors is vectors in binary form only (tsvbin.go).
func binaryVectors(fts []any) *vecs {
	h, all, sg := fill(fts)
	return &vecs{long: all.over || h.over, bin: &[3]tsvBin{all.binary(all.over), h.binary(h.over), sg.binary(sg.over)}}
}

// fill makes the head, whole and signer vectors of a record's folded
// index texts.
func fill(fts []any) (h, all, sg *vector) {
	s := func(i int) string { return fts[i].(string) }
	h = newVector()
	h.add(s(0))
	h.add(s(2))
	h.add(s(4))
	all = newVector()
	all.add(s(0))
	all.add(s(2))
	all.add(s(4))
	all.add(s(3))
	all.add(s(1))
	sg = newVector()
	sg.add(s(4))
	return h, all, sg
}

// tsquery renders groups (AND of ORs) and exclusions as a tsquery literal;
// phrases become <-> chains unless flat, which makes them AND (for long
// records, checked in Go). "" when there is nothing to match.
func tsquery(groups [][]vanban.Term, exclude []vanban.Term, flat bool) string {
	var parts []string
	for _, g := range groups {
		alts := make([]string, 0, len(g))
		for _, t := range g {
			if x := termQuery(t, flat); x != "" {
				alts = append(alts, x)
			}
		}
		switch len(alts) {
		case 0:
			return "" // a group nothing can match
		case 1:
			parts = append(parts, alts[0])
		default:
			parts = append(parts, "("+strings.Join(alts, " | ")+")")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if !flat {
		for _, t := range exclude {
			if x := termQuery(t, false); x != "" {
				parts = append(parts, "!"+x)
			}
		}
	}
	return strings.Join(parts, " & ")
}

func termQuery(t vanban.Term, flat bool) string {
	var ws []string
	for i, w := range t.Words {
		if w == "" || len(w) > maxLexBytes {
			continue
		}
		var b strings.Builder
		quoteLexeme(&b, w)
		if t.Prefix && i == len(t.Words)-1 {
			b.WriteString(":*")
		}
		ws = append(ws, b.String())
	}
	if len(ws) == 0 {
		return ""
	}
	if len(ws) == 1 {
		return ws[0]
	}
	op := " <-> "
	if flat {
		op = " & "
	}
	return "(" + strings.Join(ws, op) + ")"
}
