package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/vanban"
)

// commonWordsArchive is an archive whose record 1, the oldest, is the one
// an analyst looks for, and whose newer records hold the same common words
// scattered: in their bodies, or some of them in their subjects. The caps
// of the search are lowered so that every word counts as common, the path
// a million-record archive takes.
func commonWordsArchive(t *testing.T, target *vanban.Document, others int, other func(i int, d *vanban.Document)) *DB {
	t.Helper()
	ctx := context.Background()
	old, oldWin := exactCap, rankWindow
	exactCap, rankWindow = 5, 10
	t.Cleanup(func() { exactCap, rankWindow = old, oldWin })
	db := openTestDB(t)
	w, err := db.BeginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	put := func(d *vanban.Document, key string) {
		r := testRecord(key)
		d.Source, d.Encoding = r.Doc.Source, "utf-8"
		d.Normalize()
		r.Doc = d
		if _, _, err := w.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	put(target, "target")
	for i := 0; i < others; i++ {
		d := &vanban.Document{System: "state", Issuer: "TỔNG CỤC THUẾ", Date: fmt.Sprintf("2024-01-%02d", 1+i%28)}
		other(i, d)
		put(d, fmt.Sprintf("other %d", i))
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

func firstHits(t *testing.T, db *DB, q string, n int) []int64 {
	t.Helper()
	cq, err := search.Compile(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Search(context.Background(), cq, vanban.SearchOptions{Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.Doc.ID)
	}
	return ids
}

// TestSearchTypeNameAndYear: a query of common words naming a document by
// its type and subject, with the year its body gives, finds the document
// whose title holds the words first, ahead of sixty newer ones holding them
// all in their bodies, half of them some in their subjects.
func TestSearchTypeNameAndYear(t *testing.T) {
	target := &vanban.Document{System: "state", Issuer: "TỔNG CỤC THUẾ", Type: "Kế hoạch",
		Subject: "Tăng cường công tác thanh tra, kiểm tra", Body: "Năm 2016, nền kinh tế nước ta đã được phục hồi."}
	db := commonWordsArchive(t, target, 60, func(i int, d *vanban.Document) {
		d.Type = vanban.TypeCongVan
		d.Subject = "Về việc chấp hành pháp luật"
		d.Body = "Thực hiện kế hoạch năm 2016, tăng cường công tác thanh tra, kiểm tra; báo cáo văn bản."
		if i%2 == 0 {
			d.Subject = "Thanh tra, kiểm tra việc chấp hành pháp luật"
		}
	})
	// Seven words with a year: more than the head's leave-one-out covers.
	for _, q := range []string{"ke hoach tang cuong thanh tra kiem tra 2016", "ke hoach tang cuong cong tac thanh tra"} {
		if ids := firstHits(t, db, q, 3); len(ids) == 0 || ids[0] != 1 {
			t.Errorf("%q: first hits %v, want record 1", q, ids)
		}
	}
	// The year is checked in the document: none of them holds 2017.
	if ids := firstHits(t, db, "ke hoach tang cuong thanh tra kiem tra 2017", 3); len(ids) != 0 {
		t.Errorf("a year no record holds: hits %v", ids)
	}
}

// TestCountFromTheHead: asked to count up to the cap, search reads the
// documents holding every word in their head first, and more of them than
// the cap settle the count ("more than N"). Never when the head's matches
// need not be matches: an excluded word or a number is looked for in the
// body, so there the count is made.
func TestCountFromTheHead(t *testing.T) {
	target := &vanban.Document{System: "state", Issuer: "TỔNG CỤC THUẾ", Subject: "Thanh tra thuế", Body: "Năm 2016."}
	db := commonWordsArchive(t, target, 10, func(i int, d *vanban.Document) {
		d.Subject = "Thanh tra thuế"
		d.Body = "Kiểm tra việc chấp hành."
		if i < 2 {
			d.Body = "Năm 2016, không có gì khác."
		}
	})
	for _, c := range []struct {
		q     string
		total int64
		exact bool
	}{
		{"thanh tra", 5, false},      // 11 hold both in their head
		{"thanh tra -kiem", 3, true}, // 8 of them hold kiểm in their body
		{"thanh tra 2016", 3, true},  // the year is in 3 bodies
		{"thanh tra thue 2016", 3, true},
	} {
		cq, err := search.Compile(c.q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Search(context.Background(), cq, vanban.SearchOptions{Limit: 20, CountBudget: exactCap})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != c.total || res.TotalExact != c.exact {
			t.Errorf("%q: total %d (exact %v), want %d (%v)", c.q, res.Total, res.TotalExact, c.total, c.exact)
		}
		if want := map[bool]int{true: int(c.total), false: 11}[c.exact]; len(res.Hits) != want {
			t.Errorf("%q: %d hits, want %d", c.q, len(res.Hits), want)
		}
	}
}
