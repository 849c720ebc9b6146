package search

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// searchPool bounds how many ranked candidates are re-ranked for exact
// accents: the first pages of bm25 order.
const searchPool = 100

// Run fetches bm25 candidates and moves those whose text holds the
// query's words with their exact accents first.
func Run(ctx context.Context, db vanban.Archive, q *Query, f vanban.Filter, limit, offset int) ([]vanban.Hit, error) {
	pool := searchPool
	accented := false
	for i, t := range q.Terms {
		accented = accented || t != q.Folded[i]
	}
	if !accented && limit >= 0 {
		pool = offset + limit // nothing to re-rank: typed without accents
	}
	if limit < 0 || offset+limit > pool {
		pool = -1 // everything asked for: plain order
		if limit >= 0 {
			pool = offset + limit
		}
	}
	hits, err := db.Search(ctx, q, f, pool, 0)
	if err != nil {
		return nil, err
	}
	exact := map[int64]int{}
	for _, h := range hits {
		exact[h.Doc.ID] = exactMatches(h.Doc, q)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		si, sj := hits[i].Rank <= vanban.SymbolRank, hits[j].Rank <= vanban.SymbolRank
		if si != sj {
			return si
		}
		return exact[hits[i].Doc.ID] > exact[hits[j].Doc.ID]
	})
	if offset >= len(hits) {
		return nil, nil
	}
	hits = hits[offset:]
	if limit >= 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// exactMatches counts the query terms written with accents that appear with
// the same accents in the subject or body (case ignored).
func exactMatches(d *vanban.Document, q *Query) int {
	n := 0
	text := strings.ToLower(d.Subject + "\n" + d.Body)
	for i, t := range q.Terms {
		if t == q.Folded[i] {
			continue // typed without accents: no exactness to reward
		}
		if strings.Contains(text, strings.ToLower(t)) {
			n++
		}
	}
	return n
}

// Snippet returns up to ~160 characters of the body (or subject) around the
// first query word found, with every word found marked.
func Snippet(d *vanban.Document, q *Query, color bool) string {
	open, close := "«", "»"
	if color {
		// Sentinels, turned into bold by the renderer once the cell is
		// made safe and cut to width (so that a cut never splits an
		// escape code and a style is always closed).
		open, close = MarkOpen, MarkClose
	}
	for _, src := range []string{d.Body, d.Subject} {
		if src == "" {
			continue
		}
		src = strings.Join(strings.Fields(src), " ")
		if color {
			src = strings.NewReplacer(MarkOpen, "", MarkClose, "").Replace(src)
		}
		f := vntext.FoldSameLength(src)
		type span struct{ s, e int }
		var spans []span
		for _, t := range q.Folded {
			t = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
				if r == '"' || r == '*' {
					return -1
				}
				return r
			}, t)), " ")
			if t == "" {
				continue
			}
			for off := 0; ; {
				k := strings.Index(f[off:], t)
				if k < 0 {
					break
				}
				s := off + k
				e := s + len(t)
				if (s == 0 || !isWordByte(f[s-1])) && (e >= len(f) || !isWordByte(f[e]) || strings.HasSuffix(t, "")) {
					spans = append(spans, span{s, e})
				}
				off = e
			}
		}
		if len(spans) == 0 {
			continue
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i].s < spans[j].s })
		first := spans[0].s
		start := back(f, first, 60)
		end := forward(f, first, 100)
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

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }

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
