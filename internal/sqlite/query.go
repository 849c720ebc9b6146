package sqlite

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// issuerFolds returns the folded issuer and parent-issuer names that hold
// the words of phrase in order (whole words).
func (db *DB) issuerFolds(ctx context.Context, phrase string) ([]string, error) {
	words := vntext.Words(vntext.Fold(phrase))
	if len(words) == 0 {
		return nil, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT fold FROM issuers`)
	if err != nil {
		return nil, fmt.Errorf("look up issuers: %w", friendly(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		if vanban.WordsInOrder(vntext.Words(f), words) {
			out = append(out, f)
		}
	}
	return out, rows.Err()
}

// where builds the WHERE clause of f over documents d (never from user text:
// every value is a parameter, FTS expressions are built from quoted words).
// orgs are the issuer names matching f.Issuer (issuerFolds).
func where(f vanban.Filter, orgs []string) (string, []any) {
	var conds []string
	var args []any
	var fts []string
	if f.Issuer != "" {
		if len(orgs) == 0 {
			conds = append(conds, "0")
		} else {
			ph := strings.TrimSuffix(strings.Repeat("?,", len(orgs)), ",")
			conds = append(conds, "(d.issuer_fold IN ("+ph+") OR d.parent_fold IN ("+ph+"))")
			for k := 0; k < 2; k++ {
				for _, o := range orgs {
					args = append(args, o)
				}
			}
		}
	}
	if p := phrase(f.Signer); p != "" {
		fts = append(fts, "signer : "+p)
	}
	if len(fts) > 0 {
		conds = append(conds, "d.id IN (SELECT rowid FROM documents_meta_fts WHERE documents_meta_fts MATCH ?)")
		args = append(args, strings.Join(fts, " AND "))
	}
	if len(f.TypeNames) > 0 || f.TypeCode != "" {
		var or []string
		for _, t := range f.TypeNames {
			or = append(or, "d.type_fold = ?")
			args = append(args, t)
		}
		if f.TypeCode != "" {
			or = append(or, "d.type_code = ? COLLATE NOCASE")
			args = append(args, f.TypeCode)
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if f.From != "" {
		conds = append(conds, "d.date >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "d.date <> '' AND d.date <= ?")
		args = append(args, f.To)
	}
	if f.Place != "" {
		// The name or its first words: "thanh pho" finds Thành phố Hồ Chí
		// Minh; "ha" does not find Hà Nội (whole words).
		p := vntext.Fold(strings.Join(strings.Fields(f.Place), " "))
		conds = append(conds, placeCond)
		args = append(args, p, p+" ", p+"!")
	}
	systemAt := -1
	if f.System != "" {
		systemAt = len(conds)
		conds = append(conds, "d.system = ?")
		args = append(args, f.System)
	}
	switch f.Warnings {
	case "":
	case "*":
		conds = append(conds, "d.warnings <> '[]'")
	default:
		conds = append(conds, `instr(d.warnings, '"field":' || json_quote(?)) > 0`)
		args = append(args, f.Warnings)
	}
	if r := vanban.SeverityRank(f.Finding); r > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id AND x.severity >= ?)")
		args = append(args, r)
	} else if f.Finding != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id AND x.rule = ?)")
		args = append(args, strings.ToUpper(f.Finding))
	}
	if f.InForce {
		conds = append(conds, `NOT EXISTS (SELECT 1 FROM links l WHERE l.target_id = d.id AND l.kind IN ('`+vanban.RefReplaces+`', '`+vanban.RefRepeals+`'))`)
	}
	if f.Symbol != "" {
		// The symbol, or its leading groups: "71-CV" finds 71-CV/TU and
		// "12" finds 12/UBND-VX, not 120/… (a prefix ends at - or /).
		s := strings.TrimRight(vanban.SymbolKey(f.Symbol), "-/")
		conds = append(conds, "(d.symbol_fold = ? OR (d.symbol_fold >= ? AND d.symbol_fold < ?) OR (d.symbol_fold >= ? AND d.symbol_fold < ?))")
		args = append(args, s, s+"-", s+".", s+"/", s+"0")
	}
	if len(conds) == 0 {
		return "", nil
	}
	if systemAt >= 0 && (f.Symbol != "" || f.Place != "" || f.Issuer != "" || len(fts) > 0) {
		// Three values: not the index to search by when a symbol, place,
		// issuer or signer narrows. Without statistics (an archive never
		// analysed) SQLite took the facets index for it, and `list
		// --system party --symbol 12` read a third of a million-record
		// archive and sorted it: 2.6 s instead of 1 ms. With a type (the
		// facets index's next column) or dates alone it stays the index.
		conds[systemAt] = "+d.system = ?"
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// placeCond selects a place by its name or first words; placeCondScan is
// the same condition kept from the index choice (unary +), for a place so
// common that walking the date index finds a page sooner.
const (
	placeCond     = "(d.place_fold = ? OR (d.place_fold >= ? AND d.place_fold < ?))"
	placeCondScan = "(+d.place_fold = ? OR (+d.place_fold >= ? AND +d.place_fold < ?))"
)

// sortSQL are the ORDER BY clauses of vanban.Sorts.
var sortSQL = map[string]string{
	"-date":   "d.date DESC, d.id DESC",
	"date":    "d.date = '', d.date, d.id",
	"symbol":  "d.symbol_fold = '', d.symbol_fold, d.id",
	"-symbol": "d.symbol_fold = '', d.symbol_fold DESC, d.id DESC",
	"issuer":  "d.issuer_fold = '', d.issuer_fold, d.id",
	"-issuer": "d.issuer_fold = '', d.issuer_fold DESC, d.id DESC",
	"id":      "d.id",
	"-id":     "d.id DESC",
}

// commonPlace reports whether a page of n records of place, newest
// first, is found sooner by walking the date index (reading about n /
// share records, each looked up in the table) than by sorting the
// place's records (read from its index alone, about 20 times cheaper
// each): when the place holds more than sqrt(20 n N) of the N records.
// At a million records and a page of 50 that is 31,623: Hà Nội (233,526)
// is walked (175-212 ms sorted, 22 ms walked), Bến Tre (23,837) sorted
// (40 ms; 65 ms walked).
func (db *DB) commonPlace(ctx context.Context, place string, n int) (bool, error) {
	var total int64
	if err := db.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM documents`).Scan(&total); err != nil {
		return false, fmt.Errorf("list records: %w", friendly(err))
	}
	bar := int64(math.Sqrt(20 * float64(n) * float64(total)))
	w, args := where(vanban.Filter{Place: place}, nil)
	var c int64
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM documents d`+w+fmt.Sprintf(` LIMIT %d)`, bar+1), args...).Scan(&c); err != nil {
		return false, fmt.Errorf("list records: %w", friendly(err))
	}
	return c > bar, nil
}

// List calls fn for the records opt selects, in its order, reading only
// opt.Fields: one statement, prepared once, streamed row by row.
func (db *DB) List(ctx context.Context, opt vanban.ListOptions, fn func(*vanban.Document) error) error {
	if opt.Sort == "" {
		opt.Sort = "-date"
	}
	order, ok := sortSQL[opt.Sort]
	if !ok {
		return fmt.Errorf("unknown sort %q", opt.Sort)
	}
	fields := opt.Fields
	if fields == nil {
		fields = vanban.AllButBody()
	}
	w, args, err := db.whereFor(ctx, opt.Filter)
	if err != nil {
		return err
	}
	if c := opt.After; c != nil {
		cond, cargs, err := afterSQL(*c, opt.Sort)
		if err != nil {
			return err
		}
		if w == "" {
			w = " WHERE " + cond
		} else {
			w += " AND " + cond
		}
		args = append(args, cargs...)
	}
	sc := newScanner(fields)
	limit := opt.Limit
	if limit < 0 {
		limit = -1
	}
	if opt.Filter.Place != "" && limit >= 0 && limit+opt.Offset <= 1000 && opt.Sort == "-date" {
		if common, err := db.commonPlace(ctx, opt.Filter.Place, limit+opt.Offset); err != nil {
			return err
		} else if common {
			w = strings.Replace(w, placeCond, placeCondScan, 1)
		}
	}
	q := `SELECT ` + sc.selectList(db.schema) + sc.from() + w + ` ORDER BY ` + order + fmt.Sprintf(" LIMIT %d OFFSET %d", limit, opt.Offset)
	if limit >= 0 {
		// A page: its ids first, in order, from the indexes alone (they
		// usually cover the filter and the sort), then only those rows.
		// Reading whole rows for every match before sorting them made a
		// filtered page several times slower.
		// The page is the outer loop (CROSS JOIN), numbered in its order:
		// with "d.id IN (page) ORDER BY date" the planner may walk the
		// whole date index instead (50 ms for a page at 1M).
		q = `WITH page(pid, rn) AS (SELECT id, row_number() OVER () FROM (SELECT d.id AS id FROM documents d` + w +
			` ORDER BY ` + order + fmt.Sprintf(" LIMIT %d OFFSET %d", limit, opt.Offset) + `))
			SELECT ` + sc.selectList(db.schema) + ` FROM page CROSS JOIN documents d ON d.id = page.pid` + sc.join() + ` ORDER BY page.rn`
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("list records: %w", friendly(err))
	}
	defer rows.Close()
	for rows.Next() {
		d, err := sc.scan(rows.Scan)
		if err != nil {
			return fmt.Errorf("list records: %w", friendly(err))
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list records: %w", friendly(err))
	}
	return nil
}

// whereFor is where with the issuer names of f.Issuer looked up.
func (db *DB) whereFor(ctx context.Context, f vanban.Filter) (string, []any, error) {
	if f.Finding != "" {
		if err := db.haveFindings(); err != nil {
			return "", nil, err
		}
	}
	if f.InForce {
		if err := db.haveLinks(); err != nil {
			return "", nil, err
		}
	}
	var orgs []string
	if f.Issuer != "" {
		var err error
		if orgs, err = db.issuerFolds(ctx, f.Issuer); err != nil {
			return "", nil, err
		}
	}
	w, args := where(f, orgs)
	return w, args, nil
}

// statsSQL are the keys of vanban.Groupings.
var statsSQL = map[string]string{
	"issuer":   "d.issuer",
	"type":     "d.type",
	"year":     "substr(d.date, 1, 4)",
	"month":    "substr(d.date, 1, 7)",
	"signer":   "d.signer_name",
	"place":    "d.place",
	"system":   "d.system",
	"encoding": "d.encoding",
	"finding":  "coalesce(x.rule, '')",
}

// Stats counts the records f selects by one field.
func (db *DB) Stats(ctx context.Context, f vanban.Filter, by string) ([]vanban.Count, error) {
	key, ok := statsSQL[by]
	if !ok {
		return nil, fmt.Errorf("unknown grouping %q", by)
	}
	w, args, err := db.whereFor(ctx, f)
	if err != nil {
		return nil, err
	}
	from := ` FROM documents d`
	q := `SELECT ` + key + ` AS k, count(*)` + from + w + ` GROUP BY k ORDER BY count(*) DESC, k`
	if by == "finding" {
		if err := db.haveFindings(); err != nil {
			return nil, err
		}
		// The records of each rule from the findings table (joined to
		// the documents only to filter them), and those with none: the
		// rows themselves are never read without a filter.
		cond := " WHERE NOT EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id)"
		rules := `SELECT x.rule AS k, count(*) AS n FROM findings x GROUP BY x.rule`
		if w != "" {
			cond = w + " AND NOT EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id)"
			rules = `SELECT x.rule AS k, count(*) AS n FROM findings x JOIN documents d ON d.id = x.doc_id` + w + ` GROUP BY x.rule`
			args = append(append([]any{}, args...), args...)
		}
		q = `SELECT k, n FROM (` + rules + ` UNION ALL SELECT '' AS k, count(*) AS n FROM documents d` + cond + `) WHERE n > 0 ORDER BY n DESC, k`
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("count records: %w", friendly(err))
	}
	defer rows.Close()
	var out []vanban.Count
	for rows.Next() {
		var c vanban.Count
		if err := rows.Scan(&c.Key, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// BySymbol returns the ids of the records whose symbol is sym (spaces and
// dash variants ignored, accents and case folded).
func (db *DB) BySymbol(ctx context.Context, sym string) ([]int64, error) {
	return scanIDs(db.db.QueryContext(ctx, `SELECT id FROM documents WHERE symbol_fold = ? ORDER BY id`, vanban.SymbolKey(sym)))
}

// DB is a vanban.Archive.
var _ vanban.Archive = (*DB)(nil)

// haveFindings tells a reader of an archive older than schema 8 how to get
// format findings.
func (db *DB) haveFindings() error {
	if db.schema < 8 {
		return fmt.Errorf("archive %s was %w and holds no format findings yet: vanban reparse adds them", db.path, vanban.ErrOlderArchive)
	}
	return nil
}

// afterSQL is the keyset condition of vanban.AfterCursor: the records after
// c in sort's order.
func afterSQL(c vanban.Cursor, sort string) (string, []any, error) {
	switch sort {
	case "id":
		return "d.id > ?", []any{c.ID}, nil
	case "-id":
		return "d.id < ?", []any{c.ID}, nil
	case "date":
		if c.Key == "" {
			return "(d.date = '' AND d.id > ?)", []any{c.ID}, nil
		}
		return "(d.date = '' OR d.date > ? OR (d.date = ? AND d.id > ?))", []any{c.Key, c.Key, c.ID}, nil
	case "-date":
		return "(d.date < ? OR (d.date = ? AND d.id < ?))", []any{c.Key, c.Key, c.ID}, nil
	}
	return "", nil, fmt.Errorf("keyset paging is by date or id, not %q", sort)
}
