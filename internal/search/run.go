package search

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// searchPool bounds how many of the best hits are re-ranked for exact
// accents.
const searchPool = 100

// Run runs q on db and, when the query is typed with accents and hits are
// ranked by relevance, moves the hits among the best searchPool whose
// subject or body carry the query's words with the same accents first
// (SPEC.md §5.4; tone placement does not count: hoà = hòa, vntext.AccentKey).
func Run(ctx context.Context, db vanban.Archive, q *Query, opt vanban.SearchOptions) (*vanban.SearchResult, error) {
	res, err := run(ctx, db, q, opt)
	if err != nil || !opt.Near {
		return res, err
	}
	return near(ctx, db, q, opt, res)
}

func run(ctx context.Context, db vanban.Archive, q *Query, opt vanban.SearchOptions) (*vanban.SearchResult, error) {
	accented := false
	for i, t := range q.Terms {
		accented = accented || t != q.Folded[i]
	}
	if !accented || (opt.Sort != "" && opt.Sort != "relevance") || opt.Offset >= searchPool {
		return db.Search(ctx, q, opt)
	}
	// Re-rank the pool, then page it.
	inner := opt
	inner.Offset = 0
	inner.Limit = max(searchPool, opt.Offset+opt.Limit)
	if opt.Limit < 0 {
		inner.Limit = -1
	}
	res, err := db.Search(ctx, q, inner)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	pool := hits[:min(len(hits), searchPool)]
	exact := map[int64]int{}
	for _, h := range pool {
		exact[h.Doc.ID] = exactMatches(h.Doc, q)
	}
	sort.SliceStable(pool, func(i, j int) bool {
		si, sj := pool[i].Rank <= vanban.SymbolRank, pool[j].Rank <= vanban.SymbolRank
		if si != sj {
			return si
		}
		return exact[pool[i].Doc.ID] > exact[pool[j].Doc.ID]
	})
	if opt.Offset >= len(hits) {
		hits = nil
	} else {
		hits = hits[opt.Offset:]
	}
	if opt.Limit >= 0 && len(hits) > opt.Limit {
		hits = hits[:opt.Limit]
	}
	res.Hits = hits
	return res, nil
}

// exactMatches counts the query terms written with accents that appear
// with the same accents (tone placement aside) in the subject or body, as
// whole words.
func exactMatches(d *vanban.Document, q *Query) int {
	n := 0
	text := " " + keyWords(d.Subject+"\n"+d.Body) + " "
	for i, t := range q.Terms {
		if t == q.Folded[i] {
			continue // typed without accents: no exactness to reward
		}
		if strings.Contains(text, " "+keyWords(t)+" ") {
			n++
		}
	}
	return n
}

// keyWords is the words of s's accent key, space-separated.
func keyWords(s string) string {
	return strings.Join(strings.FieldsFunc(vntext.AccentKey(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}), " ")
}

// Snippet returns up to ~160 characters of the document around the
// densest cluster of the query's words, with every word found marked. The
// text is taken from the field the hit matched in (the subject when it
// matched there, the signer, the symbol), else from the body, else the
// subject. Words are matched whole on the folded text, so accents and tone
// placement do not matter (hoà and hòa are marked alike) and "tri" does not
// mark the start of "triển"; a prefix query (tri*) marks the words it
// starts.
func Snippet(d *vanban.Document, q *Query, color bool) string {
	return snippetOf(d, q, color, "")
}

// SnippetFor is Snippet preferring the field a hit matched in.
// A near match's misread or abbreviated forms (Hit.Forms) are marked too,
// and chosen over the field its score came from.
func SnippetFor(h vanban.Hit, q *Query, color bool) string {
	if len(h.Forms) > 0 {
		more := &Query{Groups: append([][]vanban.Term{}, q.Groups...), Symbols: q.Symbols}
		for _, f := range h.Forms {
			more.Groups = append(more.Groups, []vanban.Term{{Words: []string{f}}})
		}
		return snippetOf(h.Doc, more, color, "")
	}
	return snippetOf(h.Doc, q, color, h.Field)
}

func snippetOf(d *vanban.Document, q *Query, color bool, field string) string {
	open, close := "«", "»"
	if color {
		// Sentinels, turned into bold by the renderer once the cell is
		// made safe and cut to width (so that a cut never splits an
		// escape code and a style is always closed).
		open, close = MarkOpen, MarkClose
	}
	var sources []string
	switch field {
	case "subject":
		sources = append(sources, d.Subject)
	case "signer":
		sources = append(sources, strings.TrimSpace(strings.Join(d.SignerAuthority, " ")+" "+d.SignerTitle+" "+d.SignerName))
	case "issuer":
		sources = append(sources, strings.TrimSpace(d.ParentIssuer+" "+d.Issuer))
	case "symbol":
		sources = append(sources, d.Symbol)
	}
	sources = append(sources, d.Body, d.Subject)
	terms := snippetTerms(q)
	for _, src := range sources {
		if src == "" {
			continue
		}
		src = strings.Join(strings.Fields(src), " ")
		if color {
			src = strings.NewReplacer(MarkOpen, "", MarkClose, "").Replace(src)
		}
		f := vntext.FoldSameLength(src)
		spans := findSpans(f, terms)
		if len(spans) == 0 {
			continue
		}
		// The window of ~160 characters that holds the most query words.
		best, bestN := 0, 0
		for i := range spans {
			n := 0
			for j := i; j < len(spans) && spans[j].e-spans[i].s <= 140; j++ {
				n++
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		first := spans[best].s
		start := back(f, first, 40)
		end := forward(f, first, 120)
		var b strings.Builder
		if start > 0 {
			b.WriteString("…")
		}
		pos := start
		for _, sp := range spans {
			if sp.s < pos || sp.e > end {
				continue
			}
			os, oe := byteOf(src, f, sp.s), byteOf(src, f, sp.e)
			b.WriteString(src[byteOf(src, f, pos):os])
			b.WriteString(open + src[os:oe] + close)
			pos = sp.e
		}
		b.WriteString(src[byteOf(src, f, pos):byteOf(src, f, end)])
		if end < len(f) {
			b.WriteString("…")
		}
		return b.String()
	}
	return ""
}

// snippetTerm is a word or phrase to mark, folded.
type snippetTerm struct {
	text   string
	prefix bool
}

// snippetTerms are the query's positive words and phrases, folded, with
// their words separated by single spaces.
func snippetTerms(q *Query) []snippetTerm {
	var out []snippetTerm
	for _, g := range q.Groups {
		for _, t := range g {
			if len(t.Words) > 0 {
				out = append(out, snippetTerm{strings.Join(t.Words, " "), t.Prefix})
			}
		}
	}
	for _, sym := range q.Symbols {
		if w := vntext.Words(vntext.Fold(sym)); len(w) > 0 {
			out = append(out, snippetTerm{strings.Join(w, " "), false})
		}
	}
	return out
}

type span struct{ s, e int }

// findSpans finds the terms in folded text f as whole words (a prefix term
// may end inside a word), in order, without overlaps. Words of a phrase may
// be separated by any run of non-word characters in f.
func findSpans(f string, terms []snippetTerm) []span {
	var spans []span
	for _, t := range terms {
		words := strings.Split(t.text, " ")
		for off := 0; off < len(f); {
			k := strings.Index(f[off:], words[0])
			if k < 0 {
				break
			}
			s := off + k
			e, ok := vntext.PhraseAt(f, s, words, t.prefix)
			if ok && (s == 0 || !vntext.IsWordByte(f[s-1])) {
				spans = append(spans, span{s, e})
				off = e
				continue
			}
			off = s + len(words[0])
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].s < spans[j].s })
	out := spans[:0]
	for _, sp := range spans {
		if len(out) > 0 && sp.s < out[len(out)-1].e {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// back and forward move n runes from i in s, stopping at a space.
func back(s string, i, n int) int {
	for n > 0 && i > 0 {
		_, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
		n--
	}
	if k := strings.IndexByte(s[i:], ' '); i > 0 && k >= 0 && k < 20 {
		i += k + 1
	}
	return i
}

func forward(s string, i, n int) int {
	for n > 0 && i < len(s) {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		n--
	}
	if k := strings.LastIndexByte(s[:i], ' '); i < len(s) && k > 0 && i-k < 20 {
		i = k
	}
	return i
}

// byteOf maps a byte offset of FoldSameLength(s) to s.
func byteOf(s, f string, off int) int { return vntext.FoldedOffset(s, f, off) }

// MarkOpen and MarkClose delimit a matched word in a snippet made for a
// terminal (private-use characters no document holds).
const (
	MarkOpen  = "\ue000"
	MarkClose = "\ue001"
)
