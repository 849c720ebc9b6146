package search

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/store"
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

// Near matches: how few matches call for them, how many are listed, the
// queries that get them (in words), and how rare a word or abbreviation
// must be for every document holding it to be looked at.
const (
	nearBelow    = 20
	nearMax      = 20
	nearMinWords = 3
	nearMaxWords = 10
	nearRare     = 100
	nearLeaveOut = 4
)

// near adds to res, after its matches, the documents that come closest to
// matching q, when q is nearMinWords to nearMaxWords plain words (no OR,
// no exclusion, no symbol, no phrase or prefix) and matches fewer than
// nearBelow documents. In a scanned archive OCR misreads words ("thu6" for
// thuế, "chQm nQp" for chậm nộp) and official texts abbreviate ("TTĐB" for
// tiêu thụ đặc biệt): the document an analyst looks for then lacks some of
// the words typed.
//
// Candidates: every document holding a rare word of the query (at most
// nearRare documents hold it); every document holding the abbreviation of
// three to six consecutive words of the query (their initials: "tieu thu
// dac biet" → ttdb), which stands for those words; every document holding
// an OCR misreading of a query word (misreadings), which stands for it,
// when at most nearRare documents hold one; and the best documents holding
// every word but one when the others are all common (the query without
// the word is run, for up to nearLeaveOut words: first a word no document
// holds, then the most common). A candidate is kept when the words it
// holds (as typed, misread or abbreviated) are two or more and weigh at
// least half the query's rarity, and ranked by store.Ranker's score for
// those words alone (field weights and rarity as for matches); ties by
// date, then id, the newest first. At most nearMax are kept, on the first
// page only; Hit.Missing lists the words each lacks ("cham (has chqm)" for
// a misread one).
func near(ctx context.Context, db vanban.Archive, q *Query, opt vanban.SearchOptions, res *vanban.SearchResult) (*vanban.SearchResult, error) {
	// How many matches: counted, or all listed (no limit).
	total := int64(-1)
	switch {
	case res.TotalExact:
		total = res.Total
	case opt.Limit < 0 || (opt.Offset == 0 && len(res.Hits) < opt.Limit):
		total = int64(len(res.Hits)) // every match listed
	}
	n := len(q.Groups)
	if n < nearMinWords || n > nearMaxWords || n != len(q.Terms) || len(q.Exclude) > 0 || len(q.Symbols) > 0 || opt.Offset > 0 ||
		(opt.Sort != "" && opt.Sort != "relevance") || total < 0 || total >= nearBelow ||
		(opt.Limit >= 0 && len(res.Hits) >= opt.Limit) {
		return res, nil
	}
	for _, g := range q.Groups {
		if len(g) != 1 || g[0].Prefix || len(g[0].Words) != 1 {
			return res, nil // an OR group, a prefix or a phrase
		}
	}
	words := make([]string, n)
	for i, g := range q.Groups {
		words[i] = g[0].Words[0]
	}
	one := func(w string) *Query {
		return &Query{Groups: [][]vanban.Term{{{Words: []string{w}}}}, Terms: []string{w}, Folded: []string{w}}
	}
	// The rarity of each word, as the ranking counted it (over the whole
	// archive), or counted here for words it did not read.
	docs, dfs := res.Docs, map[string]int64{}
	for w, c := range res.DF {
		dfs[w] = c
	}
	if docs == 0 {
		var err error
		if docs, err = db.Count(ctx); err != nil {
			return nil, err
		}
	}
	df := func(w string) (int64, error) {
		if v, ok := dfs[w]; ok {
			return v, nil
		}
		r, err := db.Search(ctx, one(w), vanban.SearchOptions{Limit: 0, CountBudget: store.DFCap})
		if err != nil {
			return 0, err
		}
		dfs[w] = r.Total
		return r.Total, nil
	}
	rank, err := store.NewRanker(q, docs, func(w string, _ bool) (int64, error) { return df(w) })
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, h := range res.Hits {
		seen[h.Doc.ID] = true
	}
	cands := map[int64]*vanban.Document{}
	add := func(hits []vanban.Hit) {
		for _, h := range hits {
			if !seen[h.Doc.ID] {
				cands[h.Doc.ID] = h.Doc
			}
		}
	}
	// Every document holding a rare word (or abbreviation) is a candidate.
	rareHits := func(w string) error {
		c, err := df(w)
		if err != nil || c == 0 || c > nearRare {
			return err
		}
		r, err := db.Search(ctx, one(w), vanban.SearchOptions{Filter: opt.Filter, Limit: nearRare, CountBudget: -1})
		if err != nil {
			return err
		}
		add(r.Hits)
		return nil
	}
	// Every document holding a rare word, then the best holding every
	// word but one, when the words kept bring none: with a rare word
	// among them, its documents are all candidates already; with a word
	// no document holds, nothing matches them.
	counts := make([]int64, n)
	for i, w := range words {
		if counts[i], err = df(w); err != nil {
			return nil, err
		}
		if err := rareHits(w); err != nil {
			return nil, err
		}
	}
	var leave []int
	for i := range q.Groups {
		brought := false
		for k, c := range counts {
			brought = brought || (k != i && c <= nearRare)
		}
		if !brought {
			leave = append(leave, i)
		}
	}
	// A word no document holds is surely the one misread; past it the
	// most common words are left out first (a document lacking a common
	// word ranks above one lacking a rare one, and the query without a
	// common word costs less).
	sort.SliceStable(leave, func(a, b int) bool {
		ca, cb := counts[leave[a]], counts[leave[b]]
		if (ca == 0) != (cb == 0) {
			return ca == 0
		}
		return ca > cb
	})
	for _, i := range leave[:min(len(leave), nearLeaveOut)] {
		sub := &Query{}
		for k := range q.Groups {
			if k != i {
				sub.Groups = append(sub.Groups, q.Groups[k])
				sub.Terms = append(sub.Terms, q.Terms[k])
				sub.Folded = append(sub.Folded, q.Folded[k])
			}
		}
		r, err := db.Search(ctx, sub, vanban.SearchOptions{Filter: opt.Filter, Limit: nearMax, CountBudget: -1})
		if err != nil {
			return nil, err
		}
		add(r.Hits)
	}
	// The abbreviations: asked together first (most are in no document).
	abbrs := abbreviations(words)
	if len(abbrs) > 0 {
		var any []vanban.Term
		for _, a := range abbrs {
			any = append(any, vanban.Term{Words: []string{a.word}})
		}
		r, err := db.Search(ctx, &Query{Groups: [][]vanban.Term{any}, Terms: []string{"abbreviations"}, Folded: []string{"abbreviations"}},
			vanban.SearchOptions{Filter: opt.Filter, Limit: nearRare, CountBudget: nearRare})
		if err != nil {
			return nil, err
		}
		if r.TotalExact {
			add(r.Hits)
		} else {
			for _, a := range abbrs {
				if err := rareHits(a.word); err != nil {
					return nil, err
				}
			}
		}
	}
	// Every document holding an OCR misreading of a query word, when few
	// do (in an archive of clean text, only its scanned letters).
	misread := make([][]string, n)
	var forms []vanban.Term
	for i, w := range words {
		misread[i] = misreadings(w)
		for _, m := range misread[i] {
			forms = append(forms, vanban.Term{Words: []string{m}})
		}
	}
	if len(forms) > 0 {
		// By date: a ranking would read the rarity of every form.
		r, err := db.Search(ctx, &Query{Groups: [][]vanban.Term{forms}, Terms: []string{"misreadings"}, Folded: []string{"misreadings"}},
			vanban.SearchOptions{Filter: opt.Filter, Sort: "date", Limit: nearRare, CountBudget: nearRare})
		if err != nil {
			return nil, err
		}
		if r.TotalExact {
			add(r.Hits)
		}
	}
	// Keep those holding at least half the query's rarity; score them on
	// the words they hold.
	totalIDF := 0.0
	for _, t := range rank.Terms {
		totalIDF += t.IDF
	}
	var all []store.Scored
	for _, d := range cands {
		has := docWords(d)
		held := make([]bool, n)
		for i, w := range words {
			held[i] = has[w]
		}
		var via, forms []string
		for i, w := range words {
			for _, m := range misread[i] {
				if !held[i] && has[m] {
					held[i] = true
					via = append(via, w+" (has "+m+")")
					forms = append(forms, m)
				}
			}
		}
		for _, a := range abbrs {
			if !has[a.word] {
				continue
			}
			added := false
			for i := a.from; i < a.to; i++ {
				added = added || !held[i]
				held[i] = true
			}
			if added {
				via = append(via, strings.Join(words[a.from:a.to], " ")+" (has "+a.word+")")
				forms = append(forms, a.word)
			}
		}
		sub := &Query{}
		heldIDF := 0.0
		var lacks []string
		for i, g := range q.Groups {
			if held[i] {
				sub.Groups = append(sub.Groups, g)
				sub.Terms = append(sub.Terms, q.Terms[i])
				sub.Folded = append(sub.Folded, q.Folded[i])
				heldIDF += rank.Terms[i].IDF
			} else {
				lacks = append(lacks, q.Terms[i])
			}
		}
		if len(lacks)+len(via) == 0 || heldIDF < totalIDF/2 || len(sub.Groups) < 2 {
			continue // a match (not this archive's view of it), or too far
		}
		r, err := store.NewRanker(sub, docs, func(w string, _ bool) (int64, error) { return df(w) })
		if err != nil {
			return nil, err
		}
		sc, field := r.ScoreDoc(d)
		all = append(all, store.Scored{Hit: vanban.Hit{Doc: d, Rank: -sc, Field: field, Missing: strings.Join(append(lacks, via...), ", "), Forms: forms},
			Date: d.Date, Score: sc})
	}
	store.SortScored(all)
	room := nearMax
	if opt.Limit >= 0 {
		room = min(room, opt.Limit-len(res.Hits))
	}
	for _, x := range all[:min(len(all), room)] {
		res.Hits = append(res.Hits, x.Hit)
	}
	return res, nil
}

// abbreviation is the initials of words[from:to] of a query.
type abbreviation struct {
	word     string
	from, to int
}

// abbreviations are the initials of every run of three to six consecutive
// words (folded: đ is d), the way official texts abbreviate a term of
// several syllables (ủy ban nhân dân → UBND, giá trị gia tăng → GTGT).
func abbreviations(words []string) []abbreviation {
	var out []abbreviation
	for from := range words {
		for to := from + 3; to <= min(len(words), from+6); to++ {
			var b strings.Builder
			ok := true
			for _, w := range words[from:to] {
				c := w[0]
				if c < 'a' || c > 'z' {
					ok = false
					break
				}
				b.WriteByte(c)
			}
			if ok {
				out = append(out, abbreviation{b.String(), from, to})
			}
		}
	}
	return out
}

// misreadGlyphs are what OCR and text layers of scanned Vietnamese print
// for a vowel carrying marks: "thu6" for thuế, "ViQt" for Việt, "H4nh" for
// Hạnh, "Cpc" and "CYC" for Cục, "Lgc" for Lực, "chdm" for chậm, "s0" for
// số, "thuC" for thuế (folded to lower case). A vowel printed as another
// ("tiAn" for tiền, "ThuO") is left out: it most often makes a real word
// ("nap" for nộp) and would bring documents that hold that word.
const (
	misreadGlyphs = "6q4cpgdy0"
	misreadFinal  = "6q40"
)

// misreadings are the forms OCR gives a folded word of three letters or
// more: one of its vowels a, e, o, u printed as one of misreadGlyphs (at
// the end of the word only as a digit or q: "chuc" for chua is a word of
// its own). A word with digits (a year, a number) has none.
func misreadings(w string) []string {
	if len(w) < 3 {
		return nil
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return nil
		}
	}
	var out []string
	for i := 0; i < len(w); i++ {
		if !strings.ContainsRune("aeou", rune(w[i])) {
			continue
		}
		glyphs := misreadGlyphs
		if i == len(w)-1 {
			glyphs = misreadFinal
		}
		for _, g := range []byte(glyphs) {
			if m := w[:i] + string(g) + w[i+1:]; !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// docWords is the set of folded words of the document's indexed fields.
func docWords(d *vanban.Document) map[string]bool {
	has := map[string]bool{}
	for _, v := range store.FTSValues(d) {
		for _, w := range vntext.Words(v.(string)) {
			has[w] = true
		}
	}
	return has
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
