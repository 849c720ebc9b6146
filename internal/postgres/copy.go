package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vanban/vanban/internal/store"
)

// CopyOut calls fn with each record of id > after, in id order, whole
// (store.Copier). The records are read in pages of copyPage, each its own
// query: a copy of a large archive never holds a cursor open for hours.
func (d *DB) CopyOut(ctx context.Context, after int64, fn func(*store.Record) error) error {
	sc := newScanner(nil)
	q := `SELECT ` + sc.selectList() + `, d.parser_version, d.text_sha256, c.original_s2, c.text_s2` + sc.from() +
		` WHERE d.id > $1 ORDER BY d.id LIMIT ` + fmt.Sprint(copyPage)
	for {
		var recs []*store.Record
		rows, err := d.pool.Query(ctx, q, after)
		if err != nil {
			return d.errorf("copy out", err)
		}
		for rows.Next() {
			r := &store.Record{}
			doc, err := sc.scan(func(dest ...any) error {
				return rows.Scan(append(dest, &r.ParserVersion, &r.TextSHA256, &r.OriginalS2, &r.TextS2)...)
			})
			if err != nil {
				rows.Close()
				return d.errorf("copy out", err)
			}
			r.Doc, r.ID = doc, doc.ID
			recs = append(recs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return d.errorf("copy out", err)
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
			after = r.ID
		}
		if len(recs) < copyPage {
			return nil
		}
	}
}

const copyPage = 500

// CopyMeta returns the corrections, history and trash (store.Copier).
func (d *DB) CopyMeta(ctx context.Context) (*store.Meta, error) {
	m := &store.Meta{}
	if err := d.pool.QueryRow(ctx, `SELECT greatest(coalesce((SELECT max(id) FROM documents), 0),
		(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM documents_id_seq))`).Scan(&m.IDFloor); err != nil {
		return nil, d.errorf("read", err)
	}
	rows, err := d.pool.Query(ctx, `SELECT doc_id, field, value, parser_value, actor, at FROM overrides ORDER BY doc_id, field`)
	if err != nil {
		return nil, d.errorf("read corrections", err)
	}
	for rows.Next() {
		var o store.OverrideRow
		if err := rows.Scan(&o.ID, &o.Field, &o.Value, &o.ParserValue, &o.Actor, &o.At); err != nil {
			rows.Close()
			return nil, err
		}
		m.Overrides = append(m.Overrides, o)
	}
	rows.Close()
	if m.History, err = d.History(ctx, 0); err != nil {
		return nil, err
	}
	rows, err = d.pool.Query(ctx, `SELECT doc_id, deleted_at, actor, symbol, type, source_path, source_sha256, original_s2, text_s2 FROM trash ORDER BY doc_id`)
	if err != nil {
		return nil, d.errorf("read deleted records", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t store.TrashRow
		if err := rows.Scan(&t.ID, &t.DeletedAt, &t.Actor, &t.Symbol, &t.Type, &t.Path, &t.SourceSHA256, &t.OriginalS2, &t.TextS2); err != nil {
			return nil, err
		}
		t.Path = fromDB(t.Path)
		m.Trash = append(m.Trash, t)
	}
	return m, rows.Err()
}

// CopyMetaIn stores m in one transaction (store.Copier).
func (d *DB) CopyMetaIn(ctx context.Context, m *store.Meta) error {
	w, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer w.Rollback()
	if err := w.lock(ctx); err != nil {
		return err
	}
	var ovs [][]any
	for _, o := range m.Overrides {
		ovs = append(ovs, []any{o.ID, o.Field, o.Value, o.ParserValue, o.Actor, o.At})
	}
	if _, err := w.tx.CopyFrom(ctx, pgx.Identifier{"overrides"}, []string{"doc_id", "field", "value", "parser_value", "actor", "at"}, pgx.CopyFromRows(ovs)); err != nil {
		return d.errorf("copy corrections", err)
	}
	var hs [][]any
	for _, c := range m.History {
		hs = append(hs, []any{c.Seq, c.At, toDB(c.Actor), toDB(c.Command), c.ID, c.Action, c.Field, toDB(c.Old), toDB(c.New)})
	}
	if _, err := w.tx.CopyFrom(ctx, pgx.Identifier{"history"}, []string{"seq", "at", "actor", "command", "doc_id", "action", "field", "old", "new"}, pgx.CopyFromRows(hs)); err != nil {
		return d.errorf("copy history", err)
	}
	if _, err := w.tx.Exec(ctx, `SELECT setval('history_seq_seq', greatest(coalesce((SELECT max(seq) FROM history), 1), 1))`); err != nil {
		return d.errorf("copy history", err)
	}
	var ts [][]any
	for _, t := range m.Trash {
		ts = append(ts, []any{t.ID, t.DeletedAt, toDB(t.Actor), t.Symbol, t.Type, toDB(t.Path), t.SourceSHA256, t.OriginalS2, t.TextS2})
	}
	if _, err := w.tx.CopyFrom(ctx, pgx.Identifier{"trash"}, []string{"doc_id", "deleted_at", "actor", "symbol", "type", "source_path", "source_sha256", "original_s2", "text_s2"}, pgx.CopyFromRows(ts)); err != nil {
		return d.errorf("copy deleted records", err)
	}
	if m.IDFloor > 0 {
		if _, err := w.tx.Exec(ctx, `SELECT setval('documents_id_seq', greatest($1, (SELECT last_value FROM documents_id_seq)))`, m.IDFloor); err != nil {
			return d.errorf("copy", err)
		}
	}
	return w.Commit()
}

// TextHashes returns the text hash of every record of id <= upTo.
func (d *DB) TextHashes(ctx context.Context, upTo int64) (map[int64]string, error) {
	rows, err := d.pool.Query(ctx, `SELECT id, text_sha256 FROM documents WHERE id <= $1`, upTo)
	if err != nil {
		return nil, d.errorf("read", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var sum []byte
		if err := rows.Scan(&id, &sum); err != nil {
			return nil, err
		}
		out[id] = string(sum)
	}
	return out, rows.Err()
}

var _ store.Copier = (*DB)(nil)
