package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/vntext"
)

// TestEachWordSplitsAsWords: the vectors' word splitter is vntext.Words,
// without the slice: letters and digits of any script, everything else a
// separator.
func TestEachWordSplitsAsWords(t *testing.T) {
	for _, s := range []string{
		"", " ", "thue", "cong van so 12/ubnd-vx ngay 3.4.2020", "ĐẢNG CỘNG SẢN việt nam", "a\u200bb", "x--y__z", "数字 123abc ç",
		"ủy ban nhân dân tỉnh", "\tend.", "tab\tsep\nnew",
	} {
		var got []string
		eachWord(s, func(w string) { got = append(got, w) })
		want := vntext.Words(s)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}

// TestVectorLiteral: places run through the fields with a gap between
// them, quotes are doubled, and a record past the limits is stripped.
func TestVectorLiteral(t *testing.T) {
	v := vectors([]any{"bao cao", "noi dung bao cao", "bo y te", "", "bo truong"})
	if v.long {
		t.Error("a short record is long")
	}
	// title 1-2, gap, issuer 4-6, gap, signer 8-9, gap, recipients none, gap, body 12-15.
	want := "bao:1,14 cao:2,15 bo:4,8 y:5 te:6 truong:9 noi:12 dung:13"
	if v.tsv != want {
		t.Errorf("tsv %s\nwant %s", v.tsv, want)
	}
	if v.head != "bao:1 cao:2 bo:4,8 y:5 te:6 truong:9" {
		t.Errorf("head %s", v.head)
	}
	if x := vectors([]any{"数字 naïve", "", "", "", ""}); x.tsv != "'数字':1 'naïve':2" {
		t.Errorf("words not ASCII are quoted: %s", x.tsv)
	}
	var b strings.Builder
	quoteLexeme(&b, `it's\`)
	if b.String() != `'it''s\\'` {
		t.Errorf("quoted %s", b.String())
	}
	long := vectors([]any{"x", strings.Repeat("mot hai ", 9000), "", "", ""})
	if !long.long || strings.Contains(long.tsv, ":") {
		t.Errorf("a record of 18,000 words: long %v, tsv %.80s", long.long, long.tsv)
	}
}

// TestBinaryVectorsAsText: the server reads a vector sent in binary form
// (the grouped writes) as the same tsvector as its text form (single
// writes), long records included.
func TestBinaryVectorsAsText(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Archive(t), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, fts := range [][]any{
		{"bao cao", "noi dung bao cao tong hop", "bo y te", "so y te cac tinh", "bo truong nguyen van a"},
		{"", "", "", "", ""},
		{"数字 naïve", "zeta alpha beta alpha", "x", "", "y"},
		{"x", strings.Repeat("mot hai ", 9000), "", "", ""},
	} {
		text, bin := vectors(fts), binaryVectors(fts)
		if text.long != bin.long {
			t.Errorf("long: %v and %v", text.long, bin.long)
		}
		var a, b []string
		err := db.pool.QueryRow(ctx, `SELECT ARRAY[$1::tsvector::text, $2::tsvector::text, $3::tsvector::text],
			ARRAY(SELECT unnest($4::tsvector[])::text)`, text.tsv, text.head, text.signer, []tsvBin{bin.bin[0], bin.bin[1], bin.bin[2]}).Scan(&a, &b)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("vector %d: text form reads %.120s, binary %.120s", i, a[i], b[i])
			}
		}
	}
}
