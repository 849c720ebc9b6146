package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/klauspost/compress/s2"

	"github.com/vanban/vanban/internal/store"
)

// CopyOut calls fn with each record of id > after, in id order, whole
// (store.Copier).
func (d *DB) CopyOut(ctx context.Context, after int64, fn func(*store.Record) error) error {
	sc := newScanner(nil)
	rows, err := d.db.QueryContext(ctx, `SELECT `+sc.selectList(d.schema)+`, d.parser_version, d.text_sha256, c.original, `+
		d.orNull(2, "c.original_s2")+`, c.text, `+d.orNull(2, "c.text_s2")+sc.from()+` WHERE d.id > ? ORDER BY d.id`, after)
	if err != nil {
		return fmt.Errorf("copy out of %s: %w", d.path, friendly(err))
	}
	defer rows.Close()
	for rows.Next() {
		var pv string
		var sum, raw, osz, tsz []byte
		var text sql.NullString
		doc, err := sc.scan(func(dest ...any) error {
			return rows.Scan(append(dest, &pv, &sum, &raw, &osz, &text, &tsz)...)
		})
		if err != nil {
			return fmt.Errorf("copy out of %s: %w", d.path, friendly(err))
		}
		r := &store.Record{Doc: doc, ID: doc.ID, TextSHA256: append([]byte(nil), sum...), ParserVersion: pv}
		switch {
		case osz != nil:
			r.OriginalS2 = append([]byte(nil), osz...)
		default:
			r.OriginalS2 = s2.Encode(nil, raw) // schema 1: stored uncompressed
		}
		switch {
		case tsz != nil:
			r.TextS2 = append([]byte(nil), tsz...)
		case text.Valid:
			r.TextS2 = s2.Encode(nil, []byte(text.String))
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("copy out of %s: %w", d.path, friendly(err))
	}
	return nil
}

// orNull is column c, or NULL in an archive older than schema since.
func (d *DB) orNull(since int, c string) string {
	if d.schema < since {
		return "NULL"
	}
	return c
}

// CopyMeta returns the corrections, history and trash (store.Copier).
func (d *DB) CopyMeta(ctx context.Context) (*store.Meta, error) {
	m := &store.Meta{}
	if err := d.db.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(id) FROM documents), 0), coalesce((SELECT max(n) FROM id_floor), 0))`).Scan(&m.IDFloor); err != nil {
		return nil, fmt.Errorf("read %s: %w", d.path, friendly(err))
	}
	if d.schema < 7 {
		return m, nil // no corrections, history or trash yet
	}
	rows, err := d.db.QueryContext(ctx, `SELECT doc_id, field, value, parser_value, actor, at FROM overrides ORDER BY doc_id, field`)
	if err != nil {
		return nil, fmt.Errorf("read corrections of %s: %w", d.path, friendly(err))
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
	rows, err = d.db.QueryContext(ctx, `SELECT doc_id, deleted_at, actor, symbol, type, source_path, source_sha256, original, original_s2, text_s2 FROM trash ORDER BY doc_id`)
	if err != nil {
		return nil, fmt.Errorf("read deleted records of %s: %w", d.path, friendly(err))
	}
	defer rows.Close()
	for rows.Next() {
		var t store.TrashRow
		var raw []byte
		if err := rows.Scan(&t.ID, &t.DeletedAt, &t.Actor, &t.Symbol, &t.Type, &t.Path, &t.SourceSHA256, &raw, &t.OriginalS2, &t.TextS2); err != nil {
			return nil, err
		}
		if t.OriginalS2 == nil {
			t.OriginalS2 = s2.Encode(nil, raw)
		}
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
	for _, o := range m.Overrides {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO overrides (doc_id, field, value, parser_value, actor, at) VALUES (?, ?, ?, ?, ?, ?)`,
			o.ID, o.Field, o.Value, o.ParserValue, o.Actor, o.At); err != nil {
			return fmt.Errorf("copy corrections into %s: %w", d.path, friendly(err))
		}
	}
	for _, c := range m.History {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO history (seq, at, actor, command, doc_id, action, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Seq, c.At, c.Actor, c.Command, c.ID, c.Action, c.Field, c.Old, c.New); err != nil {
			return fmt.Errorf("copy history into %s: %w", d.path, friendly(err))
		}
	}
	for _, t := range m.Trash {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO trash (doc_id, deleted_at, actor, symbol, type, source_path, source_sha256, original, original_s2, text_s2)
			VALUES (?, ?, ?, ?, ?, ?, ?, X'', ?, ?)`, t.ID, t.DeletedAt, t.Actor, t.Symbol, t.Type, t.Path, t.SourceSHA256, t.OriginalS2, t.TextS2); err != nil {
			return fmt.Errorf("copy deleted records into %s: %w", d.path, friendly(err))
		}
	}
	if _, err := w.tx.ExecContext(ctx, `UPDATE id_floor SET n = max(n, ?)`, m.IDFloor); err != nil {
		return fmt.Errorf("copy into %s: %w", d.path, friendly(err))
	}
	return w.Commit()
}

// TextHashes returns the text hash of every record of id <= upTo.
func (d *DB) TextHashes(ctx context.Context, upTo int64) (map[int64]string, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, text_sha256 FROM documents WHERE id <= ?`, upTo)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", d.path, friendly(err))
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
