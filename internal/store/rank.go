package store

import (
	"math"
	"sort"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// Relevance, the same in every engine: an engine finds the matches (its
// full-text index decides what matches), a Ranker scores them from their
// short fields, and SortScored orders them. A document's score is the sum
// over the query's terms (words, phrases, OR groups) of the term's rarity,
// idf = ln(1 + (N - df + 0.5) / (df + 0.5)) with df the number of documents
// holding the word (counted up to DFCap), times the weight of the best
// field that holds the term: title (vanban.Title: type name and subject)
// 3, issuer (with its parent), signer or the type name alone 2, body and
// recipients 1; a year of the query that is the year of the document's date
// weighs 2. Two words of the query that stand next to each other in the
// title or issuer add half their mean rarity (Vietnamese words are several
// syllables: "cải cách" typed as two words is most often the phrase), and a
// query found whole in one field adds half its total rarity. Ties go to the
// newest document by date, then by id.

// Field weights of the score.
const (
	weightSubject = 3.0
	weightHead    = 2.0
	weightBody    = 1.0
)

// DFCap is how far a word's documents are counted for its rarity.
const DFCap = 10000

// Term is one positive term of the query, with its rarity.
type Term struct {
	Group  int      // index of its group (an OR group holds several terms)
	Words  []string // folded words; several make a phrase
	Prefix bool
	IDF    float64
	DF     int64
}

// NewRanker reads the rarity of q's terms: n is the number of documents
// (the archive's largest id), df counts the documents holding a folded
// word (or, with prefix, a word it starts), up to DFCap.
func NewRanker(q *vanban.Query, n int64, df func(word string, prefix bool) (int64, error)) (*Ranker, error) {
	dfs := map[string]int64{}
	r := &Ranker{q: q, n: n, dfs: dfs}
	cached := func(w string, prefix bool) (int64, error) {
		key := w
		if prefix {
			key += "*"
		}
		if v, ok := dfs[key]; ok {
			return v, nil
		}
		v, err := df(w, prefix)
		if err != nil {
			return 0, err
		}
		dfs[key] = min(v, n)
		return dfs[key], nil
	}
	idf := func(df int64) float64 {
		return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
	}
	r.Terms = []Term{}
	for gi, g := range q.Groups {
		for _, t := range g {
			st := Term{Group: gi, Words: t.Words, Prefix: t.Prefix, DF: n}
			for i, w := range t.Words {
				d, err := cached(w, t.Prefix && i == len(t.Words)-1)
				if err != nil {
					return nil, err
				}
				// A phrase is as rare as its rarest word, and rarer.
				st.DF = min(st.DF, d)
				st.IDF += idf(d)
			}
			if len(t.Words) > 1 {
				st.IDF /= math.Sqrt(float64(len(t.Words)))
			}
			r.Terms = append(r.Terms, st)
			if len(g) == 1 && len(t.Words) == 1 && !t.Prefix {
				r.single = append(r.single, st)
			} else {
				r.single = append(r.single, Term{Group: -1})
			}
		}
	}
	return r, nil
}

// Ranker scores the matches of one query.
type Ranker struct {
	q     *vanban.Query
	n     int64
	dfs   map[string]int64 // the counts read, by word ("word*" for a prefix)
	Terms []Term           // the positive terms, with their rarity
	// single are the single-word terms in query order (for the adjacency
	// bonus); Group -1 stands for another kind of term.
	single []Term
}

// Rarity returns what the rarities are read from: the number of documents
// and, for each word of the query, the documents holding it (counted up to
// DFCap; "word*" for a prefix).
func (r *Ranker) Rarity() (n int64, df map[string]int64) { return r.n, r.dfs }

// Bound is the smallest number of documents a group of the query can
// match: the sum of its terms' document counts (each counted up to DFCap).
func (r *Ranker) Bound() int64 {
	bound := int64(math.MaxInt64)
	groupDF := map[int]int64{}
	for _, t := range r.Terms {
		groupDF[t.Group] += t.DF
	}
	for _, df := range groupDF {
		bound = min(bound, df)
	}
	return bound
}

// ScoreDoc scores d from its short fields (type, subject, issuers, signer).
// Its date counts too: a year of the query that is the year of the
// document's date weighs as the issuer does (an analyst who types "thanh
// tra 2020" means the document of 2020, not one that mentions 2020).
func (r *Ranker) ScoreDoc(d *vanban.Document) (score float64, field string) {
	year := ""
	if len(d.Date) >= 4 {
		year = d.Date[:4]
	}
	return r.score(vntext.Words(vntext.Fold(vanban.Title(d))), vntext.Words(vntext.Fold(d.Subject)), vntext.Words(vntext.Fold(d.ParentIssuer+" "+d.Issuer)),
		vntext.Words(vntext.Fold(strings.Join(d.SignerAuthority, " ")+" "+d.SignerTitle+" "+d.SignerName)), year)
}

// Scored is a hit with its score and date, for SortScored.
type Scored struct {
	Hit   vanban.Hit
	Date  string
	Score float64
}

// SortScored orders hits by score, then date, then id, the newest first.
func SortScored(all []Scored) {
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		return a.Hit.Doc.ID > b.Hit.Doc.ID
	})
}

// Matches applies the query to the document's indexed texts. The body
// is folded only when a term is found in no other field and is not a
// number (digits stand in the body as they are indexed): verifying the
// year of "thanh tra kiem tra 2016" costs a search of the body's bytes.
func (r *Ranker) Matches(d *vanban.Document) bool { return Matches(r.q, d) }

// Matches reports whether q matches d, read from d's indexed fields as the
// engines index them (the check of Ranker.Matches, without a ranking).
func Matches(q *vanban.Query, d *vanban.Document) bool {
	body := d.Body
	d.Body = ""
	vals := FTSValues(d) // the short fields: subject (title), "", issuer, recipients, signer
	d.Body = body
	folded, haveFolded := "", false
	in := func(t vanban.Term) bool {
		for _, v := range vals {
			if vntext.HasPhrase(v.(string), t.Words, t.Prefix) {
				return true
			}
		}
		if IsNumber(t) {
			return hasNumber(body, t.Words[0])
		}
		if !haveFolded {
			folded, haveFolded = vntext.Fold(body), true
		}
		return vntext.HasPhrase(folded, t.Words, t.Prefix)
	}
	for _, g := range q.Groups {
		ok := false
		for _, t := range g {
			ok = ok || in(t)
		}
		if !ok {
			return false
		}
	}
	for _, t := range q.Exclude {
		if in(t) {
			return false
		}
	}
	return true
}

// IsNumber reports whether t is one word of digits, typed whole.
func IsNumber(t vanban.Term) bool {
	if len(t.Words) != 1 || t.Prefix || t.Words[0] == "" {
		return false
	}
	for i := 0; i < len(t.Words[0]); i++ {
		if c := t.Words[0][i]; c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// hasNumber reports whether text holds the digits n as a word of its own.
// Any byte of a multi-byte letter next to it counts as a letter: a number
// glued to a Vietnamese letter is not found here (the windows find it),
// never one that the index would not.
func hasNumber(text, n string) bool {
	word := func(c byte) bool { return c >= 0x80 || vntext.IsWordByte(c) }
	for off := 0; ; {
		k := strings.Index(text[off:], n)
		if k < 0 {
			return false
		}
		at := off + k
		end := at + len(n)
		if (at == 0 || !word(text[at-1])) && (end == len(text) || !word(text[end])) {
			return true
		}
		off = at + 1
	}
}

// HeadSettles reports whether the documents whose head fields (title,
// issuer, signer) hold every group of q are all matches of q, so that more
// of them than a budget settle a count up to it: not when q excludes a
// term (the body may hold it), asks a number (numbers are not asked of the
// head) or a phrase (PostgreSQL keeps no places for a long record).
func HeadSettles(q *vanban.Query) bool {
	if len(q.Exclude) > 0 || len(q.Groups) == 0 {
		return false
	}
	for _, g := range q.Groups {
		if NumberGroup(g) {
			return false
		}
		for _, t := range g {
			if len(t.Words) > 1 {
				return false
			}
		}
	}
	return true
}

// NumberGroup reports whether every term of g is a number.
func NumberGroup(g []vanban.Term) bool {
	for _, t := range g {
		if !IsNumber(t) {
			return false
		}
	}
	return len(g) > 0
}

// score is the score of a document from the folded words of its title
// (vanban.Title: type name and subject), subject, issuer (with parent) and
// signer; field is where the query matched best. A word found in the type
// name alone weighs as the issuer does: the title holds the whole query
// together, but "dẫn" of "Hướng dẫn" should not count as a subject's "dân".
// A term found in none of them is in the body or recipients (the document
// matched the whole query).
func (r *Ranker) score(title, subject, issuer, signer []string, year string) (score float64, field string) {
	fields := [][]string{title, issuer, signer}
	weights := []float64{weightSubject, weightHead, weightHead}
	names := []string{"subject", "issuer", "signer"}
	// best is each group's best contribution, summed in group order: a sum in
	// map order differs in its last bits from run to run, and equal
	// scores then broke their ties differently each time.
	best := make([]float64, len(r.q.Groups))
	inField := make([]int, 3) // groups found in each field
	groupSeen := make([]map[int]bool, 3)
	for i := range groupSeen {
		groupSeen[i] = map[int]bool{}
	}
	for _, t := range r.Terms {
		c := t.IDF * weightBody
		if year != "" && len(t.Words) == 1 && !t.Prefix && t.Words[0] == year {
			c = t.IDF * weightHead // the year of the document's date
		}
		for fi, words := range fields {
			if vanban.ContainsPhrase(words, t.Words, t.Prefix) {
				w := weights[fi]
				if fi == 0 && !vanban.ContainsPhrase(subject, t.Words, t.Prefix) {
					w = weightHead // in the type name alone
				}
				c = max(c, t.IDF*w)
				if !groupSeen[fi][t.Group] {
					groupSeen[fi][t.Group] = true
					inField[fi]++
				}
			}
		}
		best[t.Group] = max(best[t.Group], c)
	}
	total := 0.0
	for _, c := range best {
		score += c
		total += c / weightSubject
	}
	// The whole query in one field.
	bestField := -1
	for fi := range fields {
		if inField[fi] == len(r.q.Groups) {
			score += 0.5 * total * weights[fi] / weightSubject
			if bestField < 0 {
				bestField = fi
			}
		}
	}
	// Words of the query next to each other in the subject or issuer.
	for i := 0; i+1 < len(r.single); i++ {
		a, b := r.single[i], r.single[i+1]
		if a.Group < 0 || b.Group < 0 {
			continue
		}
		for fi := 0; fi < 2; fi++ {
			if vanban.ContainsPhrase(fields[fi], []string{a.Words[0], b.Words[0]}, false) {
				score += 0.5 * (a.IDF + b.IDF) / 2 * weights[fi] / weightSubject
				break
			}
		}
	}
	switch {
	case bestField >= 0:
		field = names[bestField]
	default:
		field = "body"
		for fi := range fields {
			if inField[fi] > 0 {
				field = names[fi]
				break
			}
		}
	}
	return score, field
}
