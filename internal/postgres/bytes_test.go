package postgres

import (
	"testing"
	"unicode/utf8"
)

// TestPathBytesRoundTrip: any bytes survive toDB and fromDB, and what is
// stored is valid UTF-8.
func TestPathBytesRoundTrip(t *testing.T) {
	for _, s := range []string{
		"", "/tmp/văn bản.txt", "van\xffban.txt", "\xc3", "\xe2\x82", "a\xf7\x80b", "\uf780", "\uf7ff\uf700x", "\xef\x9e\x80\xff", string([]byte{0, 0x80, 0xc0, 0xfe}),
	} {
		db := toDB(s)
		if !utf8.ValidString(db) {
			t.Errorf("%q: stored form %q is not UTF-8", s, db)
		}
		if back := fromDB(db); back != s {
			t.Errorf("%q: read back %q", s, back)
		}
	}
	if toDB("/tmp/a.txt") != "/tmp/a.txt" {
		t.Error("a plain name is changed")
	}
}

func FuzzPathBytes(f *testing.F) {
	f.Add("van\xffban")
	f.Fuzz(func(t *testing.T, s string) {
		db := toDB(s)
		if !utf8.ValidString(db) || fromDB(db) != s {
			t.Fatalf("%q -> %q -> %q", s, db, fromDB(db))
		}
	})
}
