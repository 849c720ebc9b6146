package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// Who and what is recorded in the history: set by the command line after
// opening (DB.Actor, DB.Command); "" reads as unknown.

func (d *DB) now() string { return d.Now().UTC().Format(time.RFC3339) }

// logChange appends a row to the history.
func (w *Writer) logChange(ctx context.Context, id int64, action, field, old, new string) error {
	if _, err := w.tx.ExecContext(ctx, `INSERT INTO history (at, actor, command, doc_id, action, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		w.db.now(), w.db.Actor, w.db.Command, id, action, field, old, new); err != nil {
		return fmt.Errorf("record history of record %d: %w", id, friendly(err))
	}
	return nil
}

// LogReparse records the fields a reparse changed in record id.
func (w *Writer) LogReparse(ctx context.Context, id int64, old, new *vanban.Document, fields []string) error {
	for _, name := range fields {
		f, ok := vanban.FieldByName(name)
		if !ok {
			continue
		}
		if err := w.logChange(ctx, id, "reparse", name, store.HistoryValue(f, old), store.HistoryValue(f, new)); err != nil {
			return err
		}
	}
	return nil
}

// Overrides returns the corrected fields of record id, by field name.
func (d *DB) Overrides(ctx context.Context, id int64) (map[string]store.Override, error) {
	out := map[string]store.Override{}
	if d.schema < 7 {
		return out, nil
	}
	rows, err := d.db.QueryContext(ctx, `SELECT field, value, parser_value, actor, at FROM overrides WHERE doc_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("read corrections of record %d: %w", id, friendly(err))
	}
	defer rows.Close()
	for rows.Next() {
		var o store.Override
		if err := rows.Scan(&o.Field, &o.Value, &o.ParserValue, &o.Actor, &o.At); err != nil {
			return nil, err
		}
		out[o.Field] = o
	}
	return out, rows.Err()
}

// SetOverride records value (stored form) as the correction of field of
// record id; parserValue is the parser's value when the field was not
// corrected before (an earlier correction keeps the parser's value it
// knew).
func (w *Writer) SetOverride(ctx context.Context, id int64, field, value, parserValue string) error {
	if _, err := w.tx.ExecContext(ctx, `INSERT INTO overrides (doc_id, field, value, parser_value, actor, at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (doc_id, field) DO UPDATE SET value = excluded.value, actor = excluded.actor, at = excluded.at`,
		id, field, value, parserValue, w.db.Actor, w.db.now()); err != nil {
		return fmt.Errorf("correct %s of record %d: %w", field, id, friendly(err))
	}
	return nil
}

// SetParserValue records the parser's new value of a corrected field
// (reparse).
func (w *Writer) SetParserValue(ctx context.Context, id int64, field, value string) error {
	if _, err := w.tx.ExecContext(ctx, `UPDATE overrides SET parser_value = ? WHERE doc_id = ? AND field = ?`, value, id, field); err != nil {
		return fmt.Errorf("correct %s of record %d: %w", field, id, friendly(err))
	}
	return nil
}

// DropOverride removes the correction of field of record id.
func (w *Writer) DropOverride(ctx context.Context, id int64, field string) error {
	if _, err := w.tx.ExecContext(ctx, `DELETE FROM overrides WHERE doc_id = ? AND field = ?`, id, field); err != nil {
		return fmt.Errorf("uncorrect %s of record %d: %w", field, id, friendly(err))
	}
	return nil
}

// LogCorrection records a set or unset of field in the history.
func (w *Writer) LogCorrection(ctx context.Context, id int64, action, field, old, new string) error {
	return w.logChange(ctx, id, action, field, old, new)
}

// History returns the history of record id (0: of every record), oldest
// first.
func (d *DB) History(ctx context.Context, id int64) ([]store.Change, error) {
	if d.schema < 7 {
		return []store.Change{}, nil
	}
	q := `SELECT seq, at, actor, command, doc_id, action, field, old, new FROM history`
	var args []any
	if id > 0 {
		q += ` WHERE doc_id = ?`
		args = append(args, id)
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", friendly(err))
	}
	defer rows.Close()
	out := []store.Change{}
	for rows.Next() {
		var c store.Change
		if err := rows.Scan(&c.Seq, &c.At, &c.Actor, &c.Command, &c.ID, &c.Action, &c.Field, &c.Old, &c.New); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TrashedOriginal returns the original bytes of deleted record id (checked
// against their SHA-256), or an error wrapping ErrNotFound when none are
// kept.
func (d *DB) TrashedOriginal(ctx context.Context, id int64) ([]byte, *store.Trashed, error) {
	if d.schema < 7 {
		return nil, nil, fmt.Errorf("record %d: %w", id, ErrNotFound)
	}
	t := &store.Trashed{ID: id}
	var raw, packed []byte
	var sum string
	err := d.db.QueryRowContext(ctx, `SELECT deleted_at, actor, symbol, type, source_path, source_sha256, original, original_s2 FROM trash WHERE doc_id = ?`, id).
		Scan(&t.DeletedAt, &t.Actor, &t.Symbol, &t.Type, &t.Path, &sum, &raw, &packed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("record %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read deleted record %d: %w", id, friendly(err))
	}
	orig, err := store.OriginalOf(id, raw, packed, sum)
	return orig, t, err
}

// Purge drops the kept originals of deleted records (ids; none: all) and
// returns how many; the history keeps their rows and records the purge.
func (d *DB) Purge(ctx context.Context, ids []int64) (int, error) {
	if d.schema < 7 {
		return 0, nil
	}
	w, err := d.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer w.Rollback()
	if len(ids) == 0 {
		if ids, err = scanIDs(w.tx.QueryContext(ctx, `SELECT doc_id FROM trash ORDER BY doc_id`)); err != nil {
			return 0, fmt.Errorf("purge: %w", friendly(err))
		}
	}
	n := 0
	for _, id := range ids {
		res, err := w.tx.ExecContext(ctx, `DELETE FROM trash WHERE doc_id = ?`, id)
		if err != nil {
			return 0, fmt.Errorf("purge record %d: %w", id, friendly(err))
		}
		if k, _ := res.RowsAffected(); k > 0 {
			n++
			if err := w.logChange(ctx, id, "purge", "", "", ""); err != nil {
				return 0, err
			}
		}
	}
	return n, w.Commit()
}
