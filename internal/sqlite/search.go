package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// Search: every match counts, the best first.
//
// The query's match set is what FTS5 says matches (documents_fts, folded
// subject, body, issuer, recipients, signer); nothing outside it is ever
// returned and nothing inside it is ever dropped: every match is reachable by
// paging, and piped output lists them all.
//
// Relevance (store.Ranker, shared with every engine). A document's score is the sum over the query's terms (words,
// phrases, OR groups) of the term's rarity, idf = ln(1 + (N - df + 0.5) /
// (df + 0.5)) with df the number of documents holding the word (counted up
// to store.DFCap), times the weight of the best field that holds the term: title
// (vanban.Title: type name and subject) 3, issuer (with its parent), signer
// or the type name alone 2, body and recipients 1; a year of the query that
// is the year of the document's date 2. Two words of the query
// that stand next to each other in the title or issuer add half their mean
// rarity (Vietnamese words are several syllables: "cải cách" typed as two
// words is most often the phrase), and a query found whole in one field
// adds half its total rarity. Ties go to the newest document by date, then
// by id. Documents bearing a symbol of the query come before all others.
//
// Cost. The score needs only the short fields of a document, so scoring is
// cheap per document; what costs is the number of matches. When some term
// of the query is rare enough that at most exactCap documents can match,
// every match is scored. When every term is common (a query of common
// syllables can match most of a large archive), the documents whose head
// fields (title, issuer, signer) hold every word — or, for up to
// leaveOneOutMaxGroups words, all but one while the body holds that one —
// are found in the small head index (documents_head_fts), checked for the
// query's numbers (never asked of the head) and scored first;
// the other matches follow in windows of rankWindow, the most recently
// archived first, each window scored. Counting stops at the caller's
// budget (a lower bound, shown as "more than N").

// exactCap is the most matches (or class members) scored one by one.
var exactCap = 5000 // a variable: tests take the path of common words on small archives

// searcher runs one search on one connection.
type searcher struct {
	db    *DB
	conn  *sql.Conn
	q     *vanban.Query
	match string
	cond  string        // filter conditions on d, "" or " AND …"
	args  []any         // their arguments
	rank  *store.Ranker // the query's terms with their rarity, once read
	// The last head matches read (headIDs), for Count and then headHits.
	head      []int64
	headExpr  string
	headLimit int
}

// Search runs q under opt: see the comment above.
func (db *DB) Search(ctx context.Context, q *vanban.Query, opt vanban.SearchOptions) (*vanban.SearchResult, error) {
	w, args, err := db.whereFor(ctx, opt.Filter)
	if err != nil {
		return nil, err
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", friendly(err))
	}
	defer conn.Close()
	s := &searcher{db: db, conn: conn, q: q, match: MatchExpr(q), args: args}
	if c := strings.TrimPrefix(w, " WHERE "); c != "" {
		s.cond = " AND " + c
	}
	return store.RunSearch(ctx, s, opt, exactCap)
}

// Count counts the matches (store.Searcher). Asked to count up to
// exactCap (as the ranking does), it reads the head matches first when
// they are matches (store.HeadSettles): more than exactCap of them settle the
// count, and the path of common words needs them next; for `cong tac` at
// 100,000 records this spares counting 5,001 matches.
func (s *searcher) Count(ctx context.Context, budget int) (int64, bool, error) {
	if budget == exactCap && store.HeadSettles(s.q) && s.db.headIndexed(ctx) {
		_, complete, err := s.headIDs(ctx, "("+groupsExpr(s.q.Groups)+")", exactCap)
		if err != nil {
			return 0, false, err
		}
		if !complete {
			return int64(budget), false, nil
		}
	}
	return s.count(ctx, s.match, budget)
}

// ByDate lists the matches by date (store.Searcher).
func (s *searcher) ByDate(ctx context.Context, n int, asc bool) ([]int64, error) {
	return s.byDate(ctx, s.match, n, asc, nil)
}

// Fill reads the hits' records (store.Searcher).
func (s *searcher) Fill(ctx context.Context, hits []vanban.Hit) error {
	for i := range hits {
		d, err := s.db.Get(ctx, hits[i].Doc.ID)
		if err != nil {
			return err
		}
		hits[i].Doc = d
	}
	return nil
}

var _ store.Searcher = (*searcher)(nil)

// Ranker is the query's ranker, once the hits were ranked (nil before).
func (s *searcher) Ranker() *store.Ranker { return s.rank }

// SymbolHits are the ids of the documents that bear a symbol of the query
// (and pass the filter), ascending.
func (s *searcher) SymbolHits(ctx context.Context) ([]int64, error) {
	if len(s.q.Symbols) == 0 {
		return nil, nil
	}
	var ph []string
	var args []any
	for _, sym := range s.q.Symbols {
		ph = append(ph, "?")
		args = append(args, vntext.Fold(sym))
	}
	ids, err := scanIDs(s.conn.QueryContext(ctx, `SELECT d.id FROM documents d WHERE d.symbol_fold IN (`+strings.Join(ph, ",")+`)`+s.cond+` ORDER BY d.id`, append(args, s.args...)...))
	if err != nil {
		return nil, fmt.Errorf("search: %w", friendly(err))
	}
	return ids, nil
}

// NotMatching returns the ids of ids that the full-text query does not
// match (symbol hits counted apart).
func (s *searcher) NotMatching(ctx context.Context, ids []int64) ([]int64, error) {
	var out []int64
	for _, id := range ids {
		var x int64
		err := s.conn.QueryRowContext(ctx, `SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?`, s.match, id).Scan(&x)
		if errors.Is(err, sql.ErrNoRows) {
			out = append(out, id)
		} else if err != nil {
			return nil, fmt.Errorf("search: %w", friendly(err))
		}
	}
	return out, nil
}

// matchSQL selects the rowids that match expr under the filter.
func (s *searcher) matchSQL(expr string) (string, []any) { return s.ftsSQL("documents_fts", expr) }

// ftsSQL selects the rowids of full-text table that match expr, under the
// filter.
func (s *searcher) ftsSQL(table, expr string) (string, []any) {
	if s.cond == "" {
		return `SELECT rowid AS id FROM ` + table + ` WHERE ` + table + ` MATCH ?`, []any{expr}
	}
	return `SELECT f.rowid AS id FROM ` + table + ` f JOIN documents d ON d.id = f.rowid WHERE ` + table + ` MATCH ?` + s.cond,
		append([]any{expr}, s.args...)
}

// count counts the documents matching expr under the filter, stopping past
// budget (0: no budget); exact is false when it stopped.
func (s *searcher) count(ctx context.Context, expr string, budget int) (n int64, exact bool, err error) {
	q, args := s.matchSQL(expr)
	if budget > 0 {
		q += fmt.Sprintf(" LIMIT %d", budget+1)
	}
	if err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM (`+q+`)`, args...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("search: %w", friendly(err))
	}
	if budget > 0 && n > int64(budget) {
		return int64(budget), false, nil
	}
	return n, true, nil
}

// byDate returns up to n ids (n < 0: all) of the documents matching expr
// under the filter, newest first (asc: oldest first, undated last), leaving
// out skip. Few matches are read and sorted; many are found by walking the
// date index and asking FTS5 about each document, which stops as soon as n
// are found.
func (s *searcher) byDate(ctx context.Context, expr string, n int, asc bool, skip map[int64]bool) ([]int64, error) {
	_, exact, err := s.count(ctx, expr, exactCap)
	if err != nil {
		return nil, err
	}
	if exact || n < 0 {
		q, args := s.matchSQL(expr)
		rows, err := s.conn.QueryContext(ctx, `SELECT d.id, d.date FROM documents d WHERE d.id IN (`+q+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("search: %w", friendly(err))
		}
		type idDate struct {
			id   int64
			date string
		}
		var all []idDate
		for rows.Next() {
			var x idDate
			if err := rows.Scan(&x.id, &x.date); err != nil {
				rows.Close()
				return nil, err
			}
			if !skip[x.id] {
				all = append(all, x)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("search: %w", friendly(err))
		}
		sort.Slice(all, func(i, j int) bool {
			a, b := all[i], all[j]
			if asc {
				if (a.date == "") != (b.date == "") {
					return b.date == ""
				}
				if a.date != b.date {
					return a.date < b.date
				}
				return a.id < b.id
			}
			if a.date != b.date {
				return a.date > b.date
			}
			return a.id > b.id
		})
		out := make([]int64, 0, len(all))
		for _, x := range all {
			if n >= 0 && len(out) == n {
				break
			}
			out = append(out, x.id)
		}
		return out, nil
	}
	// Many matches: walk the documents in date order and keep those that
	// match, asking FTS5 a chunk of ids at a time.
	order := "d.date DESC, d.id DESC"
	if asc {
		order = "d.date = '', d.date, d.id"
	}
	where := ""
	if s.cond != "" {
		where = " WHERE " + strings.TrimPrefix(s.cond, " AND ")
	}
	rows, err := s.db.db.QueryContext(ctx, `SELECT d.id FROM documents d`+where+` ORDER BY `+order, s.args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", friendly(err))
	}
	defer rows.Close()
	var out []int64
	chunk := make([]int64, 0, 256)
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		ok, err := s.matching(ctx, expr, chunk)
		if err != nil {
			return err
		}
		for _, id := range chunk {
			if ok[id] && !skip[id] && (n < 0 || len(out) < n) {
				out = append(out, id)
			}
		}
		chunk = chunk[:0]
		return nil
	}
	for rows.Next() && (n < 0 || len(out) < n) {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		chunk = append(chunk, id)
		if len(chunk) == cap(chunk) {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", friendly(err))
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// matching returns which of ids match expr: one FTS5 lookup by rowid each
// (FTS5 seeks a rowid; a list of rowids would make it walk every match).
func (s *searcher) matching(ctx context.Context, expr string, ids []int64) (map[int64]bool, error) {
	st, err := s.conn.PrepareContext(ctx, `SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?`)
	if err != nil {
		return nil, fmt.Errorf("search: %w", friendly(err))
	}
	defer st.Close()
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		var x int64
		err := st.QueryRowContext(ctx, expr, id).Scan(&x)
		switch {
		case err == nil:
			m[id] = true
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("search: %w", friendly(err))
		}
	}
	return m, nil
}

// ByRelevance returns up to n hits (n < 0: all) in score order, leaving out
// skip.
func (s *searcher) ByRelevance(ctx context.Context, n int, skip map[int64]bool, total int64, exact bool) ([]vanban.Hit, error) {
	if err := s.prepareTerms(ctx); err != nil {
		return nil, err
	}
	// The rarest group bounds the matches: when it is rare, or the count
	// is small, score every match.
	if bound := s.rank.Bound(); (exact && total <= int64(exactCap)) || bound <= int64(exactCap) {
		return s.scoreAll(ctx, s.match, n, skip)
	}
	// Every term is common. First the documents whose head fields hold
	// every term, or every term but one (which their body holds), from the
	// head index, scored; then the other matches, ranked a window at a
	// time, the most recently archived first, so that the first page costs
	// the same on a million documents as on a thousand; deeper pages and
	// piped output go on window after window until every match is listed.
	var out []vanban.Hit
	local := make(map[int64]bool, len(skip))
	for id := range skip {
		local[id] = true
	}
	skip = local
	if s.db.headIndexed(ctx) {
		hits, taken, err := s.headHits(ctx, skip)
		if err != nil {
			return nil, err
		}
		out = hits
		if n >= 0 && len(out) >= n {
			return out[:n], nil
		}
		skip = taken
	}
	before := int64(math.MaxInt64)
	for n < 0 || len(out) < n {
		q, args := s.matchSQL(s.match)
		ids, err := scanIDs(s.conn.QueryContext(ctx, `SELECT id FROM (`+q+`) WHERE id < ? ORDER BY id DESC LIMIT ?`,
			append(args, before, rankWindow)...))
		if err != nil {
			return nil, fmt.Errorf("search: %w", friendly(err))
		}
		if len(ids) == 0 {
			break
		}
		before = ids[len(ids)-1]
		left := -1
		if n >= 0 {
			left = n - len(out)
		}
		hits, err := s.scoreIDs(ctx, ids, left, skip)
		for _, h := range hits {
			skip[h.Doc.ID] = true
		}
		if err != nil {
			return nil, err
		}
		out = append(out, hits...)
		if len(ids) < rankWindow {
			break
		}
	}
	return out, nil
}

// headIDs returns up to limit ids matching expr in the head index, newest
// archived first, and whether that is all of them.
func (s *searcher) headIDs(ctx context.Context, expr string, limit int) ([]int64, bool, error) {
	ids := s.head
	if s.headExpr != expr || s.headLimit != limit {
		q, args := s.ftsSQL("documents_head_fts", expr)
		var err error
		if ids, err = scanIDs(s.conn.QueryContext(ctx, `SELECT id FROM (`+q+`) ORDER BY id DESC LIMIT ?`, append(args, limit+1)...)); err != nil {
			return nil, false, fmt.Errorf("search: %w", friendly(err))
		}
		s.head, s.headExpr, s.headLimit = ids, expr, limit
	}
	ids = slices.Clip(ids) // the caller's appends never reach the kept ones
	if len(ids) > limit {
		return ids[:limit], false, nil
	}
	return ids, true, nil
}

// headHits scores the documents whose head fields (subject, issuer,
// signer) hold every term of the query, and those that hold every term
// but one when the full index says the body holds that one: the documents
// that best fit a query of common words. At most exactCap of each kind
// are taken (the most recently archived); the rest come in the windows.
// taken are skip and the ids returned.
func (s *searcher) headHits(ctx context.Context, skip map[int64]bool) ([]vanban.Hit, map[int64]bool, error) {
	taken := map[int64]bool{}
	for id := range skip {
		taken[id] = true
	}
	// Numbers (a year, a count) stand in the date line and the body, in
	// the head only as part of a symbol: the head must hold the words; the
	// numbers are checked in the whole document.
	var words [][]vanban.Term
	for _, g := range s.q.Groups {
		if !store.NumberGroup(g) {
			words = append(words, g)
		}
	}
	if len(words) == 0 {
		return nil, taken, nil
	}
	all := "(" + groupsExpr(words) + ")"
	ids, complete, err := s.headIDs(ctx, all, exactCap)
	if err != nil {
		return nil, nil, err
	}
	if !complete {
		// Thousands of documents hold every word in their head: they
		// score alike, the most recently archived rankWindow of them are
		// scored, the rest come in the windows; documents that also need
		// their body cannot come first.
		ids = ids[:min(len(ids), rankWindow)]
	}
	if (len(s.q.Exclude) > 0 || len(words) < len(s.q.Groups)) && len(ids) > 0 {
		// The head holds every word; the numbers must stand somewhere,
		// the exclusions nowhere.
		if ids, err = s.keepMatching(ctx, ids); err != nil {
			return nil, nil, err
		}
	}
	if n := len(words); complete && n >= 2 && n <= leaveOneOutMaxGroups {
		var alts []string
		for i := range words {
			others := append(append([][]vanban.Term{}, words[:i]...), words[i+1:]...)
			alts = append(alts, "("+groupsExpr(others)+")")
		}
		more, _, err := s.headIDs(ctx, "("+strings.Join(alts, " OR ")+") NOT "+all, leaveOneOutCap)
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
	hits, err := s.scoreIDs(ctx, keep, -1, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hits {
		taken[h.Doc.ID] = true
	}
	return hits, taken, nil
}

// leaveOneOutCap bounds the documents holding all terms but one in their
// head that are checked against the full index.
const leaveOneOutCap = 300

// leaveOneOutMaxGroups is the longest query (in terms) whose documents
// holding all terms but one in their head are looked for: the OR of its
// leave-one-out conjunctions costs the head index more with every term (a
// query of six common syllables took 270 ms at a million documents).
const leaveOneOutMaxGroups = 4

// keepMatching keeps the ids whose document matches the whole query:
// every group in one of the indexed fields, no excluded term in any. It
// reads the fields and folds them as the index does (FTSValues), because
// asking FTS5 about one rowid costs it a fresh seek in every segment of
// every term, near a millisecond, where this costs tens of microseconds.
func (s *searcher) keepMatching(ctx context.Context, ids []int64) ([]int64, error) {
	var out []int64
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.conn.QueryContext(ctx, `SELECT d.id, d.type, d.subject, d.parent_issuer, d.issuer, d.recipients, d.signer_authority,
			d.signer_title, d.signer_name, c.body_s2 FROM documents d JOIN contents c ON c.doc_id = d.id
			WHERE d.id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("search: %w", friendly(err))
		}
		for rows.Next() {
			var d vanban.Document
			var rec, auth string
			var bz []byte
			if err := rows.Scan(&d.ID, &d.Type, &d.Subject, &d.ParentIssuer, &d.Issuer, &rec, &auth, &d.SignerTitle, &d.SignerName, &bz); err != nil {
				rows.Close()
				return nil, err
			}
			recipientsField.DecodeValue(&d, rec)
			authorityField.DecodeValue(&d, auth)
			body, err := store.DecompressBody(bz)
			if err != nil {
				continue // unreadable: left to the full index (the windows)
			}
			d.Body = body
			if s.rank.Matches(&d) {
				out = append(out, d.ID)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("search: %w", friendly(err))
		}
	}
	return out, nil
}

// rankWindow is how many matches of a query of common words are ranked
// together.
var rankWindow = 1000

// prepareTerms reads the rarity of the query's terms (once).
func (s *searcher) prepareTerms(ctx context.Context) error {
	if s.rank != nil {
		return nil
	}
	var n int64
	if err := s.conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM documents`).Scan(&n); err != nil {
		return fmt.Errorf("search: %w", friendly(err))
	}
	r, err := store.NewRanker(s.q, n, func(w string, prefix bool) (int64, error) {
		// Counted up to DFCap: past it a word is common, and its rarity
		// hardly matters (FTS5's own statistics, fts5vocab, read the
		// whole vocabulary and cost more than the search).
		var v int64
		if err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)`,
			ftsTerm(vanban.Term{Words: []string{w}, Prefix: prefix}), store.DFCap).Scan(&v); err != nil {
			return 0, fmt.Errorf("search: read term statistics: %w", friendly(err))
		}
		return v, nil
	})
	s.rank = r
	return err
}

// scoreAll scores every document matching expr under the filter and returns
// up to n (n < 0: all) in score order, leaving out skip.
func (s *searcher) scoreAll(ctx context.Context, expr string, n int, skip map[int64]bool) ([]vanban.Hit, error) {
	q, args := s.matchSQL(expr)
	return s.scoreIn(ctx, q, args, n, skip)
}

// scoreIDs scores the documents ids (which match the query).
func (s *searcher) scoreIDs(ctx context.Context, ids []int64, n int, skip map[int64]bool) ([]vanban.Hit, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return s.scoreIn(ctx, strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), args, n, skip)
}

// scoreIn scores the documents whose ids the SQL list or subquery in
// gives.
func (s *searcher) scoreIn(ctx context.Context, in string, args []any, n int, skip map[int64]bool) ([]vanban.Hit, error) {
	if err := s.prepareTerms(ctx); err != nil {
		return nil, err
	}
	rows, err := s.conn.QueryContext(ctx, `SELECT d.id, d.date, d.type, d.subject, d.parent_issuer, d.issuer, d.signer_authority, d.signer_title, d.signer_name
		FROM documents d WHERE d.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", friendly(err))
	}
	var all []store.Scored
	for rows.Next() {
		var id int64
		var date, typ, subject, parent, issuer, auth, title, name string
		if err := rows.Scan(&id, &date, &typ, &subject, &parent, &issuer, &auth, &title, &name); err != nil {
			rows.Close()
			return nil, err
		}
		if skip[id] {
			continue
		}
		d := vanban.Document{Type: typ, Subject: subject, ParentIssuer: parent, Issuer: issuer, SignerTitle: title, SignerName: name, Date: date}
		authorityField.DecodeValue(&d, auth)
		sc, field := s.rank.ScoreDoc(&d)
		all = append(all, store.Scored{Hit: vanban.Hit{Doc: &vanban.Document{ID: id}, Rank: -sc, Field: field}, Date: date, Score: sc})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", friendly(err))
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

var (
	authorityField, _  = vanban.FieldByName("signer_authority")
	recipientsField, _ = vanban.FieldByName("recipients")
)
