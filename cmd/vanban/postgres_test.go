package main

import (
	"context"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vanban/vanban/internal/postgres"
	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/vanban"
)

// checkPostgres opens a PostgreSQL archive and checks it is sound: one
// text and one full-text row per record, every record findable, and the
// record count (want < 0: any).
func checkPostgres(t *testing.T, url string, want int64) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, url, postgres.OpenOptions{})
	if err != nil {
		t.Fatalf("archive unusable: %v", err)
	}
	defer db.Close()
	var docs, contents, fts, history int64
	p := db.Pool()
	p.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&docs)
	p.QueryRow(ctx, `SELECT count(*) FROM contents`).Scan(&contents)
	p.QueryRow(ctx, `SELECT count(*) FROM fts`).Scan(&fts)
	p.QueryRow(ctx, `SELECT count(DISTINCT doc_id) FROM history WHERE action = 'import'`).Scan(&history)
	if docs != contents || docs != fts || docs != history {
		t.Errorf("%d records, %d texts, %d full-text rows, %d imports in the history", docs, contents, fts, history)
	}
	if want >= 0 && docs != want {
		t.Errorf("%d records, want %d", docs, want)
	}
	q, _ := search.Compile("can cu")
	res, err := db.Search(ctx, q, vanban.SearchOptions{Limit: 0})
	if err != nil || res.Total != docs {
		t.Errorf("search finds %d of %d records (%v)", res.Total, docs, err)
	}
}

// TestKillAndResumePostgres kills an import into PostgreSQL with SIGKILL
// at several moments (the server rolls the open transaction back); the
// archive stays sound and the same import, run again, completes it with
// every document once.
func TestKillAndResumePostgres(t *testing.T) {
	pgtest.URL(t)
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	const n = 1500
	writeCorpus(t, corpus, 0, n)
	for _, delay := range []time.Duration{300 * time.Millisecond, 900 * time.Millisecond, 1800 * time.Millisecond} {
		url := pgtest.Archive(t)
		c := vanbanCmd(url, "import", "--jobs", "2", corpus)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		// The server notices the dead connection; its locks go with it.
		out, err := vanbanCmd(url, "import", corpus).CombinedOutput()
		if err != nil {
			t.Fatalf("import after kill at %v: %v\n%s", delay, err, out)
		}
		checkPostgres(t, url, n)
	}
}

// TestTwoImportersPostgres: two processes import the two halves of a
// 4,000-document corpus into one PostgreSQL archive at once, and a third
// imports the whole corpus meanwhile: every document once.
func TestTwoImportersPostgres(t *testing.T) {
	pgtest.URL(t)
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeCorpus(t, a, 0, 2000)
	writeCorpus(t, b, 2000, 4000)
	// The archive does not exist yet: the importers also race to create
	// its schema (the migrations' advisory lock makes one do it).
	url := pgtest.Archive(t)
	var wg sync.WaitGroup
	srcs := [][]string{{a}, {b}, {b, a}}
	errs := make([]error, len(srcs))
	outs := make([][]byte, len(srcs))
	for k, src := range srcs {
		wg.Add(1)
		go func(k int, src []string) {
			defer wg.Done()
			outs[k], errs[k] = vanbanCmd(url, append([]string{"import", "--jobs", "1"}, src...)...).CombinedOutput()
		}(k, src)
	}
	wg.Wait()
	for k := range errs {
		if errs[k] != nil {
			t.Errorf("importer %d: %v\n%s", k, errs[k], outs[k])
		}
	}
	checkPostgres(t, url, 4000)
}
