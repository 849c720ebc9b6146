package postgres

import (
	"context"
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
	"github.com/vanban/vanban/internal/vanban"
)

// TestLongDocuments: a tsvector keeps no place past 16,383 and at most
// 256 places of a word; a record past either limit is long, and its
// phrases are checked on its text. A phrase at the end of a long letter
// is found; words of a phrase present but apart are not a match; the
// SQLite engine's answers are the same.
func TestLongDocuments(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Archive(t), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	head, err := os.ReadFile("../../testdata/corpus/002.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Long by places: 20,000 words of filler, then a closing phrase.
	var b strings.Builder
	lines := strings.SplitAfter(string(head), "\n")
	b.WriteString(strings.Join(lines[:len(lines)/2], ""))
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "muc %d noi dung\n", i)
	}
	b.WriteString("Đề nghị các đơn vị khẩn trương triển khai hệ thống lưu trữ điện tử.\n")
	b.WriteString(strings.Join(lines[len(lines)/2:], ""))
	long := filepath.Join(dir, "long.txt")
	os.WriteFile(long, []byte(b.String()), 0o644)
	// Long by one word's places: "xanh" 300 times, apart from "la".
	var c strings.Builder
	c.WriteString(strings.Join(lines[:len(lines)/2], ""))
	for i := 0; i < 300; i++ {
		c.WriteString("xanh mau la\n")
	}
	c.WriteString(strings.Join(lines[len(lines)/2:], ""))
	many := filepath.Join(dir, "many.txt")
	os.WriteFile(many, []byte(c.String()), 0o644)
	lite, err := sqlite.Open(ctx, filepath.Join(dir, "a.db"), sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	engines := []store.Store{db, lite}
	for _, e := range engines {
		if s, err := archive.Run(ctx, e, archive.Options{Paths: []string{long, many}, Jobs: 1, KeepFiles: true}); err != nil || s.Imported != 2 {
			t.Fatalf("import: %v", err)
		}
	}
	var nLong int
	db.pool.QueryRow(ctx, `SELECT count(*) FROM fts WHERE long`).Scan(&nLong)
	if nLong != 2 {
		t.Fatalf("%d records marked long, want 2", nLong)
	}
	for _, c := range []struct {
		q    string
		want int64
	}{
		{`"he thong luu tru dien tu"`, 1}, // past place 16,383
		{`he thong luu tru dien tu`, 1},
		{`"luu tru he thong"`, 0},  // the words, not the phrase
		{`"xanh la"`, 0},           // apart in every line
		{`"mau la"`, 1},            // together
		{`"noi dung" -xanh`, 1},    // exclusion in a long record
		{`"muc 4999 noi dung"`, 1}, // numbers in a phrase
	} {
		q, err := search.Compile(c.q)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range engines {
			res, err := e.Search(ctx, q, vanban.SearchOptions{Limit: -1})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != c.want || len(res.Hits) != int(c.want) {
				t.Errorf("%s in %s: %d matches (%d hits), want %d", c.q, e.Path(), res.Total, len(res.Hits), c.want)
			}
		}
	}
}
