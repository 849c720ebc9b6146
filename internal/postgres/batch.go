package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// PutBatch stores a group of records in two round trips, whatever their
// number: one statement taking the group as an array a column into
// documents, fts, contents and history (the unique key on the text
// decides duplicates, also between importers at once), and one reading
// the ids of the duplicates. One INSERT a record
// kept the writer waiting on the server for every record: 620 records/s
// on two cores, where the parsers make 4,900.
func (w *Writer) PutBatch(ctx context.Context, recs []*store.Record) ([]store.PutResult, error) {
	out := make([]store.PutResult, len(recs))
	if len(recs) == 0 {
		return out, nil
	}
	first := map[string]int{} // text hash → first record of recs holding it
	rows := make([][]any, 0, len(recs))
	for i, r := range recs {
		key := string(r.TextSHA256)
		if _, ok := first[key]; ok {
			continue
		}
		first[key] = i
		vs, prepared := r.Engine.(*vecs)
		cols, orig, text, body, fts := r.Stored()
		if !prepared || vs.bin == nil {
			vs = binaryVectors(fts)
		}
		r.Engine = nil
		src := ""
		if r.Doc.Source != nil {
			src = toDB(r.Doc.Source.Path)
		}
		row := make([]any, 0, len(cols)+10)
		var cid *int64
		if r.ID != 0 {
			cid = &r.ID
		}
		row = append(row, i, cid)
		row = append(row, cols...)
		row[2+sourcePathCol] = src
		row = append(row, vs.bin[0], vs.bin[1], vs.bin[2], vs.long, orig, text, body, src)
		rows = append(rows, row)
	}
	var maxCopied int64
	for _, r := range recs {
		maxCopied = max(maxCopied, r.ID)
	}
	if maxCopied > 0 {
		// Copied ids: the sequence goes past them, so that no later
		// record takes one.
		if _, err := w.tx.Exec(ctx, `SELECT setval('documents_id_seq', greatest($1, (SELECT last_value FROM documents_id_seq)))`, maxCopied); err != nil {
			return nil, w.db.errorf("copy", err)
		}
	}
	// The group goes as one array a column (unnest in moveSQL): no
	// staging table to create, fill and empty, which with COPY was a
	// quarter of the server's time.
	args := []any{w.db.now(), w.db.Actor, w.db.Command}
	for c := range stageColumns {
		switch stageTypes[c] {
		case "bigint":
			v := make([]*int64, len(rows))
			for k, row := range rows {
				switch x := row[c].(type) {
				case int:
					y := int64(x)
					v[k] = &y
				case int64:
					v[k] = &x
				case *int64:
					v[k] = x
				}
			}
			args = append(args, v)
		case "bytea":
			v := make([][]byte, len(rows))
			for k, row := range rows {
				v[k], _ = row[c].([]byte)
			}
			args = append(args, v)
		case "tsvector":
			v := make([]tsvBin, len(rows))
			for k, row := range rows {
				v[k] = row[c].(tsvBin)
			}
			args = append(args, v)
		case "boolean":
			v := make([]bool, len(rows))
			for k, row := range rows {
				v[k], _ = row[c].(bool)
			}
			args = append(args, v)
		default:
			v := make([]string, len(rows))
			for k, row := range rows {
				v[k], _ = row[c].(string)
			}
			args = append(args, v)
		}
	}
	res, err := w.tx.Query(ctx, moveSQL, args...)
	if err != nil {
		return nil, w.db.errorf("import", err)
	}
	ids := map[string]int64{}
	for res.Next() {
		var id int64
		var sum []byte
		if err := res.Scan(&id, &sum); err != nil {
			res.Close()
			return nil, w.db.errorf("import", err)
		}
		ids[string(sum)] = id
	}
	res.Close()
	if err := res.Err(); err != nil {
		return nil, w.db.errorf("import", err)
	}
	// The records not stored are duplicates: of a record archived before,
	// or stored meanwhile by another importer.
	var dupSums [][]byte
	for key, i := range first {
		if _, ok := ids[key]; !ok {
			dupSums = append(dupSums, recs[i].TextSHA256)
		}
	}
	dups := map[string]int64{}
	if len(dupSums) > 0 {
		rs, err := w.tx.Query(ctx, `SELECT id, text_sha256 FROM documents WHERE text_sha256 = ANY($1)`, dupSums)
		if err != nil {
			return nil, w.db.errorf("look up duplicates", err)
		}
		for rs.Next() {
			var id int64
			var sum []byte
			if err := rs.Scan(&id, &sum); err != nil {
				rs.Close()
				return nil, err
			}
			dups[string(sum)] = id
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, w.db.errorf("look up duplicates", err)
		}
	}
	for i, r := range recs {
		id, stored := ids[string(r.TextSHA256)]
		if !stored || first[string(r.TextSHA256)] != i {
			if stored {
				out[i].DupOf = id // an earlier record of this group
			} else {
				out[i].DupOf = dups[string(r.TextSHA256)]
			}
			continue
		}
		out[i].ID = id
		w.stored(r, id)
	}
	return out, nil
}

// stored keeps what the commit needs of a record stored as id.
func (w *Writer) stored(r *store.Record, id int64) {
	d := r.Doc
	cols := r.Cols
	if cols == nil {
		cols = store.Columns(r)
	}
	issF, symF, parF := store.Column(cols, "issuer_fold").(string), store.Column(cols, "symbol_fold").(string), store.Column(cols, "parent_fold").(string)
	r.Cols = nil
	if symF != "" && issF != "" && d.Date != "" && r.ID == 0 {
		// (A copied record has its possible-duplicate warnings already.)
		w.keys = append(w.keys, dupKey{id, symF, issF, d.Date, d})
	}
	w.orgs[issF] = true
	w.orgs[parF] = true
	d.ID = id
	w.links = append(w.links, &vanban.Document{ID: id, Symbol: d.Symbol, Issuer: d.Issuer, ParentIssuer: d.ParentIssuer, References: d.References})
	w.n++
}

// stageColumns are the staging table's columns, in COPY order.
var stageColumns = func() []string {
	c := []string{"seq", "cid", "text_sha256"}
	c = append(c, store.WriteColumns...)
	return append(c, "tsv", "head", "signer_tsv", "long", "original_s2", "text_s2", "body_s2", "src")
}()

// stageTypes are the SQL types of stageColumns.
var stageTypes = func() []string {
	var out []string
	for _, c := range stageColumns {
		t := "text"
		switch c {
		case "seq", "cid", "source_size":
			t = "bigint"
		case "text_sha256", "original_s2", "text_s2", "body_s2":
			t = "bytea"
		case "long":
			t = "boolean"
		case "tsv", "head", "signer_tsv":
			t = "tsvector"
		}
		out = append(out, t)
	}
	return out
}()

// moveSQL moves the group's records whose text is not archived into the
// archive, in their order, and returns their ids and text hashes. The NOT
// EXISTS spares the sequence: ON CONFLICT alone takes an id before it finds
// the conflict, and every duplicate imported would leave a gap in the ids
// (only two importers storing the same text at the same moment still do).
var moveSQL = func() string {
	var sel []string
	for _, c := range store.WriteColumns {
		sel = append(sel, "s."+c)
	}
	var arrays []string
	for i, t := range stageTypes {
		arrays = append(arrays, "$"+strconv.Itoa(i+4)+"::"+t+"[]")
	}
	return `WITH s AS MATERIALIZED (SELECT * FROM unnest(` + strings.Join(arrays, ", ") + `) AS s(` + strings.Join(stageColumns, ", ") + `)),
	ins AS (
		INSERT INTO documents (id, text_sha256, ` + strings.Join(store.WriteColumns, ", ") + `, signer_tsv)
		SELECT coalesce(s.cid, nextval('documents_id_seq')), s.text_sha256, ` + strings.Join(sel, ", ") + `, s.signer_tsv::tsvector
		FROM s
		WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.text_sha256 = s.text_sha256)
		ORDER BY s.seq
		ON CONFLICT (text_sha256) DO NOTHING
		RETURNING id, text_sha256, date),
	f AS (INSERT INTO fts (id, date, long, tsv, head)
		SELECT ins.id, ins.date, s.long, s.tsv::tsvector, s.head::tsvector FROM ins JOIN s ON s.text_sha256 = ins.text_sha256),
	c AS (INSERT INTO contents (doc_id, original_s2, text_s2, body_s2)
		SELECT ins.id, s.original_s2, s.text_s2, s.body_s2 FROM ins JOIN s ON s.text_sha256 = ins.text_sha256),
	h AS (INSERT INTO history (at, actor, command, doc_id, action, field, old, new)
		SELECT $1, $2, $3, ins.id, 'import', '', '', s.src FROM ins JOIN s ON s.text_sha256 = ins.text_sha256
		WHERE s.cid IS NULL ORDER BY ins.id)
	SELECT id, text_sha256 FROM ins`
}()

var _ store.BatchPutter = (*Writer)(nil)
