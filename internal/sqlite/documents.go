package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/klauspost/compress/s2"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// ErrNotFound is vanban.ErrNotFound, wrapped by errors about an id that
// names no record.
var ErrNotFound = vanban.ErrNotFound

// Writer writes records in one transaction. Use it from one goroutine.
type Writer struct {
	db   *DB
	tx   *sql.Tx
	ins  *sql.Stmt
	dup  *sql.Stmt
	con  *sql.Stmt
	fts  *sql.Stmt
	head *sql.Stmt
	meta *sql.Stmt
	n    int
	// Index rows wait for Commit: FTS5 flushes its pending terms whenever a
	// statement of the same transaction opens a savepoint (every INSERT into
	// documents or contents does), so indexing as we go would write one
	// segment per document. Indexing the batch at the end writes one.
	pending [][]any
	keys    []dupKey        // (symbol, issuer, date) of the batch's records
	orgs    map[string]bool // folded issuers and parents of the batch
	ls      linkStmts
	links   []linkDoc // records of the batch whose references are linked at commit
}

// BeginWrite starts a write transaction (BEGIN IMMEDIATE: it waits for
// another writer rather than failing).
func (d *DB) BeginWrite(ctx context.Context) (store.Writer, error) {
	w, err := d.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (d *DB) beginWrite(ctx context.Context) (*Writer, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin write on %s: %w", d.path, friendly(err))
	}
	w := &Writer{db: d, tx: tx, orgs: map[string]bool{}}
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = tx.PrepareContext(ctx, q)
		return s
	}
	w.ins = prep(insertSQL)
	w.dup = prep(`SELECT id FROM documents WHERE text_sha256 = ?`)
	w.con = prep(`INSERT INTO contents (doc_id, original, original_s2, text_s2, body_s2) VALUES (?, X'', ?, ?, ?)`)
	w.fts = prep(`INSERT INTO documents_fts (rowid, subject, body, issuer, recipients, signer) VALUES (?, ?, ?, ?, ?, ?)`)
	w.head = prep(`INSERT INTO documents_head_fts (rowid, subject, issuer, signer) VALUES (?, ?, ?, ?)`)
	w.meta = prep(`INSERT INTO documents_meta_fts (rowid, signer) VALUES (?, ?)`)
	if err == nil {
		w.ls, err = prepareLinks(ctx, tx)
	}
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("prepare statements: %w", err)
	}
	return w, nil
}

// Count is the number of records put in this transaction.
func (w *Writer) Count() int { return w.n }

// Commit indexes the batch and makes the transaction's records durable.
func (w *Writer) Commit() error {
	if err := w.warnPossibleDuplicates(context.Background()); err != nil {
		w.tx.Rollback()
		return err
	}
	if err := w.linkBatch(context.Background()); err != nil {
		w.tx.Rollback()
		return err
	}
	for _, v := range w.pending {
		if _, err := w.fts.Exec(v...); err != nil {
			w.tx.Rollback()
			return fmt.Errorf("index record %v: %w", v[0], friendly(err))
		}
	}
	for _, v := range w.pending {
		if err := w.indexHead(v); err != nil {
			w.tx.Rollback()
			return err
		}
	}
	for o := range w.orgs {
		if o == "" {
			continue
		}
		if _, err := w.tx.Exec(`INSERT OR IGNORE INTO issuers (fold) VALUES (?)`, o); err != nil {
			w.tx.Rollback()
			return fmt.Errorf("record issuer %q: %w", o, friendly(err))
		}
	}
	w.orgs = map[string]bool{}
	for _, v := range w.pending {
		if _, err := w.meta.Exec(v[0], v[5]); err != nil {
			w.tx.Rollback()
			return fmt.Errorf("index record %v: %w", v[0], friendly(err))
		}
	}
	w.pending = nil
	if err := w.tx.Commit(); err != nil {
		return fmt.Errorf("commit to %s: %w", w.db.path, friendly(err))
	}
	w.db.afterCommit()
	return nil
}

// largeIndexRow is the folded body size above which Put indexes a record
// at once instead of with its batch.
const largeIndexRow = 1 << 20

// index writes one record's row (id and FTSValues: 0 id, 1 subject, 2
// body, 3 issuer, 4 recipients, 5 signer) to the three full-text indexes.
func (w *Writer) index(v []any) error {
	if _, err := w.fts.Exec(v...); err != nil {
		return fmt.Errorf("index record %v: %w", v[0], friendly(err))
	}
	if err := w.indexHead(v); err != nil {
		return err
	}
	if _, err := w.meta.Exec(v[0], v[5]); err != nil {
		return fmt.Errorf("index record %v: %w", v[0], friendly(err))
	}
	return nil
}

// indexHead writes a row's head fields to documents_head_fts.
func (w *Writer) indexHead(v []any) error {
	if _, err := w.head.Exec(v[0], v[1], v[3], v[5]); err != nil {
		return fmt.Errorf("index record %v: %w", v[0], friendly(err))
	}
	return nil
}

// Rollback abandons the transaction.
func (w *Writer) Rollback() error { return w.tx.Rollback() }

// Put stores r whole, or reports the record whose text it duplicates
// (dupOf > 0, nothing stored). A record sharing symbol, issuer and date with
// another of different text is stored, and both get a possible-duplicate
// warning when the transaction commits.
func (w *Writer) Put(ctx context.Context, r *store.Record) (id, dupOf int64, err error) {
	d := r.Doc
	cols, orig, text, bz, fts := r.Stored()
	issF, symF, parF := store.Column(cols, "issuer_fold").(string), store.Column(cols, "symbol_fold").(string), store.Column(cols, "parent_fold").(string)
	var res sql.Result
	if r.ID != 0 {
		// A copied record keeps its id (vanban copy).
		res, err = w.tx.ExecContext(ctx, insertIDSQL, append([]any{r.ID}, cols...)...)
	} else {
		res, err = w.ins.ExecContext(ctx, cols...)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("insert record: %w", friendly(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// The text is archived already: a duplicate.
		if err := w.dup.QueryRowContext(ctx, r.TextSHA256).Scan(&dupOf); err != nil {
			return 0, 0, fmt.Errorf("look up duplicate: %w", err)
		}
		return 0, dupOf, nil
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, 0, fmt.Errorf("insert record: %w", err)
	}
	if _, err := w.con.ExecContext(ctx, id, orig, text, bz); err != nil {
		return 0, 0, fmt.Errorf("insert text: %w", friendly(err))
	}
	// Stored: the compressed copies are not needed any more, and for a
	// large document they are tens of megabytes the index below would be
	// built beside (Put consumes them: Stored let the record's go).
	orig, text, bz = nil, nil, nil
	row := append([]any{id}, fts...)
	if len(d.Body) > largeIndexRow || len(fts[1].(string)) > largeIndexRow {
		// A large document is indexed at once and its folded texts let
		// go, rather than held until the batch commits beside everything
		// else the batch holds.
		if err := w.index(row); err != nil {
			return 0, 0, err
		}
	} else {
		w.pending = append(w.pending, row)
	}
	if symF != "" && issF != "" && d.Date != "" && r.ID == 0 {
		// (A copied record has its possible-duplicate warnings already.)
		w.keys = append(w.keys, dupKey{id, symF, issF, d.Date, d})
	}
	w.orgs[issF] = true
	w.orgs[parF] = true
	d.ID = id
	w.links = append(w.links, linkDoc{&vanban.Document{ID: id, Symbol: d.Symbol, Issuer: d.Issuer, ParentIssuer: d.ParentIssuer, References: d.References}})
	src := ""
	if d.Source != nil {
		src = d.Source.Path
	}
	if r.ID == 0 {
		// A copied record's history comes with the archive's (CopyMetaIn).
		if err := w.logChange(ctx, id, "import", "", "", src); err != nil {
			return 0, 0, err
		}
	}
	w.n++
	return id, 0, nil
}

// dupKey is a record's (symbol, issuer, date), folded.
type dupKey struct {
	id                 int64
	symbol, issuer, dt string
	doc                *vanban.Document
}

// warnPossibleDuplicates gives every record of the batch that shares
// symbol, issuer and date with another record (of the batch or not) a
// possible-duplicate warning naming it, and the other record one naming it
// back. One query per batch.
func (w *Writer) warnPossibleDuplicates(ctx context.Context) error {
	if len(w.keys) == 0 {
		return nil
	}
	seen := map[[3]string]bool{}
	var args []any
	var vals []string
	for _, k := range w.keys {
		key := [3]string{k.symbol, k.issuer, k.dt}
		if seen[key] {
			continue
		}
		seen[key] = true
		vals = append(vals, "(?, ?, ?)")
		args = append(args, k.symbol, k.issuer, k.dt)
	}
	groups := map[store.DupKey][]int64{}
	warnings := map[int64]string{}
	// SQLite allows 32766 parameters; a batch is far below.
	rows, err := w.tx.QueryContext(ctx, `WITH k(s, i, d) AS (VALUES `+strings.Join(vals, ", ")+`)
		SELECT d.id, d.symbol_fold, d.issuer_fold, d.date, d.warnings FROM documents d
		JOIN k ON d.symbol_fold = k.s AND d.issuer_fold = k.i AND d.date = k.d ORDER BY d.id`, args...)
	if err != nil {
		return fmt.Errorf("look up possible duplicates: %w", err)
	}
	for rows.Next() {
		var id int64
		var s, i, dt, ws string
		if err := rows.Scan(&id, &s, &i, &dt, &ws); err != nil {
			rows.Close()
			return err
		}
		key := store.DupKey{s, i, dt}
		groups[key] = append(groups[key], id)
		warnings[id] = ws
	}
	rows.Close()
	inBatch := map[int64]*vanban.Document{}
	for _, k := range w.keys {
		inBatch[k.id] = k.doc
	}
	for id, ws := range store.PossibleDuplicates(groups, warnings, inBatch) {
		if _, err := w.tx.ExecContext(ctx, `UPDATE documents SET warnings = ? WHERE id = ?`, ws, id); err != nil {
			return fmt.Errorf("warn record %d: %w", id, err)
		}
	}
	w.keys = nil
	return nil
}

// Update replaces the parsed fields of record id (after a reparse), keeping
// its original bytes and source.
func (w *Writer) Update(ctx context.Context, id int64, r *store.Record) error {
	d := r.Doc
	oldKey, err := w.dropLinks(ctx, id)
	if err != nil {
		return err
	}
	res, err := w.tx.ExecContext(ctx, updateSQL, updateArgs(r, id)...)
	if err != nil {
		return fmt.Errorf("update record %d: %w", id, friendly(err))
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		// Deleted since it was read (rm while reparse runs): write
		// nothing, above all no index entries for an id that is gone.
		return fmt.Errorf("record %d was deleted meanwhile: %w", id, ErrNotFound)
	}
	// The original bytes stay as they are (compressed or not).
	if _, err := w.tx.ExecContext(ctx, `UPDATE contents SET text = NULL, text_s2 = ?, body_s2 = ? WHERE doc_id = ?`,
		store.CompressText(r.Text, r.Original), store.CompressBody(d.Body), id); err != nil {
		return fmt.Errorf("update text of record %d: %w", id, friendly(err))
	}
	// The text may change when decoding improves; keep the duplicate key true
	// unless another record already holds that text.
	if len(r.TextSHA256) > 0 {
		if _, err := w.tx.ExecContext(ctx, `UPDATE OR IGNORE documents SET text_sha256 = ? WHERE id = ?`, r.TextSHA256, id); err != nil {
			return fmt.Errorf("update text key of record %d: %w", id, err)
		}
	}
	if err := unindex(ctx, w.tx, id); err != nil {
		return err
	}
	d.ID = id
	w.links = append(w.links, linkDoc{&vanban.Document{ID: id, Symbol: d.Symbol, Issuer: d.Issuer, ParentIssuer: d.ParentIssuer, References: d.References}})
	if err := w.relink(ctx, oldKey); err != nil {
		return err
	}
	w.pending = append(w.pending, append([]any{id}, store.FTSValues(d)...))
	w.orgs[vntext.Fold(d.Issuer)] = true
	w.orgs[vntext.Fold(d.ParentIssuer)] = true
	w.n++
	return nil
}

// Delete removes the records ids, their texts and index entries. It removes
// nothing and returns the missing ids when some do not exist.
func (d *DB) Delete(ctx context.Context, ids []int64) (missing []int64, err error) {
	w, err := d.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer w.Rollback()
	for _, id := range ids {
		var x int64
		if err := w.tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE id = ?`, id).Scan(&x); errors.Is(err, sql.ErrNoRows) {
			missing = append(missing, id)
		} else if err != nil {
			return nil, err
		}
	}
	if len(missing) > 0 {
		return missing, nil
	}
	var keys []string
	for _, id := range ids {
		if err := unindex(ctx, w.tx, id); err != nil {
			return nil, err
		}
		k, err := w.dropLinks(ctx, id)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
		var what string
		if err := w.tx.QueryRowContext(ctx, `SELECT trim(type || ' ' || symbol || ' ' || source_path) FROM documents WHERE id = ?`, id).Scan(&what); err != nil {
			return nil, fmt.Errorf("delete record %d: %w", id, friendly(err))
		}
		if err := w.logChange(ctx, id, "rm", "", what, ""); err != nil {
			return nil, err
		}
		if _, err := w.tx.ExecContext(ctx, `INSERT OR REPLACE INTO trash (doc_id, deleted_at, actor, symbol, type, source_path, source_sha256, original, original_s2, text_s2)
			SELECT d.id, ?, ?, d.symbol, d.type, d.source_path, d.source_sha256, c.original, c.original_s2, c.text_s2
			FROM documents d JOIN contents c ON c.doc_id = d.id WHERE d.id = ?`, w.db.now(), w.db.Actor, id); err != nil {
			return nil, fmt.Errorf("keep the original of record %d: %w", id, friendly(err))
		}
		if _, err := w.tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
			return nil, fmt.Errorf("delete record %d: %w", id, friendly(err))
		}
	}
	for _, k := range keys {
		if err := w.relink(ctx, k); err != nil {
			return nil, err
		}
	}
	return nil, w.Commit()
}

// unindex removes record id from the full-text indexes.
func unindex(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, t := range []string{"documents_fts", "documents_meta_fts", "documents_head_fts"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE rowid = ?`, id); err != nil {
			return fmt.Errorf("unindex record %d: %w", id, friendly(err))
		}
	}
	return nil
}

// Lookup returns the id of the record holding text sha (0 if none).
func (d *DB) Lookup(ctx context.Context, textSHA256 []byte) (int64, error) {
	var id int64
	err := d.db.QueryRowContext(ctx, `SELECT id FROM documents WHERE text_sha256 = ?`, textSHA256).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// Get returns record id with every field, body included.
func (d *DB) Get(ctx context.Context, id int64) (*vanban.Document, error) {
	sc := newScanner(nil)
	rows, err := d.db.QueryContext(ctx, `SELECT `+sc.selectList(d.schema)+sc.from()+` WHERE d.id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("read record %d: %w", id, friendly(err))
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read record %d: %w", id, friendly(err))
		}
		return nil, fmt.Errorf("record %d: %w", id, ErrNotFound)
	}
	return sc.scan(rows.Scan)
}

// Original returns the original bytes and the stored decoded text of id.
// The bytes are checked against the SHA-256 taken at import.
func (d *DB) Original(ctx context.Context, id int64) (orig []byte, text string, err error) {
	q := `SELECT c.original, c.original_s2, c.text, c.text_s2, d.source_sha256 FROM contents c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ?`
	if d.schema < 2 {
		q = `SELECT c.original, NULL, c.text, NULL, d.source_sha256 FROM contents c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ?`
	}
	var raw, packed, packedText []byte
	var t sql.NullString
	var sum string
	err = d.db.QueryRowContext(ctx, q, id).Scan(&raw, &packed, &t, &packedText, &sum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("record %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, "", err
	}
	if orig, err = store.OriginalOf(id, raw, packed, sum); err != nil {
		return nil, "", err
	}
	switch {
	case packedText != nil:
		b, err := s2.Decode(nil, packedText)
		if err != nil {
			return nil, "", fmt.Errorf("record %d: the stored text is damaged (%w); run vanban reparse %d to decode it again", id, err, id)
		}
		return orig, string(b), nil
	case t.Valid:
		return orig, t.String, nil
	}
	return orig, string(orig), nil
}

// IDs returns every record id in ascending order.
func (d *DB) IDs(ctx context.Context) ([]int64, error) {
	return scanIDs(d.db.QueryContext(ctx, `SELECT id FROM documents ORDER BY id`))
}

// scanIDs reads a column of ids.
func scanIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Count returns the number of records.
func (d *DB) Count(ctx context.Context) (int64, error) {
	var n int64
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n)
	return n, err
}
