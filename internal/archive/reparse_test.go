package archive

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/vanban/vanban/internal/sqlite"
)

// TestReparseRewritesDerivedFields: records archived before spans and
// findings (empty) get them from reparse, which counts them apart from
// changes of the record; a second reparse has nothing to rewrite.
func TestReparseRewritesDerivedFields(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"), sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Run(ctx, db, Options{Paths: []string{"../check/testdata"}}); err != nil {
		t.Fatal(err)
	}
	// As an archive of parser 3 holds them.
	if _, err := db.SQL().Exec(`UPDATE documents SET spans = '[]', findings = '[]'`); err != nil {
		t.Fatal(err)
	}
	rep, err := Reparse(ctx, db, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Reparsed != 3 || rep.Changed != 0 || rep.Rechecked != 3 {
		t.Errorf("first reparse: %+v", rep)
	}
	var spans int
	db.SQL().QueryRow(`SELECT count(*) FROM documents WHERE spans = '[]'`).Scan(&spans)
	if spans != 0 {
		t.Errorf("%d records still without spans", spans)
	}
	if rep, err = Reparse(ctx, db, nil, ""); err != nil || rep.Rechecked != 0 || rep.Changed != 0 {
		t.Errorf("second reparse: %+v %v", rep, err)
	}
}
