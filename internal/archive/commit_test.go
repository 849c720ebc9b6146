package archive

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/vanban/vanban/internal/sqlite"
)

// TestFailedCommitIsNotImported: when a transaction's commit fails (a full
// disk; here a deferred foreign-key check that fails at COMMIT), the files
// of that batch are reported failed with the reason, never imported, and
// the archive holds none of them (issue 14.3).
func TestFailedCommitIsNotImported(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"002.txt", "004.txt", "006.txt"} {
		src, err := os.ReadFile(filepath.Join("../../testdata/corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	db := openTestDB(t)
	for _, q := range []string{
		`CREATE TABLE guard (x INTEGER REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED)`,
		`CREATE TRIGGER fail_commit AFTER INSERT ON documents BEGIN INSERT INTO guard (x) VALUES (-1); END`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	var seen []FileResult
	s, err := Run(ctx, db, Options{Paths: paths, Jobs: 2, KeepFiles: true, OnFile: func(fr FileResult) { seen = append(seen, fr) }})
	if err == nil {
		t.Fatal("Run succeeded although the commit failed")
	}
	if s.Imported != 0 || s.Failed != 3 {
		t.Errorf("summary: imported %d, failed %d; want 0 and 3", s.Imported, s.Failed)
	}
	for _, fr := range seen {
		if fr.Status != Failed || fr.ID != nil || fr.Error == "" {
			t.Errorf("%s: status %s id %v error %q", fr.Path, fr.Status, fr.ID, fr.Error)
		}
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM documents`).Scan(&n); err != nil || n != 0 {
		t.Errorf("documents after the failed commit: %d (%v)", n, err)
	}
}

// TestProgressWhileWalking: progress reports what was found while the
// folders are still read (no total yet), then the total (issue 14.23).
func TestProgressWhileWalking(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus, _ := filepath.Glob("../../testdata/corpus/*.txt")
	for i, f := range corpus {
		src, _ := os.ReadFile(f)
		sub := filepath.Join(dir, string(rune('a'+i%3)))
		os.MkdirAll(sub, 0o755)
		if err := os.WriteFile(filepath.Join(sub, filepath.Base(f)), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := openTestDB(t)
	type call struct {
		done, found int
		walked      bool
	}
	var calls []call
	if _, err := Run(ctx, db, Options{Paths: []string{dir}, Jobs: 2, Progress: func(done, found int, walked bool) {
		calls = append(calls, call{done, found, walked})
	}}); err != nil {
		t.Fatal(err)
	}
	if len(calls) != len(corpus) {
		t.Fatalf("%d progress calls for %d files", len(calls), len(corpus))
	}
	for i, c := range calls {
		if c.found < c.done || i > 0 && (c.found < calls[i-1].found || calls[i-1].walked && !c.walked) {
			t.Errorf("call %d: %+v after %+v", i, c, calls[max(i-1, 0)])
		}
	}
	if last := calls[len(calls)-1]; !last.walked || last.found != len(corpus) || last.done != len(corpus) {
		t.Errorf("last progress %+v, want walked with %d found and done", last, len(corpus))
	}
}

// openTestDB opens a new archive in a temporary folder, closed when the
// test ends.
func openTestDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"), sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
