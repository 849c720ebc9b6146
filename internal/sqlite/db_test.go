package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

func openTestDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func testRecord(text string) *store.Record {
	d := &vanban.Document{System: "state", Issuer: "BỘ Y TẾ", Symbol: "12/BYT-KCB", Number: "12", Date: "2020-03-02",
		Subject: "Phòng chống dịch", Body: text, Encoding: "utf-8", SignerName: "Nguyễn Văn A",
		Source: &vanban.Source{Path: "/tmp/a.txt", Size: int64(len(text)), SHA256: hexSHA256([]byte(text)), ImportedAt: "2026-01-01T00:00:00Z"}}
	d.Normalize()
	return &store.Record{Doc: d, Original: []byte(text), Text: text, TextSHA256: []byte("sha-" + text), ParserVersion: "1"}
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestMigrateNewFile(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	var v, app int64
	db.SQL().QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	db.SQL().QueryRowContext(ctx, "PRAGMA application_id").Scan(&app)
	if int(v) != SchemaVersion() || app != ApplicationID {
		t.Errorf("user_version %d application_id %#x, want %d and %#x", v, app, SchemaVersion(), ApplicationID)
	}
	var mode string
	db.SQL().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	db.SQL().QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
	// Reopening applies nothing again.
	db.Close()
	db2, err := Open(ctx, db.Path(), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
}

func TestRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello, not a database at all, just some text that is long enough to matter here"), 0o644)
	foreign := filepath.Join(dir, "other.db")
	// An SQLite file of another program: open it with the driver directly.
	{
		db, err := Open(ctx, filepath.Join(dir, "tmp.db"), OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	other, err := sqlOpenPlain(foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec("CREATE TABLE t(x)"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	// An empty SQLite file of another program (no table, rollback journal):
	// refused before any write-capable open, left byte for byte, and no
	// -wal/-shm files beside it (issue 14.9).
	empty := filepath.Join(dir, "empty.db")
	if e, err := sqlOpenPlain(empty); err != nil {
		t.Fatal(err)
	} else {
		if _, err := e.Exec("VACUUM"); err != nil {
			t.Fatal(err)
		}
		e.Close()
	}
	beforeEmpty, _ := os.ReadFile(empty)
	if len(beforeEmpty) < 100 {
		t.Fatal("VACUUM wrote no file")
	}
	// As the sqlite3 shell leaves it: schema cookie 0 (this driver's VACUUM
	// counts a change).
	copy(beforeEmpty[40:44], []byte{0, 0, 0, 0})
	if err := os.WriteFile(empty, beforeEmpty, 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(foreign)
	beforeText, _ := os.ReadFile(text)

	tests := []struct {
		name, path, want string
	}{
		{"folder", dir, "is a folder"},
		{"text file", text, "not an SQLite file"},
		{"foreign sqlite", foreign, "another program"},
		{"empty foreign sqlite", empty, "did not create"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(ctx, tt.path, OpenOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	for _, ro := range []bool{false, true} {
		if _, err := Open(ctx, empty, OpenOptions{ReadOnly: ro}); err == nil {
			t.Errorf("empty foreign file opened (read-only %v)", ro)
		}
	}
	if afterEmpty, _ := os.ReadFile(empty); string(afterEmpty) != string(beforeEmpty) {
		t.Error("the empty foreign file was modified")
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(empty + suffix); err == nil {
			t.Errorf("%s left beside the refused file", suffix)
		}
	}
	after, _ := os.ReadFile(foreign)
	afterText, _ := os.ReadFile(text)
	if string(before) != string(after) || string(beforeText) != string(afterText) {
		t.Error("a refused file was modified")
	}
	if _, err := Open(ctx, filepath.Join(dir, "missing.db"), OpenOptions{ReadOnly: true}); err == nil {
		t.Error("read-only open of a missing archive succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Error("read-only open created the file")
	}
}

func TestReadOnlyArchive(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
	db := openTestDB(t)
	db.Close()
	os.Chmod(db.Path(), 0o444)
	if _, err := Open(context.Background(), db.Path(), OpenOptions{}); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("err = %v, want read-only", err)
	}
}

func TestPutDuplicateAndDelete(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	w, err := db.BeginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id1, dup, err := w.Put(ctx, testRecord("văn bản một"))
	if err != nil || dup != 0 || id1 == 0 {
		t.Fatalf("Put = %d, %d, %v", id1, dup, err)
	}
	// Same text: a duplicate, nothing stored.
	_, dup, err = w.Put(ctx, testRecord("văn bản một"))
	if err != nil || dup != id1 {
		t.Fatalf("duplicate Put: dup = %d, err = %v, want %d", dup, err, id1)
	}
	// Same symbol, issuer and date, other text: stored, both warned.
	id2, _, err := w.Put(ctx, testRecord("văn bản hai"))
	if err != nil || id2 == 0 {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{id1, id2} {
		d, err := db.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, w := range d.Warnings {
			found = found || strings.Contains(w.Message, vanban.PossibleDuplicate)
		}
		if !found {
			t.Errorf("record %d warnings = %+v, want a possible duplicate", id, d.Warnings)
		}
	}
	orig, text, err := db.Original(ctx, id1)
	if err != nil || string(orig) != "văn bản một" || text != "văn bản một" {
		t.Errorf("Original = %q, %q, %v", orig, text, err)
	}
	if n, _ := db.Count(ctx); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
	// The index finds the folded text.
	var hits int
	db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'van ban hai'`).Scan(&hits)
	if hits != 1 {
		t.Errorf("fts hits = %d, want 1", hits)
	}
	if missing, err := db.Delete(ctx, []int64{id1, 999}); err != nil || len(missing) != 1 || missing[0] != 999 {
		t.Fatalf("Delete with a missing id = %v, %v", missing, err)
	}
	if n, _ := db.Count(ctx); n != 2 {
		t.Errorf("a partial rm removed records")
	}
	if _, err := db.Delete(ctx, []int64{id1}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Get(ctx, id1); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'van ban mot'`).Scan(&hits)
	if hits != 0 {
		t.Errorf("index still finds the deleted record")
	}
	var orphans int
	db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM contents WHERE doc_id = ?`, id1).Scan(&orphans)
	if orphans != 0 {
		t.Errorf("contents of the deleted record remain")
	}
}

// TestIDsNeverReused: a deleted record's id is not given to the next
// record, even when it was the newest (issue 14.5), and an update of a
// record deleted meanwhile writes nothing.
func TestIDsNeverReused(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put := func(text string) int64 {
		t.Helper()
		w, err := db.BeginWrite(ctx)
		if err != nil {
			t.Fatal(err)
		}
		id, _, err := w.Put(ctx, testRecord(text))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, b := put("một"), put("hai")
	if _, err := db.Delete(ctx, []int64{b}); err != nil {
		t.Fatal(err)
	}
	if c := put("ba"); c <= b {
		t.Errorf("new record got id %d after %d was deleted (first %d)", c, b, a)
	}
	w, err := db.BeginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Update(ctx, b, testRecord("hai bis")); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a deleted record: %v, want ErrNotFound", err)
	}
	w.Rollback()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM documents_fts WHERE rowid = ?`, b).Scan(&n); err != nil || n != 0 {
		t.Errorf("index entries of the deleted record: %d %v", n, err)
	}
}

// TestReadOnlyMedia: a reader opens the archive immutable, creating no
// -shm/-wal, where it could not create them (a read-only folder) or where
// they would lock the owner out (another user's archive) — unless a -wal
// holds committed pages (issue 14.10).
func TestReadOnlyMedia(t *testing.T) {
	for _, c := range []struct {
		dirWritable   bool
		fileUID, euid int
		walSize       int64
		want          bool
	}{
		{true, 1000, 1000, 0, false},
		{false, 1000, 1000, 0, true},
		{true, 1000, 1001, 0, true},
		{true, 1000, 0, 0, false},
		{false, 1000, 1000, 4096, false},
		{true, 1000, 1001, 4096, false},
	} {
		if got := chooseImmutable(c.dirWritable, c.fileUID, c.euid, c.walSize); got != c.want {
			t.Errorf("%+v: immutable %v", c, got)
		}
	}
	// An immutable read sees every committed record and leaves no file.
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	db, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	putOne(t, db, testRecord("một"))
	putOne(t, db, testRecord("hai"))
	db.Close()
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	ro, err := sql.Open("sqlite", strings.Replace(dsn(path, true), "?mode=ro&", "?mode=ro&immutable=1&", 1))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := ro.QueryRow(`SELECT count(*) FROM documents`).Scan(&n); err != nil || n != 2 {
		t.Errorf("immutable read: %d records, %v", n, err)
	}
	ro.Close()
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("an immutable read left %s", suffix)
		}
	}
}
