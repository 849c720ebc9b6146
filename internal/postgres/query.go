package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// args collects the arguments of a statement and names their places.
type args struct{ vals []any }

func (a *args) add(v any) string {
	a.vals = append(a.vals, v)
	return "$" + strconv.Itoa(len(a.vals))
}

// issuerFolds returns the folded issuer and parent-issuer names that hold
// the words of phrase in order (whole words).
func (d *DB) issuerFolds(ctx context.Context, phrase string) ([]string, error) {
	words := vntext.Words(vntext.Fold(phrase))
	if len(words) == 0 {
		return nil, nil
	}
	rows, err := d.pool.Query(ctx, `SELECT fold FROM issuers`)
	if err != nil {
		return nil, d.errorf("look up issuers", err)
	}
	all, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, d.errorf("look up issuers", err)
	}
	var out []string
	for _, f := range all {
		if vanban.WordsInOrder(vntext.Words(f), words) {
			out = append(out, f)
		}
	}
	return out, nil
}

// where builds the conditions of f over documents d, appending their
// arguments to a; "" when f selects every record. Every value is an
// argument; full-text conditions are tsquery literals of quoted words.
func where(f vanban.Filter, orgs []string, a *args) string {
	var conds []string
	if f.Issuer != "" {
		if len(orgs) == 0 {
			conds = append(conds, "false")
		} else {
			p := a.add(orgs)
			conds = append(conds, "(d.issuer_fold = ANY("+p+") OR d.parent_fold = ANY("+p+"))")
		}
	}
	if words := vntext.Words(vntext.Fold(f.Signer)); len(words) > 0 {
		conds = append(conds, "d.signer_tsv @@ "+a.add(termQuery(vanban.Term{Words: words}, false))+"::tsquery")
	}
	if len(f.TypeNames) > 0 || f.TypeCode != "" {
		var or []string
		if len(f.TypeNames) > 0 {
			or = append(or, "d.type_fold = ANY("+a.add(f.TypeNames)+")")
		}
		if f.TypeCode != "" {
			or = append(or, "lower(d.type_code) = lower("+a.add(f.TypeCode)+")")
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if f.From != "" {
		conds = append(conds, "d.date >= "+a.add(f.From))
	}
	if f.To != "" {
		conds = append(conds, "d.date <> '' AND d.date <= "+a.add(f.To))
	}
	if f.Place != "" {
		// The name or its first words (whole words).
		p := vntext.Fold(strings.Join(strings.Fields(f.Place), " "))
		conds = append(conds, "(d.place_fold = "+a.add(p)+" OR (d.place_fold >= "+a.add(p+" ")+" AND d.place_fold < "+a.add(p+"!")+"))")
	}
	if f.System != "" {
		conds = append(conds, "d.system = "+a.add(f.System))
	}
	switch f.Warnings {
	case "":
	case "*":
		conds = append(conds, "d.warnings <> '[]'")
	default:
		conds = append(conds, "d.warnings::jsonb @> jsonb_build_array(jsonb_build_object('field', "+a.add(f.Warnings)+"::text))")
	}
	if r := vanban.SeverityRank(f.Finding); r > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id AND x.severity >= "+a.add(r)+")")
	} else if f.Finding != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id AND x.rule = "+a.add(strings.ToUpper(f.Finding))+")")
	}
	if f.InForce {
		conds = append(conds, `NOT EXISTS (SELECT 1 FROM links l WHERE l.target_id = d.id AND l.kind IN ('`+vanban.RefReplaces+`', '`+vanban.RefRepeals+`'))`)
	}
	if f.Symbol != "" {
		// The symbol, or its leading groups: "71-CV" finds 71-CV/TU and
		// "12" finds 12/UBND-VX, not 120/… (a prefix ends at - or /).
		s := strings.TrimRight(vanban.SymbolKey(f.Symbol), "-/")
		conds = append(conds, "(d.symbol_fold = "+a.add(s)+" OR (d.symbol_fold >= "+a.add(s+"-")+" AND d.symbol_fold < "+a.add(s+".")+
			") OR (d.symbol_fold >= "+a.add(s+"/")+" AND d.symbol_fold < "+a.add(s+"0")+"))")
	}
	return strings.Join(conds, " AND ")
}

// whereFor is where with the issuer names of f.Issuer looked up: " WHERE …"
// or "".
func (d *DB) whereFor(ctx context.Context, f vanban.Filter, a *args) (string, error) {
	var orgs []string
	if f.Issuer != "" {
		var err error
		if orgs, err = d.issuerFolds(ctx, f.Issuer); err != nil {
			return "", err
		}
	}
	if w := where(f, orgs, a); w != "" {
		return " WHERE " + w, nil
	}
	return "", nil
}

// sortSQL are the ORDER BY clauses of vanban.Sorts (bytewise, as the
// columns are COLLATE "C": the SQLite engine's order).
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

// afterSQL is the keyset condition of vanban.AfterCursor.
func afterSQL(c vanban.Cursor, sort string, a *args) (string, error) {
	switch sort {
	case "id":
		return "d.id > " + a.add(c.ID), nil
	case "-id":
		return "d.id < " + a.add(c.ID), nil
	case "date":
		if c.Key == "" {
			return "(d.date = '' AND d.id > " + a.add(c.ID) + ")", nil
		}
		k := a.add(c.Key)
		return "(d.date = '' OR d.date > " + k + " OR (d.date = " + k + " AND d.id > " + a.add(c.ID) + "))", nil
	case "-date":
		k := a.add(c.Key)
		return "(d.date < " + k + " OR (d.date = " + k + " AND d.id < " + a.add(c.ID) + "))", nil
	}
	return "", fmt.Errorf("keyset paging is by date or id, not %q", sort)
}

// List calls fn for the records opt selects, in its order, reading only
// opt.Fields, streamed row by row.
func (d *DB) List(ctx context.Context, opt vanban.ListOptions, fn func(*vanban.Document) error) error {
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
	a := &args{}
	w, err := d.whereFor(ctx, opt.Filter, a)
	if err != nil {
		return err
	}
	if c := opt.After; c != nil {
		cond, err := afterSQL(*c, opt.Sort, a)
		if err != nil {
			return err
		}
		if w == "" {
			w = " WHERE " + cond
		} else {
			w += " AND " + cond
		}
	}
	sc := newScanner(fields)
	q := `SELECT ` + sc.selectList() + sc.from() + w + ` ORDER BY ` + order
	if opt.Limit >= 0 {
		q += fmt.Sprintf(" LIMIT %d", opt.Limit)
	}
	if opt.Offset > 0 {
		q += fmt.Sprintf(" OFFSET %d", opt.Offset)
	}
	rows, err := d.pool.Query(ctx, q, a.vals...)
	if err != nil {
		return d.errorf("list records", err)
	}
	defer rows.Close()
	for rows.Next() {
		doc, err := sc.scan(rows.Scan)
		if err != nil {
			return d.errorf("list records", err)
		}
		if err := fn(doc); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return d.errorf("list records", err)
	}
	return nil
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
}

// Stats counts the records f selects by one grouping.
func (d *DB) Stats(ctx context.Context, f vanban.Filter, by string) ([]vanban.Count, error) {
	key, ok := statsSQL[by]
	if !ok && by != "finding" {
		return nil, fmt.Errorf("unknown grouping %q", by)
	}
	a := &args{}
	w, err := d.whereFor(ctx, f, a)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + key + ` AS k, count(*) FROM documents d` + w + ` GROUP BY k ORDER BY count(*) DESC, k`
	if by == "finding" {
		// A record counts once under each rule it breaks, and under ""
		// when it breaks none.
		cond := " WHERE NOT EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id)"
		rules := `SELECT x.rule AS k, count(*) AS n FROM findings x GROUP BY x.rule`
		if w != "" {
			cond = w + " AND NOT EXISTS (SELECT 1 FROM findings x WHERE x.doc_id = d.id)"
			rules = `SELECT x.rule AS k, count(*) AS n FROM findings x JOIN documents d ON d.id = x.doc_id` + w + ` GROUP BY x.rule`
		}
		q = `SELECT k, n FROM (` + rules + ` UNION ALL SELECT '' AS k, count(*) AS n FROM documents d` + cond + `) t WHERE n > 0 ORDER BY n DESC, k`
	}
	rows, err := d.pool.Query(ctx, q, a.vals...)
	if err != nil {
		return nil, d.errorf("count records", err)
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

// BySymbol returns the ids of the records whose symbol is sym.
func (d *DB) BySymbol(ctx context.Context, sym string) ([]int64, error) {
	return d.ids(ctx, `SELECT id FROM documents WHERE symbol_fold = $1 ORDER BY id`, vanban.SymbolKey(sym))
}

// docScanner reads documents rows into records.
type docScanner struct {
	fields []vanban.Field
	source bool
	body   bool
	dest   []any
	id     int64
	strs   []string
	src    vanban.Source
	bz     []byte
}

func newScanner(names []string) *docScanner {
	s := &docScanner{}
	want := func(n string) bool { return names == nil || vanban.Contains(names, n) }
	for _, f := range store.StoredFields {
		if want(f.Name) {
			s.fields = append(s.fields, f)
		}
	}
	s.source = want("source")
	s.body = want("body")
	return s
}

func (s *docScanner) selectList() string {
	cols := []string{"d.id"}
	for _, f := range s.fields {
		cols = append(cols, "d."+f.StorageColumn())
	}
	if s.source {
		cols = append(cols, "d.source_path", "d.source_size", "d.source_sha256", "d.imported_at")
	}
	if s.body {
		cols = append(cols, "c.body_s2")
	}
	return strings.Join(cols, ", ")
}

func (s *docScanner) from() string {
	if s.body {
		return ` FROM documents d JOIN contents c ON c.doc_id = d.id`
	}
	return ` FROM documents d`
}

func (s *docScanner) scan(scan func(...any) error) (*vanban.Document, error) {
	if s.dest == nil {
		s.strs = make([]string, len(s.fields))
		s.dest = append(s.dest, &s.id)
		for i := range s.strs {
			s.dest = append(s.dest, &s.strs[i])
		}
		if s.source {
			s.dest = append(s.dest, &s.src.Path, &s.src.Size, &s.src.SHA256, &s.src.ImportedAt)
		}
		if s.body {
			s.dest = append(s.dest, &s.bz)
		}
	}
	if err := scan(s.dest...); err != nil {
		return nil, err
	}
	d := &vanban.Document{ID: s.id}
	for i, f := range s.fields {
		f.DecodeValue(d, s.strs[i])
	}
	if s.source {
		src := s.src
		src.Path = fromDB(src.Path)
		d.Source = &src
	}
	if s.body {
		body, err := store.DecompressBody(s.bz)
		if err != nil {
			return nil, fmt.Errorf("record %d: body unreadable: %w", d.ID, err)
		}
		d.Body = body
	}
	d.Normalize()
	return d, nil
}
