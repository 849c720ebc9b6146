package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// Links between records, kept as the SQLite engine keeps them: every
// reference of a record is a row of links naming the archived record
// vanban.ChooseTarget picks among those bearing its symbol, chosen again
// whenever a record with that symbol comes, goes or changes (relink). The
// cross-record writes run under the schema's advisory lock, so that two
// importers never link against each other's half-written batches.

var linkColumns = []string{"doc_id", "seq", "kind", "type", "symbol", "symbol_fold", "ref_date", "ref_issuer", "target_id"}

// linkBatch links the references of the batch's records, then relinks the
// citations of the batch's own symbols. A handful of statements a batch,
// whatever its size: the candidates of every cited symbol in one query,
// the links in one COPY, the citations of the batch's symbols in one query
// and their new targets in one update (a query a symbol cost 150 ms a
// batch of 500 records over a local socket).
func (w *Writer) linkBatch(ctx context.Context) error {
	var keys []string
	own := map[string]bool{}
	for _, d := range w.links {
		for _, r := range d.References {
			if key := vanban.SymbolKey(r.Symbol); key != "" {
				keys = append(keys, key)
			}
		}
		if d.Symbol != "" {
			own[vanban.SymbolKey(d.Symbol)] = true
		}
	}
	cands, err := w.bearingMany(ctx, keys)
	if err != nil {
		return err
	}
	var rows [][]any
	for _, d := range w.links {
		for i, r := range d.References {
			key := vanban.SymbolKey(r.Symbol)
			var target *int64
			if key != "" {
				if t := vanban.ChooseTarget(r, d, cands[key]); t != nil {
					id := t.ID
					target = &id
				}
			}
			rows = append(rows, []any{d.ID, i, r.Kind, r.Type, r.Symbol, key, r.Date, r.Issuer, target})
		}
	}
	if len(rows) > 0 {
		if _, err := w.tx.CopyFrom(ctx, pgx.Identifier{"links"}, linkColumns, pgx.CopyFromRows(rows)); err != nil {
			return w.db.errorf("record references", err)
		}
	}
	w.links = nil
	var ownKeys []string
	for k := range own {
		ownKeys = append(ownKeys, k)
	}
	return w.relinkMany(ctx, ownKeys)
}

// bearingMany returns, for each symbol key, the records bearing it with
// what ChooseTarget weighs.
func (w *Writer) bearingMany(ctx context.Context, keys []string) (map[string][]*vanban.Document, error) {
	out := map[string][]*vanban.Document{}
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := w.tx.Query(ctx, `SELECT symbol_fold, id, symbol, date, issuer, parent_issuer, issuer_code FROM documents WHERE symbol_fold = ANY($1) ORDER BY id`, keys)
	if err != nil {
		return nil, w.db.errorf("link references", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		c := &vanban.Document{}
		if err := rows.Scan(&key, &c.ID, &c.Symbol, &c.Date, &c.Issuer, &c.ParentIssuer, &c.IssuerCode); err != nil {
			return nil, err
		}
		out[key] = append(out[key], c)
	}
	if err := rows.Err(); err != nil {
		return nil, w.db.errorf("link references", err)
	}
	return out, nil
}

// dropLinks removes the references of record id and unlinks the citations
// naming it; the record's symbol key is returned, to be relinked.
func (w *Writer) dropLinks(ctx context.Context, id int64) (string, error) {
	var key string
	if err := w.tx.QueryRow(ctx, `SELECT symbol_fold FROM documents WHERE id = $1`, id).Scan(&key); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", w.db.errorf(fmt.Sprintf("unlink record %d", id), err)
	}
	if _, err := w.tx.Exec(ctx, `DELETE FROM links WHERE doc_id = $1`, id); err != nil {
		return "", w.db.errorf(fmt.Sprintf("unlink record %d", id), err)
	}
	if _, err := w.tx.Exec(ctx, `UPDATE links SET target_id = NULL WHERE target_id = $1`, id); err != nil {
		return "", w.db.errorf(fmt.Sprintf("unlink record %d", id), err)
	}
	return key, nil
}

// relink chooses again the target of every link citing symbol key.
func (w *Writer) relink(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	return w.relinkMany(ctx, []string{key})
}

// relinkMany chooses again the target of every link citing one of keys.
func (w *Writer) relinkMany(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	type citation struct {
		key      string
		doc, seq int64
		ref      vanban.Reference
		citing   vanban.Document
		target   *int64
	}
	rows, err := w.tx.Query(ctx, `SELECT l.symbol_fold, l.doc_id, l.seq, l.ref_date, l.ref_issuer, l.target_id, d.issuer, d.parent_issuer
		FROM links l JOIN documents d ON d.id = l.doc_id WHERE l.symbol_fold = ANY($1)`, keys)
	if err != nil {
		return w.db.errorf("link references", err)
	}
	var cs []citation
	cited := map[string]bool{}
	for rows.Next() {
		var c citation
		if err := rows.Scan(&c.key, &c.doc, &c.seq, &c.ref.Date, &c.ref.Issuer, &c.target, &c.citing.Issuer, &c.citing.ParentIssuer); err != nil {
			rows.Close()
			return err
		}
		c.citing.ID = c.doc
		cs = append(cs, c)
		cited[c.key] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return w.db.errorf("link references", err)
	}
	if len(cs) == 0 {
		return nil
	}
	var citedKeys []string
	for k := range cited {
		citedKeys = append(citedKeys, k)
	}
	cands, err := w.bearingMany(ctx, citedKeys)
	if err != nil {
		return err
	}
	var docs, seqs []int64
	var targets []*int64
	for _, c := range cs {
		var want *int64
		if t := vanban.ChooseTarget(c.ref, &c.citing, cands[c.key]); t != nil {
			id := t.ID
			want = &id
		}
		if (want == nil) == (c.target == nil) && (want == nil || *want == *c.target) {
			continue
		}
		docs, seqs, targets = append(docs, c.doc), append(seqs, c.seq), append(targets, want)
	}
	if len(docs) == 0 {
		return nil
	}
	if _, err := w.tx.Exec(ctx, `UPDATE links l SET target_id = v.t FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS v(doc, seq, t)
		WHERE l.doc_id = v.doc AND l.seq = v.seq`, docs, seqs, targets); err != nil {
		return w.db.errorf("link references", err)
	}
	return nil
}

// Relations returns the links of record id, depth levels each way
// (store.WalkRelations).
func (d *DB) Relations(ctx context.Context, id int64, depth int) (*vanban.Relations, error) {
	doc, err := d.linkDoc(ctx, id)
	if err != nil {
		return nil, err
	}
	cites := func(from int64) ([]vanban.Link, error) {
		rows, err := d.pool.Query(ctx, `SELECT l.kind, l.type, l.symbol, l.ref_date, l.ref_issuer, l.target_id,
			coalesce(t.symbol, ''), coalesce(t.type, ''), coalesce(t.date, ''), coalesce(t.issuer, ''), coalesce(t.subject, '')
			FROM links l LEFT JOIN documents t ON t.id = l.target_id WHERE l.doc_id = $1 ORDER BY l.seq`, from)
		if err != nil {
			return nil, d.errorf(fmt.Sprintf("read references of record %d", from), err)
		}
		defer rows.Close()
		var out []vanban.Link
		for rows.Next() {
			var l vanban.Link
			var t *int64
			var to vanban.Document
			if err := rows.Scan(&l.Ref.Kind, &l.Ref.Type, &l.Ref.Symbol, &l.Ref.Date, &l.Ref.Issuer, &t,
				&to.Symbol, &to.Type, &to.Date, &to.Issuer, &to.Subject); err != nil {
				return nil, err
			}
			if t != nil {
				to.ID = *t
				l.To = &to
			}
			out = append(out, l)
		}
		return out, rows.Err()
	}
	citedBy := func(to int64) ([]vanban.Link, error) {
		rows, err := d.pool.Query(ctx, `SELECT l.doc_id, l.kind, l.type, l.symbol, l.ref_date, l.ref_issuer,
			f.symbol, f.type, f.date, f.issuer, f.subject
			FROM links l JOIN documents f ON f.id = l.doc_id WHERE l.target_id = $1 ORDER BY l.doc_id, l.seq`, to)
		if err != nil {
			return nil, d.errorf(fmt.Sprintf("read citations of record %d", to), err)
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

// linkDoc reads what relations show of a record.
func (d *DB) linkDoc(ctx context.Context, id int64) (*vanban.Document, error) {
	x := &vanban.Document{ID: id}
	err := d.pool.QueryRow(ctx, `SELECT symbol, type, date, issuer, subject FROM documents WHERE id = $1`, id).
		Scan(&x.Symbol, &x.Type, &x.Date, &x.Issuer, &x.Subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("record %d: %w", id, vanban.ErrNotFound)
	}
	if err != nil {
		return nil, d.errorf(fmt.Sprintf("read record %d", id), err)
	}
	return x, nil
}

// Missing lists the symbols cited in the archive that no record bears,
// most cited first.
func (d *DB) Missing(ctx context.Context, limit int) ([]vanban.MissingRef, error) {
	q := `SELECT min(symbol), min(type), count(DISTINCT doc_id), min(doc_id) FROM links l
		WHERE target_id IS NULL AND (strpos(symbol_fold, '/') > 0 OR strpos(symbol_fold, '-') > 0)
		AND NOT EXISTS (SELECT 1 FROM documents x WHERE x.symbol_fold = l.symbol_fold)
		GROUP BY symbol_fold ORDER BY count(DISTINCT doc_id) DESC, min(symbol_fold)`
	var a []any
	if limit >= 0 {
		q += ` LIMIT $1`
		a = append(a, limit)
	}
	rows, err := d.pool.Query(ctx, q, a...)
	if err != nil {
		return nil, d.errorf("read missing references", err)
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
	rows, err := d.pool.Query(ctx, `SELECT target_id, min(doc_id), min(kind) FROM links
		WHERE target_id IS NOT NULL AND kind IN ($1, $2) GROUP BY target_id`, vanban.RefReplaces, vanban.RefRepeals)
	if err != nil {
		return nil, d.errorf("read replaced records", err)
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
