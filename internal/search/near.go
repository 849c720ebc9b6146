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
)

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
	ns := &nearSearch{db: db, q: q, opt: opt, docs: res.Docs, dfs: map[string]int64{}, seen: map[int64]bool{}, cands: map[int64]*vanban.Document{}}
	for i, g := range q.Groups {
		ns.words = append(ns.words, g[0].Words[0])
		ns.misread = append(ns.misread, misreadings(ns.words[i]))
	}
	ns.abbrs = abbreviations(ns.words)
	ns.want = map[string]bool{}
	for i, w := range ns.words {
		ns.want[w] = true
		for _, m := range ns.misread[i] {
			ns.want[m] = true
		}
	}
	for _, a := range ns.abbrs {
		ns.want[a.word] = true
	}
	// The rarity of each word, as the ranking counted it (over the whole
	// archive), or counted here for words it did not read.
	for w, c := range res.DF {
		ns.dfs[w] = c
	}
	if ns.docs == 0 {
		var err error
		if ns.docs, err = db.Count(ctx); err != nil {
			return nil, err
		}
	}
	var err error
	if ns.rank, err = store.NewRanker(q, ns.docs, func(w string, _ bool) (int64, error) { return ns.df(ctx, w) }); err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		ns.seen[h.Doc.ID] = true
	}
	if err := ns.gather(ctx); err != nil {
		return nil, err
	}
	var all []store.Scored
	for _, d := range ns.cands {
		s, ok, err := ns.closeness(ctx, d)
		if err != nil {
			return nil, err
		}
		if ok {
			all = append(all, s)
		}
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

// nearSearch is the search for the near matches of one query.
type nearSearch struct {
	db      vanban.Archive
	q       *Query
	opt     vanban.SearchOptions
	words   []string   // the query's words, one a group
	misread [][]string // each word's OCR misreadings
	abbrs   []abbreviation
	docs    int64            // the number of documents, for the rarity
	dfs     map[string]int64 // documents holding a word (up to store.DFCap)
	rank    *store.Ranker
	want    map[string]bool            // the words, their forms and abbreviations
	seen    map[int64]bool             // the matches
	cands   map[int64]*vanban.Document // the candidates
}

// groupsOf is the query of the groups of q that keep selects.
func groupsOf(q *Query, keep func(i int) bool) *Query {
	sub := &Query{}
	for i := range q.Groups {
		if keep(i) {
			sub.Groups = append(sub.Groups, q.Groups[i])
			sub.Terms = append(sub.Terms, q.Terms[i])
			sub.Folded = append(sub.Folded, q.Folded[i])
		}
	}
	return sub
}

// one is the query of the word w alone.
func one(w string) *Query {
	return &Query{Groups: [][]vanban.Term{{{Words: []string{w}}}}, Terms: []string{w}, Folded: []string{w}}
}

// anyOf is the query of any of words (one OR group), named name.
func anyOf(name string, words []string) *Query {
	var alts []vanban.Term
	for _, w := range words {
		alts = append(alts, vanban.Term{Words: []string{w}})
	}
	return &Query{Groups: [][]vanban.Term{alts}, Terms: []string{name}, Folded: []string{name}}
}

// df counts the documents holding w in the whole archive, up to
// store.DFCap, once.
func (ns *nearSearch) df(ctx context.Context, w string) (int64, error) {
	if v, ok := ns.dfs[w]; ok {
		return v, nil
	}
	r, err := ns.db.Search(ctx, one(w), vanban.SearchOptions{Limit: 0, CountBudget: store.DFCap})
	if err != nil {
		return 0, err
	}
	ns.dfs[w] = r.Total
	return r.Total, nil
}

// add makes the hits that are no match candidates.
func (ns *nearSearch) add(hits []vanban.Hit) {
	for _, h := range hits {
		if !ns.seen[h.Doc.ID] {
			ns.cands[h.Doc.ID] = h.Doc
		}
	}
}

// rareHits makes every document holding w a candidate when w is rare.
func (ns *nearSearch) rareHits(ctx context.Context, w string) error {
	c, err := ns.df(ctx, w)
	if err != nil || c == 0 || c > nearRare {
		return err
	}
	r, err := ns.db.Search(ctx, one(w), vanban.SearchOptions{Filter: ns.opt.Filter, Limit: nearRare, CountBudget: -1})
	if err != nil {
		return err
	}
	ns.add(r.Hits)
	return nil
}

// gather finds the candidates (see near).
func (ns *nearSearch) gather(ctx context.Context) error {
	// Every document holding a rare word, then the best holding every
	// word but one, when the words kept bring none: with a rare word
	// among them, its documents are all candidates already; with a word
	// no document holds, nothing matches them.
	counts := make([]int64, len(ns.words))
	for i, w := range ns.words {
		var err error
		if counts[i], err = ns.df(ctx, w); err != nil {
			return err
		}
		if err := ns.rareHits(ctx, w); err != nil {
			return err
		}
	}
	var leave []int
	for i := range ns.words {
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
	q := ns.q
	for _, i := range leave[:min(len(leave), nearLeaveOut)] {
		sub := groupsOf(q, func(k int) bool { return k != i })
		r, err := ns.db.Search(ctx, sub, vanban.SearchOptions{Filter: ns.opt.Filter, Limit: nearMax, CountBudget: -1})
		if err != nil {
			return err
		}
		ns.add(r.Hits)
	}
	// The abbreviations: asked together first (most are in no document).
	if len(ns.abbrs) > 0 {
		var words []string
		for _, a := range ns.abbrs {
			words = append(words, a.word)
		}
		r, err := ns.db.Search(ctx, anyOf("abbreviations", words), vanban.SearchOptions{Filter: ns.opt.Filter, Limit: nearRare, CountBudget: nearRare})
		if err != nil {
			return err
		}
		if r.TotalExact {
			ns.add(r.Hits)
		} else {
			for _, w := range words {
				if err := ns.rareHits(ctx, w); err != nil {
					return err
				}
			}
		}
	}
	// Every document holding an OCR misreading of a query word, when few
	// do (in an archive of clean text, only its scanned letters). By date:
	// a ranking would read the rarity of every form.
	if forms := slices.Concat(ns.misread...); len(forms) > 0 {
		r, err := ns.db.Search(ctx, anyOf("misreadings", forms), vanban.SearchOptions{Filter: ns.opt.Filter, Sort: "date", Limit: nearRare, CountBudget: nearRare})
		if err != nil {
			return err
		}
		if r.TotalExact {
			ns.add(r.Hits)
		}
	}
	return nil
}

// closeness scores candidate d on the words it holds, as typed, misread
// or abbreviated; ok is false when they are fewer than two or weigh less
// than half the query's rarity, or when d holds every word as typed (a
// match, which this archive's index does not see as one).
func (ns *nearSearch) closeness(ctx context.Context, d *vanban.Document) (s store.Scored, ok bool, err error) {
	has := docWords(d, ns.want)
	held := make([]bool, len(ns.words))
	for i, w := range ns.words {
		held[i] = has[w]
	}
	var via, forms []string
	for i, w := range ns.words {
		for _, m := range ns.misread[i] {
			if !held[i] && has[m] {
				held[i] = true
				via = append(via, w+" (has "+m+")")
				forms = append(forms, m)
			}
		}
	}
	for _, a := range ns.abbrs {
		if !has[a.word] {
			continue
		}
		added := false
		for i := a.from; i < a.to; i++ {
			added = added || !held[i]
			held[i] = true
		}
		if added {
			via = append(via, strings.Join(ns.words[a.from:a.to], " ")+" (has "+a.word+")")
			forms = append(forms, a.word)
		}
	}
	q := ns.q
	sub := groupsOf(q, func(i int) bool { return held[i] })
	totalIDF, heldIDF := 0.0, 0.0
	var lacks []string
	for i := range q.Groups {
		totalIDF += ns.rank.Terms[i].IDF
		if held[i] {
			heldIDF += ns.rank.Terms[i].IDF
		} else {
			lacks = append(lacks, q.Terms[i])
		}
	}
	if len(lacks)+len(via) == 0 || heldIDF < totalIDF/2 || len(sub.Groups) < 2 {
		return s, false, nil
	}
	r, err := store.NewRanker(sub, ns.docs, func(w string, _ bool) (int64, error) { return ns.df(ctx, w) })
	if err != nil {
		return s, false, err
	}
	sc, field := r.ScoreDoc(d)
	h := vanban.Hit{Doc: d, Rank: -sc, Field: field, Missing: strings.Join(append(lacks, via...), ", "), Forms: forms}
	return store.Scored{Hit: h, Date: d.Date, Score: sc}, true, nil
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

// maxSyllable is the longest Vietnamese syllable, folded (nghiêng).
const maxSyllable = 7

// misreadings are the forms OCR gives a folded syllable of three letters or
// more: one of its vowels a, e, o, u printed as one of misreadGlyphs (at
// the end of the word only as a digit or q: "chuc" for chua is a word of
// its own). A word with digits (a year, a number) or longer than a
// syllable has none, which also bounds the forms of a query.
func misreadings(w string) []string {
	if len(w) < 3 || len(w) > maxSyllable {
		return nil // not a syllable: a word of another language, a name, an abbreviation
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

// docWords is the set of the words of want that the document's indexed
// fields hold (folded). Only want is kept: a long letter has tens of
// thousands of words.
func docWords(d *vanban.Document, want map[string]bool) map[string]bool {
	has := map[string]bool{}
	notWord := func(r rune) bool {
		if r < utf8.RuneSelf {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z')
		}
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}
	for _, v := range store.FTSValues(d) {
		for w := range strings.FieldsFuncSeq(v.(string), notWord) {
			if want[w] {
				has[w] = true
			}
		}
	}
	return has
}
