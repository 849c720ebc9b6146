package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vanban/vanban/internal/postgres"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
)

// knownItemCmd scores search the way an analyst uses it: for each query of
// a known-item set (a document the analyst knows exists, and the query they
// type for it), the rank of that document among the hits. The archive must
// hold the set's documents, found by file name (the archive of the README:
// the dev corpus imported first, then synthetic documents).
func knownItemCmd(args []string) error {
	fs := flag.NewFlagSet("knownitem", flag.ExitOnError)
	dbPath := fs.String("db", "", "archive holding the documents of the set")
	queries := fs.String("queries", "testdata/search/known-items.tsv", "the known-item set: query TAB file names")
	verbose := fs.Bool("v", false, "list every query whose document is not first")
	nearOn := fs.Bool("near", true, "near matches after the matches (search.Run's SearchOptions.Near), as the terminal and the web view show them")
	fs.Parse(args)
	ctx := context.Background()
	db, err := openArchive(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// File name (without .txt) → record ids.
	byName := map[string][]int64{}
	err = db.List(ctx, vanban.ListOptions{Sort: "id", Limit: 5000, Fields: []string{"id", "source"}}, func(d *vanban.Document) error {
		if d.Source != nil {
			name := strings.TrimSuffix(filepath.Base(d.Source.Path), ".txt")
			byName[name] = append(byName[name], d.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	f, err := os.Open(*queries)
	if err != nil {
		return err
	}
	defer f.Close()
	total, ok1, ok20 := 0, 0, 0
	rr := 0.0
	var lat []time.Duration
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "\t", 2)
		if len(parts) != 2 {
			return fmt.Errorf("%s: bad line %q", *queries, line)
		}
		want := map[int64]bool{}
		for _, name := range strings.Split(parts[1], ",") {
			ids := byName[strings.TrimSpace(name)]
			if len(ids) == 0 {
				return fmt.Errorf("%s: no record of %s in %s", *queries, name, *dbPath)
			}
			for _, id := range ids {
				want[id] = true
			}
		}
		q, err := search.Compile(parts[0])
		if err != nil {
			return fmt.Errorf("%q: %w", parts[0], err)
		}
		start := time.Now()
		res, err := search.Run(ctx, db, q, vanban.SearchOptions{Limit: 20, CountBudget: 10000, Near: *nearOn})
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			search.SnippetFor(h, q, false)
		}
		took := time.Since(start)
		lat = append(lat, took)
		if *verbose && took > 100*time.Millisecond {
			fmt.Printf("  slow %s %q\n", ms(took), parts[0])
		}
		total++
		rank := 0
		for i, h := range res.Hits {
			if want[h.Doc.ID] {
				rank = i + 1
				break
			}
		}
		switch {
		case rank == 1:
			ok1++
		}
		if rank > 0 {
			ok20++
			rr += 1 / float64(rank)
		}
		if *verbose && rank != 1 {
			fmt.Printf("  rank %-4s %-50q (%s)\n", rankText(rank), parts[0], parts[1])
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	n, _ := db.Count(ctx)
	fmt.Printf("known-item set: %d queries in an archive of %d records\n", total, n)
	fmt.Printf("success@1 %.3f, success@20 %.3f, MRR %.3f (of the top 20); latency median %s, p99 %s\n",
		float64(ok1)/float64(total), float64(ok20)/float64(total), rr/float64(total), ms(percentile(lat, 0.5)), ms(percentile(lat, 0.99)))
	return nil
}

// openArchive opens an archive read-only: a file path (SQLite) or a
// postgres:// URL.
func openArchive(ctx context.Context, name string) (vanban.Archive, error) {
	if postgres.IsURL(name) {
		return postgres.Open(ctx, name, postgres.OpenOptions{ReadOnly: true})
	}
	return sqlite.Open(ctx, name, sqlite.OpenOptions{ReadOnly: true})
}

func rankText(r int) string {
	if r == 0 {
		return ">20"
	}
	return fmt.Sprint(r)
}
