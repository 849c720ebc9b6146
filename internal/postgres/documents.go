package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/klauspost/compress/s2"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// sourcePathCol is the place of source_path in store.Columns' values: the
// one text that can hold bytes that are not UTF-8 (toDB).
var sourcePathCol = func() int {
	for i, c := range store.WriteColumns {
		if c == "source_path" {
			return i + 1
		}
	}
	panic("store.WriteColumns has no source_path")
}()

// updateSQL replaces the parsed fields and vectors of a row.
var updateSQL = func() string {
	var set []string
	for i, c := range store.UpdateColumns {
		set = append(set, c+" = $"+strconv.Itoa(i+1))
	}
	n := len(store.UpdateColumns)
	p := func(k int) string { return "$" + strconv.Itoa(n+k) }
	return `WITH u AS (UPDATE documents SET ` + strings.Join(set, ", ") + `, signer_tsv = ` + p(3) + `::tsvector WHERE id = ` + p(5) + ` RETURNING id, date)
	UPDATE fts f SET date = u.date, long = ` + p(4) + `, tsv = ` + p(1) + `::tsvector, head = ` + p(2) + `::tsvector FROM u WHERE f.id = u.id`
}()

// Writer writes records in one transaction.
type Writer struct {
	db    *DB
	tx    pgx.Tx
	n     int
	keys  []dupKey
	orgs  map[string]bool
	links []*vanban.Document // records whose references are linked at commit
	done  bool
}

// dupKey is a record's (symbol, issuer, date), folded.
type dupKey struct {
	id                 int64
	symbol, issuer, dt string
	doc                *vanban.Document
}

// BeginWrite starts a write transaction. Writers run at once; what must
// not interleave (possible-duplicate warnings, links, deletions) is done
// under the schema's advisory lock at commit.
func (d *DB) BeginWrite(ctx context.Context) (store.Writer, error) { return d.beginWrite(ctx) }

func (d *DB) beginWrite(ctx context.Context) (*Writer, error) {
	if d.readOnly {
		return nil, fmt.Errorf("archive %s was opened read-only", d.name)
	}
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return nil, d.errorf("begin a write", err)
	}
	return &Writer{db: d, tx: tx, orgs: map[string]bool{}}, nil
}

// Count is the number of records put or updated in this transaction.
func (w *Writer) Count() int { return w.n }

// lock takes the schema's write lock until the transaction ends.
func (w *Writer) lock(ctx context.Context) error {
	if _, err := w.tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, w.db.lockKey()); err != nil {
		return w.db.errorf("lock the archive", err)
	}
	return nil
}

// PrepareRecord computes the record's full-text vectors (store.Preparer):
// the import's parse workers do it in parallel, not the writer.
func (d *DB) PrepareRecord(r *store.Record) {
	if r.FTS != nil {
		r.Engine = binaryVectors(r.FTS)
	}
}

// Put stores r whole, or reports the record whose text it duplicates.
func (w *Writer) Put(ctx context.Context, r *store.Record) (id, dupOf int64, err error) {
	// One record is a group of one: one way to store a record.
	res, err := w.PutBatch(ctx, []*store.Record{r})
	if err != nil {
		return 0, 0, err
	}
	return res[0].ID, res[0].DupOf, nil
}

// Update replaces the parsed fields of record id, keeping its original
// bytes and source.
func (w *Writer) Update(ctx context.Context, id int64, r *store.Record) error {
	if err := w.lock(ctx); err != nil {
		return err
	}
	d := r.Doc
	oldKey, err := w.dropLinks(ctx, id)
	if err != nil {
		return err
	}
	vs := vectors(store.FTSValues(d))
	args := append(store.UpdateValues(r), vs.tsv, vs.head, vs.signer, vs.long, id)
	tag, err := w.tx.Exec(ctx, updateSQL, args...)
	if err != nil {
		return w.db.errorf(fmt.Sprintf("update record %d", id), err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("record %d was deleted meanwhile: %w", id, vanban.ErrNotFound)
	}
	if _, err := w.tx.Exec(ctx, `UPDATE contents SET text_s2 = $1, body_s2 = $2 WHERE doc_id = $3`,
		store.CompressText(r.Text, r.Original), store.CompressBody(d.Body), id); err != nil {
		return w.db.errorf(fmt.Sprintf("update text of record %d", id), err)
	}
	if len(r.TextSHA256) > 0 {
		// The text may change when decoding improves; keep the duplicate
		// key true unless another record already holds that text.
		if _, err := w.tx.Exec(ctx, `UPDATE documents SET text_sha256 = $1 WHERE id = $2
			AND NOT EXISTS (SELECT 1 FROM documents WHERE text_sha256 = $1)`, r.TextSHA256, id); err != nil {
			return w.db.errorf(fmt.Sprintf("update text key of record %d", id), err)
		}
	}
	d.ID = id
	w.links = append(w.links, &vanban.Document{ID: id, Symbol: d.Symbol, Issuer: d.Issuer, ParentIssuer: d.ParentIssuer, References: d.References})
	if err := w.relink(ctx, oldKey); err != nil {
		return err
	}
	w.orgs[vntext.Fold(d.Issuer)] = true
	w.orgs[vntext.Fold(d.ParentIssuer)] = true
	w.n++
	return nil
}

// Commit warns of possible duplicates, links the batch's references,
// records its issuers and commits.
func (w *Writer) Commit() error {
	ctx := context.Background()
	if w.done {
		return errors.New("transaction already ended")
	}
	fail := func(err error) error {
		w.Rollback()
		return err
	}
	if len(w.keys) > 0 || len(w.links) > 0 || len(w.orgs) > 0 {
		if err := w.lock(ctx); err != nil {
			return fail(err)
		}
	}
	if err := w.warnPossibleDuplicates(ctx); err != nil {
		return fail(err)
	}
	if err := w.linkBatch(ctx); err != nil {
		return fail(err)
	}
	var orgs []string
	for o := range w.orgs {
		if o != "" {
			orgs = append(orgs, o)
		}
	}
	if len(orgs) > 0 {
		if _, err := w.tx.Exec(ctx, `INSERT INTO issuers (fold) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, orgs); err != nil {
			return fail(w.db.errorf("record issuers", err))
		}
	}
	w.done = true
	if err := w.tx.Commit(ctx); err != nil {
		return w.db.errorf("commit", err)
	}
	return nil
}

// Rollback abandons the transaction.
func (w *Writer) Rollback() error {
	w.done = true
	return w.tx.Rollback(context.Background())
}

// warnPossibleDuplicates gives every record of the batch that shares
// symbol, issuer and date with another record (of the batch or not) a
// possible-duplicate warning naming it, and the other record one naming it
// back (the rule of the SQLite engine).
func (w *Writer) warnPossibleDuplicates(ctx context.Context) error {
	if len(w.keys) == 0 {
		return nil
	}
	var ss, is, ds []string
	seen := map[[3]string]bool{}
	for _, k := range w.keys {
		key := [3]string{k.symbol, k.issuer, k.dt}
		if !seen[key] {
			seen[key] = true
			ss, is, ds = append(ss, k.symbol), append(is, k.issuer), append(ds, k.dt)
		}
	}
	rows, err := w.tx.Query(ctx, `SELECT d.id, d.symbol_fold, d.issuer_fold, d.date, d.warnings FROM documents d
		JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(s, i, dt) ON d.symbol_fold = k.s AND d.issuer_fold = k.i AND d.date = k.dt
		ORDER BY d.id`, ss, is, ds)
	if err != nil {
		return w.db.errorf("look up possible duplicates", err)
	}
	groups := map[store.DupKey][]int64{}
	warnings := map[int64]string{}
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
	if err := rows.Err(); err != nil {
		return w.db.errorf("look up possible duplicates", err)
	}
	inBatch := map[int64]*vanban.Document{}
	for _, k := range w.keys {
		inBatch[k.id] = k.doc
	}
	for id, ws := range store.PossibleDuplicates(groups, warnings, inBatch) {
		if _, err := w.tx.Exec(ctx, `UPDATE documents SET warnings = $1 WHERE id = $2`, ws, id); err != nil {
			return w.db.errorf(fmt.Sprintf("warn record %d", id), err)
		}
	}
	w.keys = nil
	return nil
}

// logChange appends a row to the history.
func (w *Writer) logChange(ctx context.Context, id int64, action, field, old, new string) error {
	if _, err := w.tx.Exec(ctx, `INSERT INTO history (at, actor, command, doc_id, action, field, old, new) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		w.db.now(), w.db.Actor, w.db.Command, id, action, field, toDB(old), toDB(new)); err != nil {
		return w.db.errorf(fmt.Sprintf("record history of record %d", id), err)
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

// LogCorrection records a set or unset of field in the history.
func (w *Writer) LogCorrection(ctx context.Context, id int64, action, field, old, new string) error {
	return w.logChange(ctx, id, action, field, old, new)
}

// SetOverride records value as the correction of field of record id.
func (w *Writer) SetOverride(ctx context.Context, id int64, field, value, parserValue string) error {
	if _, err := w.tx.Exec(ctx, `INSERT INTO overrides (doc_id, field, value, parser_value, actor, at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (doc_id, field) DO UPDATE SET value = excluded.value, actor = excluded.actor, at = excluded.at`,
		id, field, value, parserValue, w.db.Actor, w.db.now()); err != nil {
		return w.db.errorf(fmt.Sprintf("correct %s of record %d", field, id), err)
	}
	return nil
}

// SetParserValue records the parser's new value of a corrected field.
func (w *Writer) SetParserValue(ctx context.Context, id int64, field, value string) error {
	if _, err := w.tx.Exec(ctx, `UPDATE overrides SET parser_value = $1 WHERE doc_id = $2 AND field = $3`, value, id, field); err != nil {
		return w.db.errorf(fmt.Sprintf("correct %s of record %d", field, id), err)
	}
	return nil
}

// DropOverride removes the correction of field of record id.
func (w *Writer) DropOverride(ctx context.Context, id int64, field string) error {
	if _, err := w.tx.Exec(ctx, `DELETE FROM overrides WHERE doc_id = $1 AND field = $2`, id, field); err != nil {
		return w.db.errorf(fmt.Sprintf("uncorrect %s of record %d", field, id), err)
	}
	return nil
}

// Delete removes the records ids, keeping their original bytes in the
// trash until purge. It removes nothing and returns the missing ids when
// some do not exist.
func (d *DB) Delete(ctx context.Context, ids []int64) (missing []int64, err error) {
	w, err := d.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer w.Rollback()
	if err := w.lock(ctx); err != nil {
		return nil, err
	}
	for _, id := range ids {
		var x int64
		if err := w.tx.QueryRow(ctx, `SELECT id FROM documents WHERE id = $1 FOR UPDATE`, id).Scan(&x); errors.Is(err, pgx.ErrNoRows) {
			missing = append(missing, id)
		} else if err != nil {
			return nil, d.errorf("delete", err)
		}
	}
	if len(missing) > 0 {
		return missing, nil
	}
	var keys []string
	for _, id := range ids {
		k, err := w.dropLinks(ctx, id)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
		var what string
		if err := w.tx.QueryRow(ctx, `SELECT trim(type || ' ' || symbol || ' ' || source_path) FROM documents WHERE id = $1`, id).Scan(&what); err != nil {
			return nil, d.errorf(fmt.Sprintf("delete record %d", id), err)
		}
		// (what holds the stored, escaped path: logChange escapes it again.)
		if err := w.logChange(ctx, id, "rm", "", fromDB(what), ""); err != nil {
			return nil, err
		}
		if _, err := w.tx.Exec(ctx, `INSERT INTO trash (doc_id, deleted_at, actor, symbol, type, source_path, source_sha256, original_s2, text_s2)
			SELECT d.id, $1, $2, d.symbol, d.type, d.source_path, d.source_sha256, c.original_s2, c.text_s2
			FROM documents d JOIN contents c ON c.doc_id = d.id WHERE d.id = $3
			ON CONFLICT (doc_id) DO UPDATE SET deleted_at = excluded.deleted_at, actor = excluded.actor, symbol = excluded.symbol,
				type = excluded.type, source_path = excluded.source_path, source_sha256 = excluded.source_sha256,
				original_s2 = excluded.original_s2, text_s2 = excluded.text_s2`, d.now(), d.Actor, id); err != nil {
			return nil, d.errorf(fmt.Sprintf("keep the original of record %d", id), err)
		}
		if _, err := w.tx.Exec(ctx, `DELETE FROM documents WHERE id = $1`, id); err != nil {
			return nil, d.errorf(fmt.Sprintf("delete record %d", id), err)
		}
	}
	for _, k := range keys {
		if err := w.relink(ctx, k); err != nil {
			return nil, err
		}
	}
	return nil, w.Commit()
}

// Lookup returns the id of the record holding text sha (0 if none).
func (d *DB) Lookup(ctx context.Context, textSHA256 []byte) (int64, error) {
	var id int64
	err := d.pool.QueryRow(ctx, `SELECT id FROM documents WHERE text_sha256 = $1`, textSHA256).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, d.errorf("look up a text", err)
	}
	return id, nil
}

// Get returns record id with every field, body included.
func (d *DB) Get(ctx context.Context, id int64) (*vanban.Document, error) {
	sc := newScanner(nil)
	rows, err := d.pool.Query(ctx, `SELECT `+sc.selectList()+sc.from()+` WHERE d.id = $1`, id)
	if err != nil {
		return nil, d.errorf(fmt.Sprintf("read record %d", id), err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, d.errorf(fmt.Sprintf("read record %d", id), err)
		}
		return nil, fmt.Errorf("record %d: %w", id, vanban.ErrNotFound)
	}
	return sc.scan(rows.Scan)
}

// Original returns the original bytes and the stored decoded text of id,
// the bytes checked against the SHA-256 taken at import.
func (d *DB) Original(ctx context.Context, id int64) (orig []byte, text string, err error) {
	var packed, packedText []byte
	var sum string
	err = d.pool.QueryRow(ctx, `SELECT c.original_s2, c.text_s2, d.source_sha256 FROM contents c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = $1`, id).
		Scan(&packed, &packedText, &sum)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", fmt.Errorf("record %d: %w", id, vanban.ErrNotFound)
	}
	if err != nil {
		return nil, "", d.errorf(fmt.Sprintf("read record %d", id), err)
	}
	if orig, err = store.OriginalOf(id, nil, packed, sum); err != nil {
		return nil, "", err
	}
	if packedText != nil {
		b, err := s2.Decode(nil, packedText)
		if err != nil {
			return nil, "", fmt.Errorf("record %d: the stored text is damaged (%w); run vanban reparse %d to decode it again", id, err, id)
		}
		return orig, string(b), nil
	}
	return orig, string(orig), nil
}

// IDs returns every record id in ascending order.
func (d *DB) IDs(ctx context.Context) ([]int64, error) {
	return d.ids(ctx, `SELECT id FROM documents ORDER BY id`)
}

func (d *DB) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := d.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, d.errorf("read", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, d.errorf("read", err)
	}
	return ids, nil
}

// Count returns the number of records.
func (d *DB) Count(ctx context.Context) (int64, error) {
	var n int64
	if err := d.pool.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil {
		return 0, d.errorf("count records", err)
	}
	return n, nil
}

// Overrides returns the corrected fields of record id, by field name.
func (d *DB) Overrides(ctx context.Context, id int64) (map[string]store.Override, error) {
	rows, err := d.pool.Query(ctx, `SELECT field, value, parser_value, actor, at FROM overrides WHERE doc_id = $1`, id)
	if err != nil {
		return nil, d.errorf(fmt.Sprintf("read corrections of record %d", id), err)
	}
	defer rows.Close()
	out := map[string]store.Override{}
	for rows.Next() {
		var o store.Override
		if err := rows.Scan(&o.Field, &o.Value, &o.ParserValue, &o.Actor, &o.At); err != nil {
			return nil, err
		}
		out[o.Field] = o
	}
	return out, rows.Err()
}

// History returns the history of record id (0: of every record), oldest
// first.
func (d *DB) History(ctx context.Context, id int64) ([]store.Change, error) {
	q := `SELECT seq, at, actor, command, doc_id, action, field, old, new FROM history`
	var args []any
	if id != 0 {
		q += ` WHERE doc_id = $1`
		args = append(args, id)
	}
	rows, err := d.pool.Query(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, d.errorf("read history", err)
	}
	defer rows.Close()
	out := []store.Change{}
	for rows.Next() {
		var c store.Change
		if err := rows.Scan(&c.Seq, &c.At, &c.Actor, &c.Command, &c.ID, &c.Action, &c.Field, &c.Old, &c.New); err != nil {
			return nil, err
		}
		c.Actor, c.Command, c.Old, c.New = fromDB(c.Actor), fromDB(c.Command), fromDB(c.Old), fromDB(c.New)
		out = append(out, c)
	}
	return out, rows.Err()
}

// TrashedOriginal returns the original bytes of deleted record id.
func (d *DB) TrashedOriginal(ctx context.Context, id int64) ([]byte, *store.Trashed, error) {
	t := &store.Trashed{ID: id}
	var packed []byte
	var sum string
	err := d.pool.QueryRow(ctx, `SELECT deleted_at, actor, symbol, type, source_path, source_sha256, original_s2 FROM trash WHERE doc_id = $1`, id).
		Scan(&t.DeletedAt, &t.Actor, &t.Symbol, &t.Type, &t.Path, &sum, &packed)
	t.Path = fromDB(t.Path)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, fmt.Errorf("record %d: %w", id, vanban.ErrNotFound)
	}
	if err != nil {
		return nil, nil, d.errorf(fmt.Sprintf("read deleted record %d", id), err)
	}
	orig, err := store.OriginalOf(id, nil, packed, sum)
	return orig, t, err
}

// Purge drops the kept originals of deleted records (ids; none: all).
func (d *DB) Purge(ctx context.Context, ids []int64) (int, error) {
	w, err := d.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer w.Rollback()
	if len(ids) == 0 {
		rows, err := w.tx.Query(ctx, `SELECT doc_id FROM trash ORDER BY doc_id`)
		if err == nil {
			ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		}
		if err != nil {
			return 0, d.errorf("purge", err)
		}
	}
	n := 0
	for _, id := range ids {
		tag, err := w.tx.Exec(ctx, `DELETE FROM trash WHERE doc_id = $1`, id)
		if err != nil {
			return 0, d.errorf(fmt.Sprintf("purge record %d", id), err)
		}
		if tag.RowsAffected() > 0 {
			n++
			if err := w.logChange(ctx, id, "purge", "", "", ""); err != nil {
				return 0, err
			}
		}
	}
	return n, w.Commit()
}
