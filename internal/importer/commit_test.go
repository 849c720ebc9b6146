package importer

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
	db, err := sqlite.Open(ctx, filepath.Join(dir, "a.db"), sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
