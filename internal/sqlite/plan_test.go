package sqlite

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
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

// TestCommonPlacePage: a page of a place that holds a large share of the
// archive is found by walking the date index; a rarer place's records are
// sorted. Either way the page is the newest records of the place, in
// order (and "ha noi" never finds Hà Nam).
func TestCommonPlacePage(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	var docs []*vanban.Document
	for i := 0; i < 420; i++ {
		place := "Hà Nội"
		switch {
		case i%21 == 0:
			place = "Bến Tre"
		case i%7 == 0:
			place = "Hà Nam"
		}
		docs = append(docs, &vanban.Document{System: "state", Issuer: "BỘ Y TẾ", Symbol: fmt.Sprintf("%d/BYT-KCB", i+1), Place: place,
			Date: fmt.Sprintf("20%02d-%02d-%02d", 10+i%13, 1+i%12, 1+i%28)})
	}
	putDocs(t, db, docs...)
	for _, c := range []struct {
		place  string
		common bool
	}{{"ha noi", true}, {"ben tre", false}} {
		common, err := db.commonPlace(ctx, c.place, 5)
		if err != nil || common != c.common {
			t.Errorf("%s: common %v (%v), want %v", c.place, common, err, c.common)
		}
		var want []string
		for _, d := range docs {
			if vntext.Fold(d.Place) == c.place {
				want = append(want, d.Date+" "+d.Symbol)
			}
		}
		sort.Sort(sort.Reverse(sort.StringSlice(want)))
		var got []string
		err = db.List(ctx, vanban.ListOptions{Filter: vanban.Filter{Place: c.place}, Sort: "-date", Limit: 5}, func(d *vanban.Document) error {
			got = append(got, d.Date+" "+d.Symbol)
			return nil
		})
		if err != nil || !slices.Equal(got, want[:5]) {
			t.Errorf("%s: page %v (%v), want %v", c.place, got, err, want[:5])
		}
	}
}
