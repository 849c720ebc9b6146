// Package storetest is the conformance suite of store.Store: every
// behaviour the commands rely on, run against each engine (internal/sqlite
// and internal/postgres call Run from their tests) on the documents of
// testdata/corpus. What is checked comes from the documents themselves: a
// record read back equals what the parser makes of its file, a search's
// matches are exactly the records a brute-force check of the query finds.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/check"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// Engine makes archives for the suite: New returns a function that opens
// (each call a new handle, as another process would) one new, empty
// archive.
type Engine struct {
	Name string
	New  func(t *testing.T) (open func() store.Store)
}

// Corpus is the folder of the suite's documents.
var Corpus = "../../testdata/corpus"

// Run runs the suite against e.
func Run(t *testing.T, e Engine) {
	t.Run("ImportReadBack", func(t *testing.T) { testImportReadBack(t, e) })
	t.Run("Duplicates", func(t *testing.T) { testDuplicates(t, e) })
	t.Run("TwoWriters", func(t *testing.T) { testTwoWriters(t, e) })
	t.Run("SearchComplete", func(t *testing.T) { testSearchComplete(t, e) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, e) })
	t.Run("DeleteHistoryTrash", func(t *testing.T) { testDelete(t, e) })
	t.Run("RollbackLeavesNothing", func(t *testing.T) { testRollback(t, e) })
	t.Run("Corrections", func(t *testing.T) { testCorrections(t, e) })
	t.Run("NamesNotUTF8", func(t *testing.T) { testNamesNotUTF8(t, e) })
}

// testNamesNotUTF8: a file whose name is bytes, not UTF-8 (Linux allows
// it), is archived with its name's exact bytes, in the record, the history
// and the trash.
func testNamesNotUTF8(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	src, err := os.ReadFile(files(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "v\xe0n\xffb\xef\x9e\x80n.txt") // Latin-1 à, a lone 0xff, U+F780
	if err := os.WriteFile(name, src, 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	s := importFiles(t, db, []string{name})
	if s.Imported != 1 {
		t.Fatalf("imported %d: %+v", s.Imported, s.Files)
	}
	id := *s.Files[0].ID
	d, err := db.Get(ctx, id)
	if err != nil || d.Source.Path != name {
		t.Fatalf("source path %q (%v), want %q", d.Source.Path, err, name)
	}
	if _, err := db.Delete(ctx, []int64{id}); err != nil {
		t.Fatal(err)
	}
	if _, tr, err := db.TrashedOriginal(ctx, id); err != nil || tr.Path != name {
		t.Errorf("trash path %q (%v)", tr.Path, err)
	}
	h, _ := db.History(ctx, id)
	if len(h) != 2 || h[0].New != name || !strings.HasSuffix(h[1].Old, name) {
		t.Errorf("history %+v", h)
	}
}

func files(t *testing.T) []string {
	t.Helper()
	fs, err := filepath.Glob(filepath.Join(Corpus, "*.txt"))
	if err != nil || len(fs) < 20 {
		t.Fatalf("corpus %s: %d files, %v", Corpus, len(fs), err)
	}
	sort.Strings(fs)
	return fs
}

func importFiles(t *testing.T, db store.Store, paths []string) *archive.Summary {
	t.Helper()
	s, err := archive.Run(context.Background(), db, archive.Options{Paths: paths, Jobs: 2, KeepFiles: true, BatchSize: 7})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return s
}

// comparable is a record as JSON without what differs by import (id,
// import time, possible-duplicate warnings).
func comparable(d *vanban.Document) string {
	c := *d
	c.ID = 0
	if c.Source != nil {
		s := *c.Source
		s.ImportedAt = ""
		c.Source = &s
	}
	var ws []vanban.Warning
	for _, w := range c.Warnings {
		if !strings.HasPrefix(w.Message, vanban.PossibleDuplicate) {
			ws = append(ws, w)
		}
	}
	c.Warnings = ws
	b, _ := json.Marshal(&c)
	return string(b)
}

func testImportReadBack(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	fs := files(t)
	s := importFiles(t, db, fs)
	if s.Imported != len(fs) || s.Failed != 0 {
		t.Fatalf("imported %d, failed %d of %d", s.Imported, s.Failed, len(fs))
	}
	if n, _ := db.Count(ctx); n != int64(len(fs)) {
		t.Fatalf("Count %d, want %d", n, len(fs))
	}
	for _, fr := range s.Files {
		src, err := os.ReadFile(fr.Path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Get(ctx, *fr.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := parse.Parse(fr.Path, src, parse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		dt, _ := parse.Decode(fr.Path, src, parse.Options{})
		want.Findings = check.Check(want, dt.Text).Findings
		got.Source.Path, want.Source = fr.Path, got.Source
		if a, b := comparable(got), comparable(want); a != b {
			t.Errorf("%s: record read back differs from the parse:\n got %.300s\nwant %.300s", fr.Path, a, b)
		}
		orig, text, err := db.Original(ctx, *fr.ID)
		if err != nil || string(orig) != string(src) {
			t.Errorf("%s: original bytes differ (%v)", fr.Path, err)
		}
		if text != dt.Text {
			t.Errorf("%s: stored text differs from the decoded text", fr.Path)
		}
		sum := store.TextSHA256(dt.Text)
		if id, err := db.Lookup(ctx, sum[:]); err != nil || id != *fr.ID {
			t.Errorf("%s: Lookup = %d, %v; want %d", fr.Path, id, err, *fr.ID)
		}
		if got.Symbol != "" {
			ids, err := db.BySymbol(ctx, strings.ToLower(got.Symbol))
			if err != nil || !containsID(ids, *fr.ID) {
				t.Errorf("%s: BySymbol(%q) = %v, %v", fr.Path, got.Symbol, ids, err)
			}
		}
	}
	// Importing again stores nothing: every file is a duplicate of its
	// record.
	s2 := importFiles(t, db, fs)
	if s2.Imported != 0 || s2.Duplicates != len(fs) {
		t.Errorf("second import: %d imported, %d duplicates", s2.Imported, s2.Duplicates)
	}
	if _, err := db.Get(ctx, 1<<40); !errors.Is(err, vanban.ErrNotFound) {
		t.Errorf("Get of no record: %v, want ErrNotFound", err)
	}
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// testDuplicates: the same text twice in one batch, and in another file
// with a BOM and CRLF ends, is stored once.
func testDuplicates(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	fs := files(t)
	dir := t.TempDir()
	src, _ := os.ReadFile(fs[0])
	a, b, c := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt")
	os.WriteFile(a, src, 0o644)
	os.WriteFile(b, src, 0o644)
	os.WriteFile(c, []byte("\ufeff"+strings.ReplaceAll(string(src), "\n", "\r\n")), 0o644)
	s := importFiles(t, db, []string{a, b, c})
	if s.Imported != 1 || s.Duplicates != 2 {
		t.Fatalf("imported %d, duplicates %d; want 1 and 2", s.Imported, s.Duplicates)
	}
	if n, _ := db.Count(ctx); n != 1 {
		t.Errorf("Count %d, want 1", n)
	}
}

// testTwoWriters: two importers at once, on two handles, each with half
// of the corpus and a shared third: every document once.
func testTwoWriters(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	fs := files(t)
	half := len(fs) / 2
	third := len(fs) / 3
	sets := [][]string{fs[:half+third], fs[half-third:]}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	sums := make([]*archive.Summary, 2)
	for i := range sets {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			db := open()
			defer db.Close()
			sums[i], errs[i] = archive.Run(ctx, db, archive.Options{Paths: sets[i], Jobs: 1, BatchSize: 3})
		}(i)
	}
	wg.Wait()
	if t.Failed() {
		return // an open failed (its goroutine reported it)
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("importer %d: %v", i, err)
		}
	}
	if n := sums[0].Imported + sums[1].Imported; n != len(fs) {
		t.Errorf("imported %d + %d, want %d in all", sums[0].Imported, sums[1].Imported, len(fs))
	}
	db := open()
	defer db.Close()
	if n, _ := db.Count(ctx); n != int64(len(fs)) {
		t.Errorf("Count %d, want %d", n, len(fs))
	}
	for _, f := range fs {
		src, _ := os.ReadFile(f)
		dt, _ := parse.Decode(f, src, parse.Options{})
		sum := store.TextSHA256(dt.Text)
		if id, err := db.Lookup(ctx, sum[:]); err != nil || id == 0 {
			t.Errorf("%s: not archived (%v)", f, err)
		}
	}
}

// Queries of the suite: words, phrases, prefixes, OR, exclusion, symbols,
// numbers, typed without marks.
var Queries = []string{
	"thue", "thanh tra kiem tra", `"phong chong dich"`, "phong chong dich", "nghi*", "quyet dinh -thue",
	"cong van OR ke hoach", "71-CV/TU", "2020", "ban chap hanh dang bo", "bao hiem xa hoi", "tang cuong cong tac",
	"chuyen doi so", "y te", "xa hoi chu nghia",
}

// testSearchComplete: for each query, Total is exact, the hits are every
// record the query matches when checked on the record's own fields (and no
// other), in rank order, and a second page continues the first.
func testSearchComplete(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	importFiles(t, db, files(t))
	var all []*vanban.Document
	ids, err := db.IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		d, err := db.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, d)
	}
	for _, qs := range Queries {
		q, err := search.Compile(qs)
		if err != nil {
			t.Fatalf("%q: %v", qs, err)
		}
		want := map[int64]bool{}
		for _, d := range all {
			if store.Matches(q, d) || bearsSymbol(d, q) {
				want[d.ID] = true
			}
		}
		res, err := db.Search(ctx, q, vanban.SearchOptions{Limit: -1})
		if err != nil {
			t.Fatalf("%q: %v", qs, err)
		}
		if !res.TotalExact || res.Total != int64(len(want)) {
			t.Errorf("%q: total %d (exact %v), want %d", qs, res.Total, res.TotalExact, len(want))
		}
		got := map[int64]bool{}
		for i, h := range res.Hits {
			got[h.Doc.ID] = true
			if !want[h.Doc.ID] {
				t.Errorf("%q: hit %d (%s) does not match", qs, h.Doc.ID, h.Doc.Symbol)
			}
			if i > 0 && h.Rank < res.Hits[i-1].Rank {
				t.Errorf("%q: hit %d ranked %v after %v", qs, i, h.Rank, res.Hits[i-1].Rank)
			}
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%q: record %d matches and is not listed", qs, id)
			}
		}
		if len(res.Hits) > 3 {
			p, err := db.Search(ctx, q, vanban.SearchOptions{Limit: 2, Offset: 2})
			if err != nil || len(p.Hits) != 2 || p.Hits[0].Doc.ID != res.Hits[2].Doc.ID || p.Hits[1].Doc.ID != res.Hits[3].Doc.ID {
				t.Errorf("%q: page 2 of 2 is not hits 3-4 (%v)", qs, err)
			}
		}
		for _, order := range []string{"date", "-date"} {
			r, err := db.Search(ctx, q, vanban.SearchOptions{Limit: -1, Sort: order})
			if err != nil || len(r.Hits) != len(res.Hits) {
				t.Errorf("%q --sort %s: %d hits, want %d (%v)", qs, order, len(r.Hits), len(res.Hits), err)
			}
		}
	}
}

func bearsSymbol(d *vanban.Document, q *vanban.Query) bool {
	for _, s := range q.Symbols {
		if strings.EqualFold(vanban.SymbolKey(d.Symbol), vanban.SymbolKey(s)) && d.Symbol != "" {
			return true
		}
	}
	return false
}

// testFilters: every filter lists the records its rule selects (the
// domain's rule, applied to every record), in the order asked, and Stats
// counts them.
func testFilters(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	importFiles(t, db, files(t))
	type filterCase struct {
		name string
		f    vanban.Filter
		keep func(d *vanban.Document) bool
	}
	cases := []filterCase{
		{"all", vanban.Filter{}, func(*vanban.Document) bool { return true }},
		{"system party", vanban.Filter{System: "party"}, func(d *vanban.Document) bool { return d.System == "party" }},
		{"from 2021", vanban.Filter{From: "2021-01-01"}, func(d *vanban.Document) bool { return d.Date >= "2021-01-01" }},
		{"to 2020", vanban.Filter{To: "2020-12-31"}, func(d *vanban.Document) bool { return d.Date != "" && d.Date <= "2020-12-31" }},
		{"warnings", vanban.Filter{Warnings: "*"}, func(d *vanban.Document) bool { return len(d.Warnings) > 0 }},
		{"finding warn", vanban.Filter{Finding: "warn"}, func(d *vanban.Document) bool { return vanban.Filter{Finding: "warn"}.FindingMatches(d.Findings) }},
	}
	ids, _ := db.IDs(ctx)
	var all []*vanban.Document
	for _, id := range ids {
		d, _ := db.Get(ctx, id)
		all = append(all, d)
	}
	for _, c := range cases {
		var want []int64
		for _, d := range all {
			if c.keep(d) {
				want = append(want, d.ID)
			}
		}
		var got []int64
		err := db.List(ctx, vanban.ListOptions{Filter: c.f, Sort: "id", Limit: -1}, func(d *vanban.Document) error {
			got = append(got, d.ID)
			return nil
		})
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: listed %v (%v), want %v", c.name, got, err, want)
		}
		counts, err := db.Stats(ctx, c.f, "system")
		var n int64
		for _, x := range counts {
			n += x.Count
		}
		if err != nil || n != int64(len(want)) {
			t.Errorf("%s: stats count %d (%v), want %d", c.name, n, err, len(want))
		}
	}
	// Sorted by date, newest first, keyset pages of 5 list every record once.
	var paged []int64
	var after *vanban.Cursor
	for {
		var page []*vanban.Document
		err := db.List(ctx, vanban.ListOptions{Sort: "-date", Limit: 5, After: after}, func(d *vanban.Document) error {
			page = append(page, d)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for i, d := range page {
			paged = append(paged, d.ID)
			if i > 0 && !vanban.AfterCursor(d, vanban.CursorOf(page[i-1], "-date"), "-date") {
				t.Errorf("-date: %d listed after %d out of order", d.ID, page[i-1].ID)
			}
		}
		c := vanban.CursorOf(page[len(page)-1], "-date")
		after = &c
	}
	if len(paged) != len(all) {
		t.Errorf("keyset pages listed %d records, want %d", len(paged), len(all))
	}
}

// testDelete: a deleted record is gone from every read, its original kept
// until purge, and the history says so.
func testDelete(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	fs := files(t)[:3]
	s := importFiles(t, db, fs)
	id := *s.Files[1].ID
	if missing, err := db.Delete(ctx, []int64{id, 1 << 40}); err != nil || len(missing) != 1 {
		t.Fatalf("Delete with a missing id: %v, %v; want it named and nothing deleted", missing, err)
	}
	if _, err := db.Get(ctx, id); err != nil {
		t.Fatalf("a Delete naming a missing id deleted %d: %v", id, err)
	}
	if missing, err := db.Delete(ctx, []int64{id}); err != nil || len(missing) != 0 {
		t.Fatalf("Delete: %v, %v", missing, err)
	}
	if _, err := db.Get(ctx, id); !errors.Is(err, vanban.ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	src, _ := os.ReadFile(s.Files[1].Path)
	orig, tr, err := db.TrashedOriginal(ctx, id)
	if err != nil || string(orig) != string(src) || tr.ID != id {
		t.Errorf("TrashedOriginal: %v", err)
	}
	h, err := db.History(ctx, id)
	if err != nil || len(h) != 2 || h[0].Action != "import" || h[1].Action != "rm" {
		t.Errorf("history %+v, %v; want import then rm", h, err)
	}
	if n, err := db.Purge(ctx, nil); err != nil || n != 1 {
		t.Errorf("Purge: %d, %v", n, err)
	}
	if _, _, err := db.TrashedOriginal(ctx, id); !errors.Is(err, vanban.ErrNotFound) {
		t.Errorf("TrashedOriginal after purge: %v", err)
	}
	// A new record never takes a deleted record's id.
	s2 := importFiles(t, db, files(t)[3:4])
	if got := *s2.Files[0].ID; got <= *s.Files[2].ID {
		t.Errorf("new record got id %d, not above %d", got, *s.Files[2].ID)
	}
}

// testRollback: records put in a transaction that is rolled back are not
// there, and the same texts import afterwards.
func testRollback(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	w, err := db.BeginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files(t)[:2] {
		src, _ := os.ReadFile(f)
		d, _ := parse.Parse(f, src, parse.Options{})
		dt, _ := parse.Decode(f, src, parse.Options{})
		sum := store.TextSHA256(dt.Text)
		if _, _, err := w.Put(ctx, &store.Record{Doc: d, Original: src, Text: dt.Text, TextSHA256: sum[:], ParserVersion: parse.Version}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Count(ctx); n != 0 {
		t.Errorf("Count after rollback: %d", n)
	}
	if s := importFiles(t, db, files(t)[:2]); s.Imported != 2 {
		t.Errorf("import after rollback: %d imported", s.Imported)
	}
}

// testCorrections: an override is kept with the parser's value and the
// history, and dropping it restores nothing else.
func testCorrections(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.New(t)()
	defer db.Close()
	s := importFiles(t, db, files(t)[:1])
	id := *s.Files[0].ID
	old, _ := db.Get(ctx, id)
	nd := *old
	nd.Subject = "Sửa trích yếu"
	orig, text, _ := db.Original(ctx, id)
	sum := store.TextSHA256(text)
	w, err := db.BeginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Update(ctx, id, &store.Record{Doc: &nd, Text: text, Original: orig, TextSHA256: sum[:], ParserVersion: parse.Version}); err != nil {
		t.Fatal(err)
	}
	f, _ := vanban.FieldByName("subject")
	if err := w.SetOverride(ctx, id, "subject", store.StoredForm(f, &nd), store.StoredForm(f, old)); err != nil {
		t.Fatal(err)
	}
	if err := w.LogCorrection(ctx, id, "set", "subject", old.Subject, nd.Subject); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Get(ctx, id)
	if got.Subject != "Sửa trích yếu" {
		t.Errorf("subject %q after the correction", got.Subject)
	}
	ovs, err := db.Overrides(ctx, id)
	if err != nil || ovs["subject"].ParserValue != old.Subject || ovs["subject"].Value != "Sửa trích yếu" {
		t.Errorf("overrides %+v, %v", ovs, err)
	}
	q, _ := search.Compile("sua trich yeu")
	if res, err := db.Search(ctx, q, vanban.SearchOptions{Limit: -1}); err != nil || res.Total != 1 {
		t.Errorf("the corrected subject is not searchable: %+v, %v", res, err)
	}
	h, _ := db.History(ctx, id)
	if len(h) != 2 || h[1].Action != "set" || h[1].New != "Sửa trích yếu" {
		t.Errorf("history %+v", h)
	}
}
