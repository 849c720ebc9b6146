package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/store/storetest"
	"github.com/vanban/vanban/internal/vanban"
)

// corpusPaths are the documents the engines are compared on: the shipped
// corpus and, when it is beside the checkout, the labelled dev corpus.
func corpusPaths() []string {
	paths := []string{"../../testdata/corpus"}
	if _, err := os.Stat("../../../shared/corpus/dev"); err == nil {
		paths = append(paths, "../../../shared/corpus/dev")
	}
	return paths
}

// sameQueries are the fixed query set both engines must answer alike.
var sameQueries = append([]string{
	"uy ban nhan dan", "phong chong dich covid", "ke hoach thuc hien", "dang uy", "cai cach hanh chinh",
	"thue gia tri gia tang", "bo y te", "nghi quyet", "to chuc", "thi hanh phap luat", "-thue thong bao",
	"chinh sach", "hoc tap va lam theo", "nam 2025", "ban tuyen giao", "quoc hoi", "lai chau",
}, storetest.Queries...)

// TestSameAsSQLite: the corpus imported into PostgreSQL and into SQLite
// gives the same records (JSON equal but import times) and the same
// search results, in the same order, for the fixed query set.
func TestSameAsSQLite(t *testing.T) {
	ctx := context.Background()
	pg, err := Open(ctx, pgtest.Archive(t), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"), sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	for _, db := range []store.Store{lite, pg} {
		// One parser at a time: the same files in the same order get the
		// same ids in both.
		s, err := archive.Run(ctx, db, archive.Options{Paths: corpusPaths(), Jobs: 1})
		if err != nil || s.Failed != 0 {
			t.Fatalf("import into %s: %v (%d failed)", db.Path(), err, s.Failed)
		}
	}
	records := func(db store.Store) []string {
		var out []string
		err := db.List(ctx, vanban.ListOptions{Sort: "id", Limit: -1, Fields: vanban.FieldNames()}, func(d *vanban.Document) error {
			d.Source.ImportedAt = ""
			b, _ := json.Marshal(d)
			out = append(out, string(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := records(lite), records(pg)
	if len(a) != len(b) || len(a) < 26 {
		t.Fatalf("%d records in SQLite, %d in PostgreSQL", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("record %d differs:\n sqlite   %.400s\n postgres %.400s", i+1, a[i], b[i])
		}
	}
	hits := 0
	defer func() { t.Logf("%d records, %d queries, %d hits in their top 20s", len(a), len(sameQueries), hits) }()
	for _, qs := range sameQueries {
		q, err := search.Compile(qs)
		if err != nil {
			t.Fatal(err)
		}
		for _, order := range []string{"relevance", "date"} {
			top := func(db store.Store) string {
				res, err := db.Search(ctx, q, vanban.SearchOptions{Limit: 20, Sort: order})
				if err != nil {
					t.Fatalf("%q in %s: %v", qs, db.Path(), err)
				}
				var ids []string
				hits += len(res.Hits)
				for _, h := range res.Hits {
					ids = append(ids, fmt.Sprint(h.Doc.ID))
				}
				return fmt.Sprintf("%d: %s", res.Total, strings.Join(ids, " "))
			}
			if x, y := top(lite), top(pg); x != y {
				t.Errorf("%q by %s: SQLite %s, PostgreSQL %s", qs, order, x, y)
			}
		}
	}
	for _, by := range vanban.Groupings {
		x, err1 := lite.Stats(ctx, vanban.Filter{}, by)
		y, err2 := pg.Stats(ctx, vanban.Filter{}, by)
		if err1 != nil || err2 != nil || fmt.Sprint(x) != fmt.Sprint(y) {
			t.Errorf("stats by %s: SQLite %v (%v), PostgreSQL %v (%v)", by, x, err1, y, err2)
		}
	}
	for _, id := range []int64{1, 5, 19} {
		x, _ := lite.Relations(ctx, id, 2)
		y, _ := pg.Relations(ctx, id, 2)
		if xs, ys := relString(x), relString(y); xs != ys {
			t.Errorf("relations of %d: SQLite %s, PostgreSQL %s", id, xs, ys)
		}
	}
	x, _ := lite.Missing(ctx, -1)
	y, _ := pg.Missing(ctx, -1)
	if fmt.Sprint(x) != fmt.Sprint(y) || len(x) == 0 {
		t.Errorf("missing references differ: %d and %d", len(x), len(y))
	}
}

func relString(r *vanban.Relations) string {
	if r == nil {
		return "<nil>"
	}
	var b strings.Builder
	for _, l := range r.Out {
		to := int64(0)
		if l.To != nil {
			to = l.To.ID
		}
		fmt.Fprintf(&b, "out %d %s %s→%d; ", l.Depth, l.Ref.Kind, l.Ref.Symbol, to)
	}
	for _, l := range r.In {
		fmt.Fprintf(&b, "in %d %s %d; ", l.Depth, l.Ref.Kind, l.From.ID)
	}
	return b.String()
}
