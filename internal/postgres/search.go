package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// Search: the SQLite engine's contract and ranking, on PostgreSQL's full
// text. The match set is what the tsquery compiled from the query matches
// in tsv (title, issuer, signer, recipients, body: the fields the SQLite
// engine indexes), plus the long records (vector.go) whose text the query
// matches when checked in Go; nothing outside it is returned, nothing in
// it is dropped. The hits are scored by store.Ranker from their short
// fields, with word rarity counted in tsv (up to store.DFCap), so both
// engines order a query's matches alike. When every term is common and the
// matches many, the records whose head (title, issuer, signer) holds the
// query come first, then the other matches a window at a time, newest
// archived first — the SQLite engine's plan, with the head vector's GIN
// index for its head index.

// exactCap is the most matches scored one by one.
var exactCap = 5000

// rankWindow is how many matches of a query of common words are ranked
// together.
var rankWindow = 1000

const (
	leaveOneOutCap       = 300
	leaveOneOutMaxGroups = 4
)

type searcher struct {
	d     *DB
	tx    pgx.Tx
	q     *vanban.Query
	query string // the tsquery literal ("" matches nothing)
	cond  string // the filter's conditions on d, "" or " AND …"
	from  string // " FROM fts f", joined to documents d under a filter
	// phrases: the query holds a phrase (or excludes one), which a long
	// record's vector, without places, cannot answer (findLong).
	phrases bool
	fargs   []any   // the filter's arguments ($1…)
	long    []int64 // long records the query matches (checked in Go)
	rank    *store.Ranker
	// What prefetch read in one round trip, for the methods below.
	pre struct {
		done   bool
		sym    []int64
		budget int
		n      int64
		exact  bool
		maxID  int64
		common map[string]bool
		// counted: n and exact hold the count up to budget. head: the
		// head matches of the query, newest first, up to exactCap + 1,
		// when read in place of the count (store.HeadSettles).
		counted bool
		head    []int64
		headQ   string
	}
}

// Search runs q under opt.
func (d *DB) Search(ctx context.Context, q *vanban.Query, opt vanban.SearchOptions) (*vanban.SearchResult, error) {
	// One snapshot for the whole search: counts, pages and records agree
	// even while importers commit.
	// The GIN indexes answer a query of words exactly; a sequential scan
	// would read and decompress every vector instead (0.57 s at 100,000
	// records for a word in a quarter of them, against 0.16 s through the
	// index on the wide table, a few milliseconds on fts). Set with the
	// BEGIN, in the same round trip.
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL enable_seqscan = off`})
	if err != nil {
		return nil, d.errorf("search", err)
	}
	defer tx.Rollback(context.Background())
	a := &args{}
	w, err := d.whereFor(ctx, opt.Filter, a)
	if err != nil {
		return nil, err
	}
	s := &searcher{d: d, tx: tx, q: q, query: tsquery(q.Groups, q.Exclude, false), fargs: a.vals}
	s.from = " FROM fts f"
	for _, g := range append(q.Groups, q.Exclude) {
		for _, t := range g {
			s.phrases = s.phrases || len(t.Words) > 1
		}
	}
	if c := strings.TrimPrefix(w, " WHERE "); c != "" {
		s.cond = " AND " + c
		s.from = " FROM fts f JOIN documents d ON d.id = f.id"
	}
	if err := s.findLong(ctx); err != nil {
		return nil, err
	}
	budget := opt.CountBudget
	if budget < 0 {
		budget = exactCap
	}
	if err := s.prefetch(ctx, budget); err != nil {
		return nil, err
	}
	return store.RunSearch(ctx, s, opt, exactCap)
}

var _ store.Searcher = (*searcher)(nil)

// Ranker is the query's ranker, once the hits were ranked (nil before).
func (s *searcher) Ranker() *store.Ranker { return s.rank }

// Fill reads the hits' records, bodies included, in the search's snapshot.
func (s *searcher) Fill(ctx context.Context, hits []vanban.Hit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Doc.ID
	}
	sc := newScanner(nil)
	rows, err := s.tx.Query(ctx, `SELECT `+sc.selectList()+sc.from()+` WHERE d.id = ANY($1)`, ids)
	if err != nil {
		return s.d.errorf("search", err)
	}
	defer rows.Close()
	docs := map[int64]*vanban.Document{}
	for rows.Next() {
		doc, err := sc.scan(rows.Scan)
		if err != nil {
			return s.d.errorf("search", err)
		}
		docs[doc.ID] = doc
	}
	if err := rows.Err(); err != nil {
		return s.d.errorf("search", err)
	}
	for i := range hits {
		doc, ok := docs[hits[i].Doc.ID]
		if !ok {
			return fmt.Errorf("record %d: %w", hits[i].Doc.ID, vanban.ErrNotFound)
		}
		hits[i].Doc = doc
	}
	return nil
}

// match is the match condition on fts f, its arguments appended to a
// (which starts with the filter's).
func (s *searcher) match(a *args) string {
	if s.query == "" {
		return "false"
	}
	m := "(f.tsv @@ " + a.add(s.query) + "::tsquery"
	if s.phrases {
		m += " AND NOT f.long"
	}
	if len(s.long) > 0 {
		m += " OR f.id = ANY(" + a.add(s.long) + ")"
	}
	return m + ")"
}

// matchSet selects cols of the matches under the filter: those the GIN
// index finds, then the long records the query matches. Two selects, not
// one OR: with "OR f.id = ANY(…)" the planner could not use the index at
// all (a count of 86,000 matches: 526 ms, against 24 ms).
func (s *searcher) matchSet(a *args, cols string) string {
	if s.query == "" {
		return `SELECT ` + cols + s.from + ` WHERE false`
	}
	long := " AND NOT f.long"
	if !s.phrases {
		long = ""
	}
	q := `SELECT ` + cols + s.from + ` WHERE f.tsv @@ ` + a.add(s.query) + `::tsquery` + long + s.cond
	if len(s.long) > 0 {
		q += ` UNION ALL SELECT ` + cols + s.from + ` WHERE f.id = ANY(` + a.add(s.long) + `)` + s.cond
	}
	return q
}

// filterArgs starts the arguments of a statement with the filter's.
func (s *searcher) filterArgs() *args { return &args{vals: append([]any(nil), s.fargs...)} }

// findLong finds the long records the query matches: their vectors keep
// no places, so the tsquery with its phrases made flat finds candidates,
// and the query is checked on their texts.
func (s *searcher) findLong(ctx context.Context) error {
	if !s.phrases {
		// Without a phrase, a long record's vector answers the query as
		// any other (its words are all there): matchSet asks it.
		return nil
	}
	flat := tsquery(s.q.Groups, nil, true)
	if flat == "" {
		return nil
	}
	a := s.filterArgs()
	rows, err := s.tx.Query(ctx, `SELECT d.id, d.type, d.subject, d.parent_issuer, d.issuer, d.recipients, d.signer_authority,
		d.signer_title, d.signer_name, c.body_s2 FROM fts f JOIN documents d ON d.id = f.id JOIN contents c ON c.doc_id = d.id
		WHERE f.long AND f.tsv @@ `+a.add(flat)+`::tsquery`+s.cond, a.vals...)
	if err != nil {
		return s.d.errorf("search", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc vanban.Document
		var rec, auth string
		var bz []byte
		if err := rows.Scan(&doc.ID, &doc.Type, &doc.Subject, &doc.ParentIssuer, &doc.Issuer, &rec, &auth, &doc.SignerTitle, &doc.SignerName, &bz); err != nil {
			return err
		}
		recipientsField.DecodeValue(&doc, rec)
		authorityField.DecodeValue(&doc, auth)
		if doc.Body, err = store.DecompressBody(bz); err != nil {
			return fmt.Errorf("record %d: body unreadable: %w", doc.ID, err)
		}
		if store.Matches(s.q, &doc) {
			s.long = append(s.long, doc.ID)
		}
	}
	return rows.Err()
}

var (
	authorityField, _  = vanban.FieldByName("signer_authority")
	recipientsField, _ = vanban.FieldByName("recipients")
)

// ids runs a query of ids in the search's snapshot.
func (s *searcher) ids(ctx context.Context, q string, a *args) ([]int64, error) {
	rows, err := s.tx.Query(ctx, q, a.vals...)
	if err != nil {
		return nil, s.d.errorf("search", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, s.d.errorf("search", err)
	}
	return ids, nil
}

// symbolHits are the ids of the documents bearing a symbol of the query
// (and passing the filter), ascending.
func (s *searcher) SymbolHits(ctx context.Context) ([]int64, error) {
	if s.pre.done {
		return s.pre.sym, nil
	}
	q, a := s.symbolSQL()
	if q == "" {
		return nil, nil
	}
	return s.ids(ctx, q, a)
}

// symbolSQL selects the symbol hits ("" when the query has no symbol).
func (s *searcher) symbolSQL() (string, *args) {
	if len(s.q.Symbols) == 0 {
		return "", nil
	}
	var syms []string
	for _, sym := range s.q.Symbols {
		syms = append(syms, vntext.Fold(sym))
	}
	a := s.filterArgs()
	return `SELECT d.id FROM documents d WHERE d.symbol_fold = ANY(` + a.add(syms) + `)` + s.cond + ` ORDER BY d.id`, a
}

// prefetch reads, in one round trip, what a search asks first: the symbol
// hits, the count of matches up to budget, the largest id and the common
// words (each of them a round trip of its own before; a process that
// searches once pays for every one).
func (s *searcher) prefetch(ctx context.Context, budget int) error {
	b := &pgx.Batch{}
	if q, a := s.symbolSQL(); q != "" {
		b.Queue(q, a.vals...).Query(func(rows pgx.Rows) error {
			var err error
			s.pre.sym, err = pgx.CollectRows(rows, pgx.RowTo[int64])
			return err
		})
	}
	counted, headFirst := false, budget == exactCap && s.query != "" && store.HeadSettles(s.q)
	switch {
	case headFirst:
		// The head matches instead of the count: when more than budget
		// documents hold every word in their head, more than budget
		// match, and the head path needs them next. For a query of
		// common words this spares the count (13 ms of `cong tac` at
		// 100,000 records); otherwise Count runs it after.
		q, a := s.headSQL(s.query, exactCap)
		b.Queue(q, a.vals...).Query(func(rows pgx.Rows) error {
			var err error
			s.pre.head, err = pgx.CollectRows(rows, pgx.RowTo[int64])
			s.pre.headQ = s.query
			return err
		})
	case s.query != "":
		q, a := s.countSQL(budget)
		b.Queue(q, a.vals...).QueryRow(func(row pgx.Row) error {
			counted = true
			return row.Scan(&s.pre.n)
		})
	}
	b.Queue(`SELECT coalesce(max(id), 0) FROM documents`).QueryRow(func(row pgx.Row) error {
		return row.Scan(&s.pre.maxID)
	})
	words := s.words()
	if len(words) > 0 {
		q, a := s.commonSQL(words)
		b.Queue(q, a...).Query(func(rows pgx.Rows) error {
			found, err := pgx.CollectRows(rows, pgx.RowTo[string])
			s.pre.common = map[string]bool{}
			for _, w := range found {
				s.pre.common[w] = true
			}
			return err
		})
	}
	if err := s.tx.SendBatch(ctx, b).Close(); err != nil {
		return s.d.errorf("search", err)
	}
	s.pre.done, s.pre.budget, s.pre.exact = true, budget, true
	if headFirst && len(s.pre.head) > budget {
		counted, s.pre.n = true, int64(budget)+1
	}
	if counted && budget > 0 && s.pre.n > int64(budget) {
		s.pre.n, s.pre.exact = int64(budget), false
	}
	s.pre.counted = counted
	return nil
}

// notMatching returns the ids of ids that the query does not match.
func (s *searcher) NotMatching(ctx context.Context, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	a := &args{}
	p := a.add(ids)
	return s.ids(ctx, `SELECT x FROM unnest(`+p+`::bigint[]) AS x WHERE NOT EXISTS (SELECT 1 FROM fts f WHERE f.id = x AND `+s.match(a)+`) ORDER BY x`, a)
}

// count counts the matches under the filter, stopping past budget (0: no
// budget); exact is false when it stopped.
func (s *searcher) Count(ctx context.Context, budget int) (n int64, exact bool, err error) {
	if s.query == "" {
		return 0, true, nil
	}
	if s.pre.counted && s.pre.budget == budget {
		return s.pre.n, s.pre.exact, nil
	}
	q, a := s.countSQL(budget)
	if err := s.tx.QueryRow(ctx, q, a.vals...).Scan(&n); err != nil {
		return 0, false, s.d.errorf("search", err)
	}
	if budget > 0 && n > int64(budget) {
		return int64(budget), false, nil
	}
	return n, true, nil
}

// countSQL counts the matches, up to budget+1 (budget 0: all).
func (s *searcher) countSQL(budget int) (string, *args) {
	a := s.filterArgs()
	q := `SELECT 1 FROM (` + s.matchSet(a, "f.id") + `) m`
	if budget > 0 {
		q += fmt.Sprintf(" LIMIT %d", budget+1)
	}
	return `SELECT count(*) FROM (` + q + `) t`, a
}

// ByDate returns up to n ids (n < 0: all) of the matches, newest first
// (asc: oldest first, undated last) (store.Searcher).
func (s *searcher) ByDate(ctx context.Context, n int, asc bool) ([]int64, error) {
	order := "f.date DESC, f.id DESC"
	if asc {
		order = "f.date = '', f.date, f.id"
	}
	a := s.filterArgs()
	// The matches first (MATERIALIZED: from the GIN index), then their
	// order: left to itself the planner may walk the date index and test
	// each record's vector, decompressing thousands of them.
	q := `WITH f AS MATERIALIZED (` + s.matchSet(a, "f.id, f.date") + `) SELECT f.id FROM f ORDER BY ` + order
	if n >= 0 {
		q += fmt.Sprintf(" LIMIT %d", n)
	}
	return s.ids(ctx, q, a)
}

// prepareTerms reads the rarity of the query's terms (once).
func (s *searcher) prepareTerms(ctx context.Context) error {
	if s.rank != nil {
		return nil
	}
	n, common := s.pre.maxID, s.pre.common
	if !s.pre.done {
		if err := s.tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM documents`).Scan(&n); err != nil {
			return s.d.errorf("search", err)
		}
		var err error
		if common, err = s.commonWords(ctx); err != nil {
			return err
		}
	}
	// The other words are counted, all in one statement.
	type word struct {
		w      string
		prefix bool
	}
	var ask []word
	seen := map[word]bool{}
	for _, g := range s.q.Groups {
		for _, t := range g {
			for i, w := range t.Words {
				k := word{w, t.Prefix && i == len(t.Words)-1}
				if !seen[k] && (k.prefix || !common[w]) {
					seen[k] = true
					ask = append(ask, k)
				}
			}
		}
	}
	counts := map[word]int64{}
	if len(ask) > 0 {
		a := &args{}
		var sel []string
		for _, k := range ask {
			sel = append(sel, `(SELECT count(*) FROM (SELECT 1 FROM fts WHERE tsv @@ `+a.add(termQuery(vanban.Term{Words: []string{k.w}, Prefix: k.prefix}, false))+
				`::tsquery LIMIT `+fmt.Sprint(store.DFCap)+`) t)`)
		}
		vals := make([]int64, len(ask))
		dest := make([]any, len(ask))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := s.tx.QueryRow(ctx, `SELECT `+strings.Join(sel, ", "), a.vals...).Scan(dest...); err != nil {
			return s.d.errorf("search: read term statistics", err)
		}
		for i, k := range ask {
			counts[k] = vals[i]
		}
	}
	r, err := store.NewRanker(s.q, n, func(w string, prefix bool) (int64, error) {
		if v, ok := counts[word{w, prefix}]; ok {
			return v, nil
		}
		return store.DFCap, nil // a common word (commonWords)
	})
	s.rank = r
	return err
}

// commonWords are the words of the query that PostgreSQL's statistics
// (ANALYZE's most common elements of fts.tsv) put in comfortably more than
// store.DFCap records: their document count, which the ranking caps at
// DFCap, is DFCap without counting them (counting a word of a quarter of
// 100,000 records up to the cap took 6 ms, a query of four such words a
// quarter of its time). The estimate is a sample's, hence the margin: a
// word is taken as common only when the estimate is twice the cap; the
// others are counted.
func (s *searcher) commonWords(ctx context.Context) (map[string]bool, error) {
	words := s.words()
	if len(words) == 0 {
		return nil, nil
	}
	q, a := s.commonSQL(words)
	rows, err := s.tx.Query(ctx, q, a...)
	if err != nil {
		return nil, s.d.errorf("search: read term statistics", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.d.errorf("search: read term statistics", err)
	}
	common := map[string]bool{}
	for _, w := range found {
		common[w] = true
	}
	return common, nil
}

// words are the words of the query's terms.
func (s *searcher) words() []string {
	var words []string
	for _, g := range s.q.Groups {
		for _, t := range g {
			words = append(words, t.Words...)
		}
	}
	return words
}

// commonSQL selects which of words are common (commonWords).
func (s *searcher) commonSQL(words []string) (string, []any) {
	return `SELECT e.word FROM pg_stats st, pg_class c,
		unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(word, freq)
		WHERE st.schemaname = $1 AND st.tablename = 'fts' AND st.attname = 'tsv'
		AND c.oid = to_regclass(quote_ident($1) || '.fts') AND e.word = ANY($2) AND e.freq * c.reltuples >= $3`,
		[]any{s.d.schema, words, 2 * store.DFCap}
}

// byRelevance returns up to n hits (n < 0: all) in score order, leaving out
// skip.
func (s *searcher) ByRelevance(ctx context.Context, n int, skip map[int64]bool, total int64, exact bool) ([]vanban.Hit, error) {
	if err := s.prepareTerms(ctx); err != nil {
		return nil, err
	}
	if bound := s.rank.Bound(); (exact && total <= int64(exactCap)) || bound <= int64(exactCap) {
		a := s.filterArgs()
		return s.score(ctx, s.matchSet(a, "f.id"), a, n, skip)
	}
	var out []vanban.Hit
	local := make(map[int64]bool, len(skip))
	for id := range skip {
		local[id] = true
	}
	skip = local
	hits, taken, err := s.headHits(ctx, skip)
	if err != nil {
		return nil, err
	}
	out = hits
	if n >= 0 && len(out) >= n {
		return out[:n], nil
	}
	skip = taken
	// Every match's id, newest archived first, read once (from the GIN
	// index: MATERIALIZED), then ranked a window at a time.
	a := s.filterArgs()
	all, err := s.ids(ctx, `WITH f AS MATERIALIZED (`+s.matchSet(a, "f.id")+`) SELECT id FROM f ORDER BY id DESC`, a)
	if err != nil {
		return nil, err
	}
	for start := 0; n < 0 || len(out) < n; start += rankWindow {
		if start >= len(all) {
			break
		}
		ids := all[start:min(start+rankWindow, len(all))]
		left := -1
		if n >= 0 {
			left = n - len(out)
		}
		b := &args{}
		hits, err := s.score(ctx, `SELECT unnest(`+b.add(ids)+`::bigint[])`, b, left, skip)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			skip[h.Doc.ID] = true
		}
		out = append(out, hits...)
		if len(ids) < rankWindow {
			break
		}
	}
	return out, nil
}

// headSQL selects up to limit + 1 ids whose head matches query (under the
// filter), newest archived first.
func (s *searcher) headSQL(query string, limit int) (string, *args) {
	a := s.filterArgs()
	return `WITH f AS MATERIALIZED (SELECT f.id` + s.from + ` WHERE f.head @@ ` + a.add(query) + `::tsquery` + s.cond +
		`) SELECT id FROM f` + fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit+1), a
}

// headIDs returns up to limit ids whose head matches query (under the
// filter), newest archived first, and whether that is all of them.
func (s *searcher) headIDs(ctx context.Context, query string, limit int) ([]int64, bool, error) {
	ids := s.pre.head
	if s.pre.headQ != query || limit != exactCap {
		q, a := s.headSQL(query, limit)
		var err error
		if ids, err = s.ids(ctx, q, a); err != nil {
			return nil, false, err
		}
	}
	ids = slices.Clip(ids) // the caller's appends never reach the kept ones
	if len(ids) > limit {
		return ids[:limit], false, nil
	}
	return ids, true, nil
}

// headHits scores the documents whose head holds every term of the query,
// and those holding every term but one when the whole document matches
// (the SQLite engine's plan: see its headHits).
func (s *searcher) headHits(ctx context.Context, skip map[int64]bool) ([]vanban.Hit, map[int64]bool, error) {
	taken := map[int64]bool{}
	for id := range skip {
		taken[id] = true
	}
	var words [][]vanban.Term
	for _, g := range s.q.Groups {
		if !store.NumberGroup(g) {
			words = append(words, g)
		}
	}
	all := tsquery(words, nil, false)
	if len(words) == 0 || all == "" {
		return nil, taken, nil
	}
	ids, complete, err := s.headIDs(ctx, all, exactCap)
	if err != nil {
		return nil, nil, err
	}
	if !complete {
		ids = ids[:min(len(ids), rankWindow)]
	}
	if (len(s.q.Exclude) > 0 || len(words) < len(s.q.Groups)) && len(ids) > 0 {
		if ids, err = s.keepMatching(ctx, ids); err != nil {
			return nil, nil, err
		}
	}
	if n := len(words); complete && n >= 2 && n <= leaveOneOutMaxGroups {
		var alts []string
		for i := range words {
			others := append(append([][]vanban.Term{}, words[:i]...), words[i+1:]...)
			alts = append(alts, "("+tsquery(others, nil, false)+")")
		}
		more, _, err := s.headIDs(ctx, "("+strings.Join(alts, " | ")+") & !("+all+")", leaveOneOutCap)
		if err != nil {
			return nil, nil, err
		}
		if more, err = s.keepMatching(ctx, more); err != nil {
			return nil, nil, err
		}
		ids = append(ids, more...)
	}
	var keep []int64
	for _, id := range ids {
		if !taken[id] {
			keep = append(keep, id)
		}
	}
	if len(keep) == 0 {
		return nil, taken, nil
	}
	a := &args{}
	hits, err := s.score(ctx, `SELECT unnest(`+a.add(keep)+`::bigint[])`, a, -1, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hits {
		taken[h.Doc.ID] = true
	}
	return hits, taken, nil
}

// keepMatching keeps the ids whose document matches the whole query.
func (s *searcher) keepMatching(ctx context.Context, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	a := &args{}
	p := a.add(ids)
	return s.ids(ctx, `SELECT f.id FROM fts f WHERE f.id = ANY(`+p+`) AND `+s.match(a)+` ORDER BY f.id DESC`, a)
}

// score scores the documents whose ids the subquery in selects and returns
// up to n (n < 0: all) in score order, leaving out skip.
func (s *searcher) score(ctx context.Context, in string, a *args, n int, skip map[int64]bool) ([]vanban.Hit, error) {
	if err := s.prepareTerms(ctx); err != nil {
		return nil, err
	}
	rows, err := s.tx.Query(ctx, `SELECT d.id, d.date, d.type, d.subject, d.parent_issuer, d.issuer, d.signer_authority, d.signer_title, d.signer_name
		FROM documents d WHERE d.id IN (`+in+`)`, a.vals...)
	if err != nil {
		return nil, s.d.errorf("search", err)
	}
	var all []store.Scored
	for rows.Next() {
		var id int64
		var date, auth string
		var doc vanban.Document
		if err := rows.Scan(&id, &date, &doc.Type, &doc.Subject, &doc.ParentIssuer, &doc.Issuer, &auth, &doc.SignerTitle, &doc.SignerName); err != nil {
			rows.Close()
			return nil, err
		}
		if skip[id] {
			continue
		}
		authorityField.DecodeValue(&doc, auth)
		doc.Date = date
		sc, field := s.rank.ScoreDoc(&doc)
		all = append(all, store.Scored{Hit: vanban.Hit{Doc: &vanban.Document{ID: id}, Rank: -sc, Field: field}, Date: date, Score: sc})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.d.errorf("search", err)
	}
	store.SortScored(all)
	out := make([]vanban.Hit, 0, len(all))
	for _, x := range all {
		if n >= 0 && len(out) == n {
			break
		}
		out = append(out, x.Hit)
	}
	return out, nil
}
