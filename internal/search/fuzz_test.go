package search

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// FuzzCompileQuery runs every compiled query against a real archive: a query
// either fails to compile with a SyntaxError or runs without any SQL or FTS5
// error.
func FuzzCompileQuery(f *testing.F) {
	for _, s := range []string{"dang uy", `"chống dịch" covid`, "covid -tết", "a OR b", "chuyển*", "71-CV/TU",
		`NOT AND NEAR ( ) : ^ {}`, `"`, `-`, `OR`, `***`, `a"b"c`, `issuer:x`, `'; DROP TABLE documents; --`,
		`"a" OR -b`, `x* OR "y z"*`, "\x00\xff", `-"phrase" word`, "đ Đ ð"} {
		f.Add(s)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"), sqlite.OpenOptions{})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	w, err := db.BeginWrite(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	d := &vanban.Document{Symbol: "71-CV/TU", Issuer: "TỈNH ỦY BÌNH DƯƠNG", Subject: "Đảng ủy chống dịch", Body: "Đảng ủy Khối chống dịch Covid-19 theo 687-CV/TU"}
	d.Normalize()
	if _, _, err := w.Put(context.Background(), &store.Record{Doc: d, Original: []byte("x"), Text: "x", TextSHA256: []byte("x")}); err != nil {
		f.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Compile(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Compile(%q): %v is not a SyntaxError", s, err)
			}
			if se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("Compile(%q): position %d out of range", s, se.Pos)
			}
			return
		}
		match := sqlite.MatchExpr(q)
		if _, err := db.Search(context.Background(), q, vanban.SearchOptions{Filter: vanban.Filter{Issuer: s, Signer: s, Place: s, Symbol: s}, Limit: 5}); err != nil {
			t.Fatalf("query %q compiled to %q: %v", s, match, err)
		}
		if strings.Contains(match, "\x00") {
			t.Fatalf("NUL in %q", match)
		}
	})
}
