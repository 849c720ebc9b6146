package sqlite

import (
	"context"
	"fmt"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// headFillBatch is how many records one transaction of fillHead indexes.
const headFillBatch = 5000

// fillHead adds to documents_head_fts the records of an archive made before
// schema 4, in transactions of headFillBatch, resuming where a killed fill
// stopped, and marks the fill done. It runs on a writing open; until it is
// done, search does without the head index (HeadIndexed).
func (d *DB) fillHead(ctx context.Context) error {
	var done int
	if err := d.db.QueryRowContext(ctx, `SELECT done FROM head_fill`).Scan(&done); err != nil {
		return fmt.Errorf("read head index state of %s: %w", d.path, friendly(err))
	}
	if done == 1 {
		return nil
	}
	for {
		w, err := d.beginWrite(ctx)
		if err != nil {
			return err
		}
		// Records above the last one indexed: the writer indexes new
		// records itself, so the fill only walks the old ones, in order.
		var last int64
		if err := w.tx.QueryRowContext(ctx, `SELECT coalesce((SELECT rowid FROM documents_head_fts ORDER BY rowid DESC LIMIT 1), 0)`).Scan(&last); err != nil {
			w.Rollback()
			return fmt.Errorf("fill head index: %w", friendly(err))
		}
		rows, err := w.tx.QueryContext(ctx, `SELECT id, type, subject, parent_issuer, issuer, signer_authority, signer_title, signer_name
			FROM documents WHERE id > ? ORDER BY id LIMIT ?`, last, headFillBatch)
		if err != nil {
			w.Rollback()
			return fmt.Errorf("fill head index: %w", friendly(err))
		}
		n := 0
		var batch [][]any
		for rows.Next() {
			var id int64
			var typ, subject, parent, issuer, auth, title, name string
			if err := rows.Scan(&id, &typ, &subject, &parent, &issuer, &auth, &title, &name); err != nil {
				rows.Close()
				w.Rollback()
				return err
			}
			var doc vanban.Document
			authorityField.DecodeValue(&doc, auth)
			doc.Type, doc.Subject, doc.ParentIssuer, doc.Issuer, doc.SignerTitle, doc.SignerName = typ, subject, parent, issuer, title, name
			v := store.FTSValues(&doc)
			batch = append(batch, []any{id, v[0], v[2], v[4]})
			n++
		}
		rows.Close()
		for _, b := range batch {
			if _, err := w.head.ExecContext(ctx, b...); err != nil {
				w.Rollback()
				return fmt.Errorf("fill head index: %w", friendly(err))
			}
		}
		if n < headFillBatch {
			if _, err := w.tx.ExecContext(ctx, `UPDATE head_fill SET done = 1`); err != nil {
				w.Rollback()
				return fmt.Errorf("fill head index: %w", friendly(err))
			}
		}
		w.pending, w.keys = nil, nil
		if err := w.Commit(); err != nil {
			return err
		}
		if n < headFillBatch {
			return nil
		}
	}
}

// headIndexed reports whether documents_head_fts holds every record (schema
// 4 and the fill done); a read-only open of an older archive searches
// without it.
func (d *DB) headIndexed(ctx context.Context) bool {
	if d.schema < 4 {
		return false
	}
	var done int
	if err := d.db.QueryRowContext(ctx, `SELECT done FROM head_fill`).Scan(&done); err != nil {
		return false
	}
	return done == 1
}
