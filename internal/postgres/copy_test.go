package postgres

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// TestCopyRoundTrip: an SQLite archive with a correction, a deleted record
// and its history, copied to PostgreSQL and back to a new SQLite file,
// gives the same records, original bytes, corrections, history and kept
// originals; an interrupted copy goes on where it stopped; a target that
// holds other records is refused.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src, err := sqlite.Open(ctx, filepath.Join(dir, "src.db"), sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := archive.Run(ctx, src, archive.Options{Paths: corpusPaths(), Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	// A correction and a deletion, with their history.
	old, _ := src.Get(ctx, 3)
	nd := *old
	nd.Subject = "Trích yếu đã sửa"
	orig, text, _ := src.Original(ctx, 3)
	w, _ := src.BeginWrite(ctx)
	f, _ := vanban.FieldByName("subject")
	if err := w.Update(ctx, 3, &store.Record{Doc: &nd, Text: text, Original: orig}); err != nil {
		t.Fatal(err)
	}
	w.SetOverride(ctx, 3, "subject", store.StoredForm(f, &nd), store.StoredForm(f, old))
	w.LogCorrection(ctx, 3, "set", "subject", old.Subject, nd.Subject)
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Delete(ctx, []int64{5}); err != nil {
		t.Fatal(err)
	}
	n, _ := src.Count(ctx)

	pgURL := pgtest.Archive(t)
	pg, err := Open(ctx, pgURL, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	// Interrupted after the first batch of 10, then run again.
	cctx, cancel := context.WithCancel(ctx)
	_, err = archive.Copy(cctx, src, pg, archive.CopyOptions{BatchSize: 10, Progress: func(done, total int64) { cancel() }})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "run the same copy again") {
		t.Fatalf("interrupted copy: %v", err)
	}
	if k, _ := pg.Count(ctx); k != 10 {
		t.Fatalf("%d records after the interrupted copy, want the first batch of 10", k)
	}
	rep, err := archive.Copy(ctx, src, pg, archive.CopyOptions{BatchSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Resumed != 10 || rep.Copied != n-10 || rep.Verified != n || rep.Overrides != 1 || rep.Trash != 1 {
		t.Errorf("resumed copy: %+v (records %d)", rep, n)
	}
	back, err := sqlite.Open(ctx, filepath.Join(dir, "back.db"), sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if rep, err := archive.Copy(ctx, pg, back, archive.CopyOptions{}); err != nil || rep.Verified != n {
		t.Fatalf("copy back: %+v, %v", rep, err)
	}
	for _, db := range []store.Store{pg, back} {
		ids, _ := src.IDs(ctx)
		for _, id := range ids {
			a, _, _ := src.Original(ctx, id)
			b, _, err := db.Original(ctx, id)
			if err != nil || string(a) != string(b) {
				t.Fatalf("%s: original of #%d differs (%v)", db.Path(), id, err)
			}
		}
		ov, _ := db.Overrides(ctx, 3)
		if ov["subject"].Value != "Trích yếu đã sửa" || ov["subject"].ParserValue != old.Subject {
			t.Errorf("%s: correction %+v", db.Path(), ov)
		}
		h1, _ := src.History(ctx, 0)
		h2, _ := db.History(ctx, 0)
		if len(h1) != len(h2) || h2[len(h2)-1] != h1[len(h1)-1] {
			t.Errorf("%s: history of %d rows, want %d equal", db.Path(), len(h2), len(h1))
		}
		if b, tr, err := db.TrashedOriginal(ctx, 5); err != nil || tr.ID != 5 || len(b) == 0 {
			t.Errorf("%s: kept original of #5: %v", db.Path(), err)
		}
		// A new record takes an id above every id the source gave.
		r, err := archive.Run(ctx, db, archive.Options{Paths: []string{"../check/testdata/state-qd.txt"}, KeepFiles: true})
		if err != nil || r.Imported != 1 {
			t.Fatalf("%s: import after the copy: %v", db.Path(), err)
		}
		if id := *r.Files[0].ID; id <= n+1 {
			t.Errorf("%s: new record got id %d, not above %d", db.Path(), id, n+1)
		}
	}
	// A target holding other records is no interrupted copy.
	other, _ := sqlite.Open(ctx, filepath.Join(dir, "other.db"), sqlite.OpenOptions{})
	defer other.Close()
	archive.Run(ctx, other, archive.Options{Paths: []string{"../check/testdata/state-cv.txt"}})
	if _, err := archive.Copy(ctx, src, other, archive.CopyOptions{}); err == nil || !strings.Contains(err.Error(), "no interrupted copy") {
		t.Errorf("copy into an unrelated archive: %v", err)
	}
}
