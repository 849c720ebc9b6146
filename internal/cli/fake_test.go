package cli

import (
	"os"

	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/vanban/vanban/internal/archivetest"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
)

// corpusArchives imports the real documents of testdata/corpus into an
// SQLite archive with the import command, and copies its records into the
// in-memory fake, ids and all.
func corpusArchives(t *testing.T) (dbPath string, fake *archivetest.Archive, docs []*vanban.Document) {
	t.Helper()
	dbPath, fake, docs = archivesOf(t, "../../testdata/corpus")
	if len(docs) < 20 {
		t.Fatalf("only %d records imported", len(docs))
	}
	return dbPath, fake, docs
}

// archivesOf imports each of the paths in turn into a new archive file and
// copies its records, ids and originals into a fake archive.
func archivesOf(t *testing.T, paths ...string) (dbPath string, fake *archivetest.Archive, docs []*vanban.Document) {
	t.Helper()
	dbPath = filepath.Join(t.TempDir(), "a.db")
	for _, p := range paths {
		var out, errb bytes.Buffer
		if code := Main([]string{"--db", dbPath, "-q", "import", p}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("import %s: exit %d: %s", p, code, errb.String())
		}
	}
	db, err := sqlite.Open(context.Background(), dbPath, sqlite.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fake = &archivetest.Archive{}
	err = db.List(context.Background(), vanban.ListOptions{Sort: "id", Limit: -1, Fields: vanban.FieldNames()}, func(d *vanban.Document) error {
		orig, _, err := db.Original(context.Background(), d.ID)
		if err != nil {
			return err
		}
		if id := fake.Add(d, orig); id != d.ID {
			return fmt.Errorf("fake gave id %d to record %d", id, d.ID)
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dbPath, fake, docs
}

// runFake runs a command in-process on the fake archive with the terminal
// answers given.
func runFake(t *testing.T, fake *archivetest.Archive, tty bool, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errb,
		TTY: func(io.Writer) bool { return tty }, Width: 100, Now: func() time.Time { return time.Unix(0, 0) }}}
	app.Open = func(context.Context) (vanban.Archive, error) { return fake, nil }
	code := app.Run(context.Background(), args)
	return out.String(), errb.String(), code
}

// TestCommandsOnFakeArchive drives list, show, search, export and stats
// in-process on the in-memory archive: what each prints, checked against
// the records themselves.
func TestCommandsOnFakeArchive(t *testing.T) {
	_, fake, docs := corpusArchives(t)
	byID := map[int64]*vanban.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}

	// list, piped: TSV of every record, newest first.
	out, _, code := runFake(t, fake, false, "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != len(docs)+1 || lines[0] != "id\tdate\tsymbol\ttype\tissuer\tsubject" {
		t.Fatalf("list: exit %d, %d lines, header %q", code, len(lines), lines[0])
	}
	prev := "9999"
	for _, l := range lines[1:] {
		c := strings.Split(l, "\t")
		if c[1] > prev {
			t.Errorf("list: %s after %s: not newest first", c[1], prev)
		}
		if c[1] != "" {
			prev = c[1]
		}
	}
	if !fake.Closed() {
		t.Error("list did not close the archive")
	}

	// list on a terminal: a table of at most 50 rows fitted to 100 columns.
	out, _, _ = runFake(t, fake, true, "list")
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if n := utf8.RuneCountInString(l); n > 100 {
			t.Errorf("table line of %d columns on a 100-column terminal: %q", n, l)
		}
	}

	// show: the text view and the JSON of one record.
	d := docs[3]
	out, _, code = runFake(t, fake, false, "show", fmt.Sprint(d.ID))
	if code != 0 || !strings.Contains(out, "subject:") || !strings.Contains(out, d.Subject) || !strings.Contains(out, d.Body[:40]) {
		t.Errorf("show %d: exit %d:\n%s", d.ID, code, out)
	}
	out, _, _ = runFake(t, fake, false, "show", "--format", "json", fmt.Sprint(d.ID))
	var back vanban.Document
	if err := json.Unmarshal([]byte(out), &back); err != nil || back.Subject != d.Subject || back.Body != d.Body || back.ID != d.ID {
		t.Errorf("show --format json: %v", err)
	}
	if _, errOut, code := runFake(t, fake, false, "show", "99999"); code != ExitError || !strings.Contains(errOut, "no record #99999") {
		t.Errorf("show 99999: exit %d, %q", code, errOut)
	}

	// search: a record's symbol finds it first.
	var withSym *vanban.Document
	for _, x := range docs {
		if strings.Contains(x.Symbol, "/") && strings.Contains(x.Symbol, "-") {
			withSym = x
			break
		}
	}
	out, _, code = runFake(t, fake, false, "search", "--format", "ndjson", withSym.Symbol)
	var hit struct {
		ID      int64  `json:"id"`
		Snippet string `json:"snippet"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &hit); code != 0 || err != nil || hit.ID != withSym.ID {
		t.Errorf("search %s: exit %d, first hit %d (%v), want %d", withSym.Symbol, code, hit.ID, err, withSym.ID)
	}

	// search on a terminal: the table, and on stderr which hits of how many.
	_, errOut, _ := runFake(t, fake, true, "search", "--limit", "2", "thue")
	if !strings.Contains(errOut, "1–2 of ") {
		t.Errorf("search on a terminal: stderr %q, want the page line", errOut)
	}
	// Near matches follow on a terminal's table, as on the web view; piped,
	// or with --near=false, only matches. The letter of Piaggio holds two
	// of the three words (the third is in no document).
	out, errOut, _ = runFake(t, fake, true, "search", "piaggio", "tnhh", "xyzzyq")
	if !strings.Contains(out, "[lacks: xyzzyq]") || !strings.Contains(errOut, "near match") {
		t.Errorf("search on a terminal, no match: stdout %q, stderr %q; want a near match", out, errOut)
	}
	for _, args := range [][]string{{"search", "piaggio", "tnhh", "xyzzyq"}, {"search", "--near=false", "piaggio", "tnhh", "xyzzyq"}} {
		tty := len(args) == 5
		if out, _, _ := runFake(t, fake, tty, args...); strings.Contains(out, "lacks") {
			t.Errorf("%v (terminal %v): near matches listed: %q", args, tty, out)
		}
	}
	out, _, _ = runFake(t, fake, false, "search", "--count", "thue")
	if n, err := strconv.Atoi(strings.TrimSpace(out)); err != nil || n < 3 {
		t.Errorf("search --count thue = %q", out)
	}

	// export: every record, bodies included, in id order.
	out, _, code = runFake(t, fake, false, "export")
	lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != len(docs) {
		t.Fatalf("export: exit %d, %d lines", code, len(lines))
	}
	for i, l := range lines {
		var x vanban.Document
		if err := json.Unmarshal([]byte(l), &x); err != nil || x.ID != docs[i].ID || x.Body != docs[i].Body || x.Source == nil {
			t.Errorf("export line %d: %v", i, err)
		}
	}

	// stats: the groups add up to the archive.
	out, _, _ = runFake(t, fake, false, "stats", "--by", "year", "--format", "json")
	var counts []vanban.Count
	if err := json.Unmarshal([]byte(out), &counts); err != nil {
		t.Fatal(err)
	}
	total := int64(0)
	for _, c := range counts {
		total += c.Count
	}
	if total != int64(len(docs)) {
		t.Errorf("stats --by year: %d records counted of %d", total, len(docs))
	}

	// rm: a missing id deletes nothing; then the record goes.
	if _, errOut, code := runFake(t, fake, false, "rm", "1", "99999"); code != ExitError || !strings.Contains(errOut, "#99999") {
		t.Errorf("rm 1 99999: exit %d, %q", code, errOut)
	}
	if n, _ := fake.Count(context.Background()); n != int64(len(docs)) {
		t.Errorf("rm with a missing id deleted something: %d records left of %d", n, len(docs))
	}
	if _, _, code := runFake(t, fake, false, "-q", "rm", "1"); code != 0 {
		t.Errorf("rm 1: exit %d", code)
	}
	if _, _, code := runFake(t, fake, false, "show", "1"); code != ExitError {
		t.Errorf("show of a deleted record: exit %d", code)
	}
}

// TestFakeAgreesWithSQLite runs the same listings, searches and counts on
// the SQLite archive and on the fake: the same bytes out. The fake is
// written from the contract, so an agreement says both engines keep it.
func TestFakeAgreesWithSQLite(t *testing.T) {
	dbPath, fake, _ := corpusArchives(t)
	cases := [][]string{
		{"list", "--sort", "date"},
		{"list", "--sort", "-date", "--fields", "id,date,symbol,recipients,references,warnings,source"},
		{"list", "--sort", "symbol"},
		{"list", "--sort", "-issuer", "--limit", "7", "--offset", "3"},
		{"list", "--issuer", "uy ban nhan dan"},
		{"list", "--type", "cong van"},
		{"list", "--from", "2020", "--to", "2021-06", "--sort", "id"},
		{"list", "--system", "party", "--format", "json"},
		{"list", "--warnings", "--format", "csv"},
		{"list", "--place", "ha noi"},
		{"export", "--format", "ndjson", "--fields", "id,subject,body,references"},
		{"stats", "--by", "type"},
		{"stats", "--by", "month", "--format", "csv"},
		{"stats", "--by", "issuer", "--system", "state"},
		// Relations: the rule is the domain's (vanban.ChooseTarget); the
		// engines keep links differently (SQLite stores and relinks them,
		// the fake derives them) and must agree.
		{"refs", "--missing"},
		{"refs", "--missing", "--format", "json", "--limit", "5"},
		{"list", "--fields", "id,symbol,in_force", "--sort", "id"},
		{"list", "--in-force", "--fields", "id", "--sort", "id"},
		// Format findings (vanban check), stored at import.
		{"list", "--finding", "warn", "--fields", "id,symbol,findings", "--sort", "id"},
		{"list", "--finding", "ND30-SO-3", "--fields", "id", "--sort", "id"},
		{"stats", "--by", "finding"},
		{"stats", "--by", "finding", "--system", "state", "--from", "2019"},
		{"stats", "--by", "finding", "--finding", "warn"},
		{"export", "--format", "json", "--fields", "id,spans,findings"},
	}
	for id := 1; id <= 26; id++ {
		cases = append(cases, []string{"refs", strconv.Itoa(id), "--depth", "2", "--format", "json"})
	}
	for _, args := range cases {
		var out, errb bytes.Buffer
		code := Main(append([]string{"--db", dbPath}, args...), strings.NewReader(""), &out, &errb)
		fo, fe, fcode := runFake(t, fake, false, args...)
		if code != fcode || out.String() != fo {
			t.Errorf("%v: SQLite exit %d, fake %d (%s%s)\nSQLite:\n%s\nfake:\n%s", args, code, fcode, errb.String(), fe, out.String(), fo)
		}
	}
	// Searches: the same set of hits (the order may differ: ranking is
	// the engine's).
	for _, q := range []string{"ke hoach", "uy ban", `"phong chong"`, "covid -dich", "thue OR phi", "trien*"} {
		ids := func(s string) map[string]bool {
			m := map[string]bool{}
			for _, l := range strings.Split(strings.TrimSpace(s), "\n")[1:] {
				m[l] = true
			}
			return m
		}
		var out, errb bytes.Buffer
		Main([]string{"--db", dbPath, "search", "--fields", "id", q}, strings.NewReader(""), &out, &errb)
		fo, _, _ := runFake(t, fake, false, "search", "--fields", "id", q)
		a, b := ids(out.String()), ids(fo)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("search %s: SQLite %d hits, fake %d", q, len(a), len(b))
		}
	}
}

// TestFakeAgreesOnRelations: on the documents of testdata/script/refs.txtar
// (a plan imported before the directive it implements, then a plan that
// replaces it) and the corpus, links, in-force marks and missing symbols
// are the same on the fake archive, which derives them, as on SQLite,
// which stores them as records arrive.
func TestFakeAgreesOnRelations(t *testing.T) {
	ar, err := txtar.ParseFile("../../testdata/script/refs.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if strings.HasSuffix(f.Name, ".txt") {
			os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644)
			if f.Name == "b.txt" {
				// An older directive with the same symbol (Party series
				// restart each term): the date tells them apart.
				old := strings.NewReplacer("ngày 15 tháng 5 năm 2016", "ngày 07 tháng 11 năm 2006", "đẩy mạnh học tập", "tiếp tục học tập").Replace(string(f.Data))
				os.WriteFile(filepath.Join(dir, "d.txt"), []byte(old), 0o644)
			}
		}
	}
	dbPath, fake, docs := archivesOf(t, filepath.Join(dir, "a.txt"), filepath.Join(dir, "d.txt"), filepath.Join(dir, "c.txt"), filepath.Join(dir, "b.txt"), "../../testdata/corpus")
	linked := 0
	for _, d := range docs {
		args := []string{"refs", strconv.FormatInt(d.ID, 10), "--depth", "3", "--format", "json"}
		var out, errb bytes.Buffer
		code := Main(append([]string{"--db", dbPath}, args...), strings.NewReader(""), &out, &errb)
		fo, fe, fcode := runFake(t, fake, false, args...)
		if code != fcode || out.String() != fo {
			t.Errorf("%v: SQLite exit %d, fake %d (%s%s)\nSQLite:\n%s\nfake:\n%s", args, code, fcode, errb.String(), fe, out.String(), fo)
		}
		linked += strings.Count(out.String(), `"to": `) - strings.Count(out.String(), `"to": null`)
	}
	if linked < 3 {
		t.Errorf("only %d links: the comparison says little", linked)
	}
	for _, args := range [][]string{{"refs", "--missing"}, {"list", "--fields", "id,in_force", "--sort", "id"}, {"list", "--in-force", "--fields", "id"}} {
		var out, errb bytes.Buffer
		code := Main(append([]string{"--db", dbPath}, args...), strings.NewReader(""), &out, &errb)
		fo, _, fcode := runFake(t, fake, false, args...)
		if code != fcode || out.String() != fo {
			t.Errorf("%v: SQLite exit %d, fake %d\nSQLite:\n%s\nfake:\n%s", args, code, fcode, out.String(), fo)
		}
	}
}

// TestKeysetPaging: paging with ListOptions.After, three records a page,
// visits every record once, in the order of the whole listing, on SQLite
// and on the fake.
func TestKeysetPaging(t *testing.T) {
	dbPath, fake, _ := corpusArchives(t)
	db, err := sqlite.Open(context.Background(), dbPath, sqlite.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, a := range []vanban.Archive{db, fake} {
		for _, sort := range vanban.KeysetSorts {
			var all []int64
			a.List(context.Background(), vanban.ListOptions{Sort: sort, Limit: -1, Fields: []string{"date"}}, func(d *vanban.Document) error {
				all = append(all, d.ID)
				return nil
			})
			var paged []int64
			var after *vanban.Cursor
			for pages := 0; pages < 100; pages++ {
				var last *vanban.Document
				n := 0
				err := a.List(context.Background(), vanban.ListOptions{Sort: sort, Limit: 3, After: after, Fields: []string{"date"}}, func(d *vanban.Document) error {
					paged = append(paged, d.ID)
					last, n = d, n+1
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if n < 3 {
					break
				}
				c := vanban.CursorOf(last, sort)
				after = &c
			}
			if len(all) < 10 || !slices.Equal(all, paged) {
				t.Errorf("%T sort %s: paged %v, listed %v", a, sort, paged, all)
			}
		}
	}
}
