package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// Links between records (schema 6). Every reference of a record is a row
// of links; it names the archived record vanban.ChooseTarget picks among
// those bearing its symbol. Whenever a record with a symbol comes, goes or
// changes, the links naming that symbol are chosen again (relink), so a
// citation made before the cited document arrived is linked when it does,
// and one that a second record with the same symbol makes ambiguous is
// unlinked: no false links.

// linkSQL is the insert of one link row.
const linkSQL = `INSERT INTO links (doc_id, seq, kind, type, symbol, symbol_fold, ref_date, ref_issuer, target_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

// linkFillSQL is linkSQL for fillLinks: a link already there was written
// by an importer that ran while the fill started (two processes opening a
// new archive at once) and stays.
var linkFillSQL = strings.Replace(linkSQL, "INSERT INTO", "INSERT OR IGNORE INTO", 1)

// linkRows is how many link rows one insert writes at commit.
const linkRows = 64

// linkStmts are the writer's prepared statements for links.
type linkStmts struct {
	ins, insMany, bear, cites, set *sql.Stmt
}

func prepareLinks(ctx context.Context, tx *sql.Tx) (linkStmts, error) {
	var s linkStmts
	var err error
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&s.ins, linkSQL},
		{&s.insMany, linkSQL + strings.Repeat(", (?, ?, ?, ?, ?, ?, ?, ?, ?)", linkRows-1)},
		{&s.bear, `SELECT id, symbol, date, issuer, parent_issuer, issuer_code FROM documents WHERE symbol_fold = ?`},
		{&s.cites, `SELECT l.doc_id, l.seq, l.ref_date, l.ref_issuer, l.target_id, d.issuer, d.parent_issuer
			FROM links l JOIN documents d ON d.id = l.doc_id WHERE l.symbol_fold = ?`},
		{&s.set, `UPDATE links SET target_id = ? WHERE doc_id = ? AND seq = ?`},
	} {
		if *p.st, err = tx.PrepareContext(ctx, p.q); err != nil {
			return s, err
		}
	}
	return s, nil
}

// linkDoc is what a batch keeps of a record for linking at commit.
type linkDoc struct {
	doc *vanban.Document // id, symbol, issuer, parent and references
}

// linkBatch links the references of the batch's records, each to the
// record it names (its candidates read once per symbol for the batch,
// after every record of the batch is in), then relinks the citations of
// the batch's own symbols (which its records may now be the target of, or
// make ambiguous). A record costs a lookup of each symbol it cites, not of
// everything citing it: many records cite the same decree.
func (w *Writer) linkBatch(ctx context.Context) error {
	cands := map[string][]*vanban.Document{}
	own := map[string]bool{}
	rows := make([]any, 0, 9*linkRows)
	for _, ld := range w.links {
		d := ld.doc
		for i, r := range d.References {
			key := vanban.SymbolKey(r.Symbol)
			var target sql.NullInt64
			if key != "" {
				c, ok := cands[key]
				if !ok {
					var err error
					if c, err = w.bearing(ctx, key); err != nil {
						return err
					}
					cands[key] = c
				}
				if t := vanban.ChooseTarget(r, d, c); t != nil {
					target = sql.NullInt64{Int64: t.ID, Valid: true}
				}
			}
			rows = append(rows, d.ID, i, r.Kind, r.Type, r.Symbol, key, r.Date, r.Issuer, target)
			if len(rows) == 9*linkRows {
				if _, err := w.ls.insMany.ExecContext(ctx, rows...); err != nil {
					return fmt.Errorf("record references: %w", friendly(err))
				}
				rows = rows[:0]
			}
		}
		if d.Symbol != "" {
			own[vanban.SymbolKey(d.Symbol)] = true
		}
	}
	for i := 0; i < len(rows); i += 9 {
		if _, err := w.ls.ins.ExecContext(ctx, rows[i:i+9]...); err != nil {
			return fmt.Errorf("record references: %w", friendly(err))
		}
	}
	w.links = nil
	for k := range own {
		if err := w.relink(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// bearing returns the records whose symbol has key, with what ChooseTarget
// weighs.
func (w *Writer) bearing(ctx context.Context, key string) ([]*vanban.Document, error) {
	rows, err := w.ls.bear.QueryContext(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("link references: %w", friendly(err))
	}
	defer rows.Close()
	var cands []*vanban.Document
	for rows.Next() {
		c := &vanban.Document{}
		if err := rows.Scan(&c.ID, &c.Symbol, &c.Date, &c.Issuer, &c.ParentIssuer, &c.IssuerCode); err != nil {
			return nil, err
		}
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("link references: %w", friendly(err))
	}
	return cands, nil
}

// dropLinks removes the references of record id and unlinks the citations
// naming it; the symbol key of the record is returned, to be relinked once
// the record is gone or rewritten.
func (w *Writer) dropLinks(ctx context.Context, id int64) (string, error) {
	var key string
	if err := w.tx.QueryRowContext(ctx, `SELECT symbol_fold FROM documents WHERE id = ?`, id).Scan(&key); err != nil && err != sql.ErrNoRows {
		return "", fmt.Errorf("unlink record %d: %w", id, friendly(err))
	}
	if _, err := w.tx.ExecContext(ctx, `DELETE FROM links WHERE doc_id = ?`, id); err != nil {
		return "", fmt.Errorf("unlink record %d: %w", id, friendly(err))
	}
	if _, err := w.tx.ExecContext(ctx, `UPDATE links SET target_id = NULL WHERE target_id = ?`, id); err != nil {
		return "", fmt.Errorf("unlink record %d: %w", id, friendly(err))
	}
	return key, nil
}

// relink chooses again the target of every link citing symbol key.
func (w *Writer) relink(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	type citation struct {
		doc, seq int64
		ref      vanban.Reference
		citing   vanban.Document
		target   sql.NullInt64
	}
	rows, err := w.ls.cites.QueryContext(ctx, key)
	if err != nil {
		return fmt.Errorf("link references: %w", friendly(err))
	}
	var cs []citation
	for rows.Next() {
		var c citation
		if err := rows.Scan(&c.doc, &c.seq, &c.ref.Date, &c.ref.Issuer, &c.target, &c.citing.Issuer, &c.citing.ParentIssuer); err != nil {
			rows.Close()
			return err
		}
		c.citing.ID = c.doc
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("link references: %w", friendly(err))
	}
	if len(cs) == 0 {
		return nil
	}
	cands, err := w.bearing(ctx, key)
	if err != nil {
		return err
	}
	for _, c := range cs {
		var want sql.NullInt64
		if t := vanban.ChooseTarget(c.ref, &c.citing, cands); t != nil {
			want = sql.NullInt64{Int64: t.ID, Valid: true}
		}
		if want == c.target {
			continue
		}
		if _, err := w.ls.set.ExecContext(ctx, want, c.doc, c.seq); err != nil {
			return fmt.Errorf("link references: %w", friendly(err))
		}
	}
	return nil
}

func scanStrings(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// linksFillBatch is how many records one transaction of fillLinks reads.
const linksFillBatch = 5000

// fillLinks adds the references of the records of an archive made before
// schema 6 to links, in transactions of linksFillBatch records (resuming
// after the last one a killed fill wrote), then links every cited symbol
// that a record bears, and marks the fill done. It runs on a writing open.
func (d *DB) fillLinks(ctx context.Context) error {
	var done int
	if err := d.db.QueryRowContext(ctx, `SELECT done FROM links_fill`).Scan(&done); err != nil {
		return fmt.Errorf("read link state of %s: %w", d.path, friendly(err))
	}
	if done == 1 {
		return nil
	}
	for {
		w, err := d.beginWrite(ctx)
		if err != nil {
			return err
		}
		// The state again, under the write lock: another process opening
		// the archive at the same time may have filled it, and its
		// importer written records with their links since.
		var last int64
		if err := w.tx.QueryRowContext(ctx, `SELECT done, last FROM links_fill`).Scan(&done, &last); err != nil {
			w.Rollback()
			return fmt.Errorf("read link state of %s: %w", d.path, friendly(err))
		}
		if done == 1 {
			w.Rollback()
			return nil
		}
		rows, err := w.tx.QueryContext(ctx, `SELECT id, refs FROM documents WHERE id > ? ORDER BY id LIMIT ?`, last, linksFillBatch)
		if err != nil {
			w.Rollback()
			return fmt.Errorf("fill links: %w", friendly(err))
		}
		var docs []*vanban.Document
		for rows.Next() {
			doc := &vanban.Document{}
			var refs string
			if err := rows.Scan(&doc.ID, &refs); err != nil {
				rows.Close()
				w.Rollback()
				return err
			}
			referencesField.DecodeValue(doc, refs)
			docs = append(docs, doc)
		}
		rows.Close()
		for _, doc := range docs {
			for i, r := range doc.References {
				if _, err := w.tx.ExecContext(ctx, linkFillSQL, doc.ID, i, r.Kind, r.Type, r.Symbol, vanban.SymbolKey(r.Symbol), r.Date, r.Issuer, nil); err != nil {
					w.Rollback()
					return fmt.Errorf("fill links: %w", friendly(err))
				}
			}
			last = doc.ID
		}
		if len(docs) < linksFillBatch {
			keys, err := scanStrings(w.tx.QueryContext(ctx, `SELECT DISTINCT l.symbol_fold FROM links l
				WHERE EXISTS (SELECT 1 FROM documents d WHERE d.symbol_fold = l.symbol_fold)`))
			if err != nil {
				w.Rollback()
				return fmt.Errorf("fill links: %w", friendly(err))
			}
			for _, k := range keys {
				if err := w.relink(ctx, k); err != nil {
					w.Rollback()
					return err
				}
			}
		}
		state := 0
		if len(docs) < linksFillBatch {
			state = 1
		}
		if _, err := w.tx.ExecContext(ctx, `UPDATE links_fill SET done = ?, last = ?`, state, last); err != nil {
			w.Rollback()
			return fmt.Errorf("fill links: %w", friendly(err))
		}
		w.pending, w.keys = nil, nil
		if err := w.Commit(); err != nil {
			return err
		}
		if state == 1 {
			return nil
		}
	}
}

var referencesField, _ = vanban.FieldByName("references")

// Relations returns the links of record id, depth levels each way: the
// records it cites (and what they cite), the records citing it (and what
// cites them); store.WalkRelations follows them.
func (d *DB) Relations(ctx context.Context, id int64, depth int) (*vanban.Relations, error) {
	if err := d.haveLinks(); err != nil {
		return nil, err
	}
	doc, err := d.linkDoc(ctx, id)
	if err != nil {
		return nil, err
	}
	// Each query reads the links of one record with the records they name
	// (one join, not a query per link).
	cites := func(from int64) ([]vanban.Link, error) {
		rows, err := d.db.QueryContext(ctx, `SELECT l.kind, l.type, l.symbol, l.ref_date, l.ref_issuer, l.target_id,
			coalesce(t.symbol, ''), coalesce(t.type, ''), coalesce(t.date, ''), coalesce(t.issuer, ''), coalesce(t.subject, '')
			FROM links l LEFT JOIN documents t ON t.id = l.target_id WHERE l.doc_id = ? ORDER BY l.seq`, from)
		if err != nil {
			return nil, fmt.Errorf("read references of record %d: %w", from, friendly(err))
		}
		defer rows.Close()
		var out []vanban.Link
		for rows.Next() {
			var l vanban.Link
			var t sql.NullInt64
			var to vanban.Document
			if err := rows.Scan(&l.Ref.Kind, &l.Ref.Type, &l.Ref.Symbol, &l.Ref.Date, &l.Ref.Issuer, &t,
				&to.Symbol, &to.Type, &to.Date, &to.Issuer, &to.Subject); err != nil {
				return nil, err
			}
			if t.Valid {
				to.ID = t.Int64
				l.To = &to
			}
			out = append(out, l)
		}
		return out, rows.Err()
	}
	citedBy := func(to int64) ([]vanban.Link, error) {
		rows, err := d.db.QueryContext(ctx, `SELECT l.doc_id, l.kind, l.type, l.symbol, l.ref_date, l.ref_issuer,
			f.symbol, f.type, f.date, f.issuer, f.subject
			FROM links l JOIN documents f ON f.id = l.doc_id WHERE l.target_id = ? ORDER BY l.doc_id, l.seq`, to)
		if err != nil {
			return nil, fmt.Errorf("read citations of record %d: %w", to, friendly(err))
		}
		defer rows.Close()
		var out []vanban.Link
		for rows.Next() {
			var l vanban.Link
			from := &vanban.Document{}
			if err := rows.Scan(&from.ID, &l.Ref.Kind, &l.Ref.Type, &l.Ref.Symbol, &l.Ref.Date, &l.Ref.Issuer,
				&from.Symbol, &from.Type, &from.Date, &from.Issuer, &from.Subject); err != nil {
				return nil, err
			}
			l.From = from
			out = append(out, l)
		}
		return out, rows.Err()
	}
	return store.WalkRelations(doc, depth, cites, citedBy)
}

// haveLinks tells a reader of an archive older than schema 6 how to get
// its links.
func (d *DB) haveLinks() error {
	if d.schema < 6 {
		return fmt.Errorf("archive %s was %w and holds no links between records yet: any writing command (vanban import, vanban reparse) adds them", d.path, vanban.ErrOlderArchive)
	}
	return nil
}

// linkDoc reads what relations show of a record.
func (d *DB) linkDoc(ctx context.Context, id int64) (*vanban.Document, error) {
	x := &vanban.Document{ID: id}
	err := d.db.QueryRowContext(ctx, `SELECT symbol, type, date, issuer, subject FROM documents WHERE id = ?`, id).
		Scan(&x.Symbol, &x.Type, &x.Date, &x.Issuer, &x.Subject)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("record %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read record %d: %w", id, friendly(err))
	}
	return x, nil
}

// Missing lists the symbols cited in the archive that no record bears
// (citations of a number alone, "Công điện số 1852", are left out: they
// name no document the archive could hold apart), most cited first.
func (d *DB) Missing(ctx context.Context, limit int) ([]vanban.MissingRef, error) {
	if err := d.haveLinks(); err != nil {
		return nil, err
	}
	q := `SELECT min(symbol), min(type), count(DISTINCT doc_id), min(doc_id) FROM links l
		WHERE target_id IS NULL AND (instr(symbol_fold, '/') > 0 OR instr(symbol_fold, '-') > 0)
		AND NOT EXISTS (SELECT 1 FROM documents x WHERE x.symbol_fold = l.symbol_fold)
		GROUP BY symbol_fold ORDER BY count(DISTINCT doc_id) DESC, min(symbol_fold)`
	args := []any{}
	if limit >= 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read missing references: %w", friendly(err))
	}
	defer rows.Close()
	out := []vanban.MissingRef{}
	for rows.Next() {
		var m vanban.MissingRef
		if err := rows.Scan(&m.Symbol, &m.Type, &m.CitedBy, &m.First); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Ended returns the records an archived record replaces or repeals.
func (d *DB) Ended(ctx context.Context) (map[int64]vanban.EndedBy, error) {
	if err := d.haveLinks(); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT target_id, min(doc_id), min(kind) FROM links
		WHERE target_id IS NOT NULL AND kind IN (?, ?) GROUP BY target_id`, vanban.RefReplaces, vanban.RefRepeals)
	if err != nil {
		return nil, fmt.Errorf("read replaced records: %w", friendly(err))
	}
	defer rows.Close()
	out := map[int64]vanban.EndedBy{}
	for rows.Next() {
		var id int64
		var e vanban.EndedBy
		if err := rows.Scan(&id, &e.ID, &e.Kind); err != nil {
			return nil, err
		}
		out[id] = e
	}
	return out, rows.Err()
}

var _ vanban.Relater = (*DB)(nil)
