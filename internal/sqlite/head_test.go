package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestHeadIndexFilledAndKept: an archive whose head index is missing (made
// before schema 4) gets it filled by the next writing open, resumable in
// batches; the writer keeps it with the records (rm and reparse included).
func TestHeadIndexFilledAndKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := db.BeginWrite(ctx)
	for i := 0; i < 7; i++ {
		r := testRecord(fmt.Sprintf("văn bản %d", i))
		r.Doc.Subject = fmt.Sprintf("Về việc trao tặng Huy hiệu Đảng đợt %d", i)
		if _, _, err := w.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	headCount := func(db *DB, match string) int {
		t.Helper()
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM documents_head_fts WHERE documents_head_fts MATCH ?`, match).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := headCount(db, `subject : ("huy" + "hieu" + "dang")`); n != 7 {
		t.Fatalf("head index after import: %d of 7", n)
	}
	// As an archive of schema 3 would be after migration 4: an empty head
	// index, not filled. Then a fill killed after 3 records.
	for _, q := range []string{`DELETE FROM documents_head_fts`, `UPDATE head_fill SET done = 0`} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	if _, err := db.SQL().Exec(`INSERT INTO documents_head_fts (rowid, subject, issuer, signer) VALUES (1, 've viec trao tang huy hieu dang dot 0', 'bo y te', ''), (2, 've viec trao tang huy hieu dang dot 1', 'bo y te', ''), (3, 've viec trao tang huy hieu dang dot 2', 'bo y te', '')`); err != nil {
		t.Fatal(err)
	}
	if db.headIndexed(ctx) {
		t.Fatal("headIndexed before the fill")
	}
	db.Close()
	db, err = Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.headIndexed(ctx) {
		t.Fatal("not filled by the writing open")
	}
	if n := headCount(db, `subject : ("huy" + "hieu" + "dang")`); n != 7 {
		t.Errorf("head index after the fill: %d of 7", n)
	}
	if n := headCount(db, `issuer : ("bo" + "y" + "te")`); n != 7 {
		t.Errorf("issuers in the head index after the fill: %d of 7", n)
	}
	if _, err := db.Delete(ctx, []int64{2}); err != nil {
		t.Fatal(err)
	}
	if n := headCount(db, `subject : ("huy" + "hieu" + "dang")`); n != 6 {
		t.Errorf("head index after rm: %d, want 6", n)
	}
}

// TestHeadIndexTitleMigration: an archive of schema 4, whose head index
// holds subjects alone, gets titles (type name and subject) there from its
// next writing open (migration 5 and the fill).
func TestHeadIndexTitleMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := db.BeginWrite(ctx)
	for i := 0; i < 3; i++ {
		r := testRecord(fmt.Sprintf("văn bản %d", i))
		r.Doc.Type, r.Doc.Subject = "Hướng dẫn", fmt.Sprintf("Nghiệp vụ công tác đảng viên %d", i)
		if _, _, err := w.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	// As schema 4 wrote it: subjects alone, the fill done.
	for _, q := range []string{`DELETE FROM documents_head_fts`,
		`INSERT INTO documents_head_fts (rowid, subject, issuer, signer) SELECT id, 'nghiep vu cong tac dang vien', 'bo y te', '' FROM documents`,
		`UPDATE head_fill SET done = 1`, `DROP INDEX documents_facets`, `DROP TRIGGER findings_insert`, `DROP TRIGGER findings_update`, `DROP TRIGGER findings_delete`, `DROP TABLE findings`, `ALTER TABLE documents DROP COLUMN spans`, `ALTER TABLE documents DROP COLUMN findings`, `DROP TABLE overrides`, `DROP TABLE history`, `DROP TABLE trash`, `DROP TABLE links`, `DROP TABLE links_fill`, `PRAGMA user_version = 4`} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	count := func(db *DB) int {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM documents_head_fts WHERE documents_head_fts MATCH 'subject : ("huong" + "dan" + "nghiep")'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(db); n != 0 {
		t.Fatalf("schema 4 head index holds titles already: %d", n)
	}
	db.Close()
	if db, err = Open(ctx, path, OpenOptions{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(db); n != 3 || !db.headIndexed(ctx) {
		t.Errorf("after migration 5: %d of 3 titles in the head index (filled: %v)", n, db.headIndexed(ctx))
	}
}
