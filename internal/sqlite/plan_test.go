package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

// TestSystemIsNeverTheIndex: the system has three values, so a filter
// that also names a symbol, issuer, type or place is searched by that;
// an archive never analysed (no sqlite_stat1, as after any import) made
// SQLite search the facets index by system and sort a third of the
// archive: `list --system party --symbol 12` took 2.6 s at a million
// records instead of 1 ms.
func TestSystemIsNeverTheIndex(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	for _, f := range []vanban.Filter{
		{System: "party", Symbol: "12"},
		{System: "state", Place: "ha noi"},
	} {
		w, args, err := db.whereFor(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.db.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT d.id FROM documents d`+w+` ORDER BY `+sortSQL["-date"]+` LIMIT 50`, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); strings.Contains(p, "documents_facets") {
			t.Errorf("%+v: plan %q searches by system", f, p)
		}
	}
}
