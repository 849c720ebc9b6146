package sqlite

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// insertSQL inserts a documents row from Columns' values; the id is above
// every id the archive ever gave (schema 3, id_floor).
var insertSQL = `INSERT INTO documents (id, text_sha256, ` + strings.Join(store.WriteColumns, ", ") + `) VALUES (
	(SELECT max(n, coalesce((SELECT max(id) FROM documents), 0)) + 1 FROM id_floor), ?` +
	strings.Repeat(", ?", len(store.WriteColumns)) + `)
	ON CONFLICT (text_sha256) DO NOTHING`

// insertIDSQL inserts a documents row under a given id (vanban copy).
var insertIDSQL = `INSERT INTO documents (id, text_sha256, ` + strings.Join(store.WriteColumns, ", ") + `) VALUES (?, ?` +
	strings.Repeat(", ?", len(store.WriteColumns)) + `)
	ON CONFLICT (text_sha256) DO NOTHING`

// updateSQL replaces the parsed fields of a row (reparse): every column of
// store.UpdateColumns.
var updateSQL = func() string {
	var set []string
	for _, c := range store.UpdateColumns {
		set = append(set, c+" = ?")
	}
	return `UPDATE documents SET ` + strings.Join(set, ", ") + ` WHERE id = ?`
}()

// updateArgs are the arguments of updateSQL for r and id.
func updateArgs(r *store.Record, id int64) []any {
	return append(store.UpdateValues(r), id)
}

// docScanner reads documents rows into records: the select list for a set
// of fields, and the scan that fills them. One is built per statement and
// reused for every row.
type docScanner struct {
	fields []vanban.Field // stored fields read, in select order
	source bool           // the source columns are read
	body   bool           // the body is read (contents joined as c)
	// Scan destinations, reused row after row: text columns scan into
	// strings (the driver's own, not copied), the compressed body into
	// RawBytes decompressed at once.
	dest []any
	id   int64
	strs []string
	src  vanban.Source
	bz   sql.RawBytes
}

// newScanner reads the fields named (nil: every field).
func newScanner(names []string) *docScanner {
	s := &docScanner{}
	want := func(n string) bool {
		if names == nil {
			return true
		}
		for _, x := range names {
			if x == n {
				return true
			}
		}
		return false
	}
	for _, f := range store.StoredFields {
		if want(f.Name) {
			s.fields = append(s.fields, f)
		}
	}
	s.source = want("source")
	s.body = want("body")
	return s
}

// selectList is the select list of the scanner over documents d (and
// contents c when the body is read), its columns' schema versions checked.
func (s *docScanner) selectList(schema int) string {
	cols := []string{"d.id"}
	for _, f := range s.fields {
		if f.Since > schema {
			cols = append(cols, "''") // a later field: empty in an older archive
			continue
		}
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

// from is the FROM clause the select list needs.
func (s *docScanner) from() string {
	if s.body {
		return ` FROM documents d JOIN contents c ON c.doc_id = d.id`
	}
	return ` FROM documents d`
}

// join is the JOIN of contents the select list needs after documents d.
func (s *docScanner) join() string {
	if s.body {
		return ` JOIN contents c ON c.doc_id = d.id`
	}
	return ""
}

// scan reads one row into a new record.
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
