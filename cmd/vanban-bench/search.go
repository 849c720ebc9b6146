package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"time"

	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/vanban"
)

// Fixed queries of one to five words, as analysts type them (most without
// accents): selective ones, and common ones whose syllables are in most of
// the archive ("cong tac", "thuc hien", "tang cuong cong tac thuc hien"),
// which an analyst types as often and which cost the most.
var benchQueries = []string{
	"thue", "covid", "giao thong", "phong chong dich", "cai cach hanh chinh",
	"bảo hiểm y tế", "chuyen doi so", "tai san cong", "thanh tra kiem tra", "nong thon moi",
	"khieu nai to cao", "tet nguyen dan", "dang vien", "thien tai", "ho chi minh",
	"cong tac", "thuc hien", "ke hoach", "co quan don vi", "tang cuong cong tac thuc hien",
	"nguoi dung dau co quan", "ngan sach nha nuoc", "huy hieu dang", "bao cao ket qua", "uy ban nhan dan tinh",
}

var benchFilters = []struct {
	name string
	f    vanban.Filter
}{
	{"--year 2020", vanban.Filter{From: "2020-01-01", To: "2020-12-31"}},
	{"--type 'ke hoach'", vanban.Filter{TypeNames: []string{"ke hoach"}}},
	{"--issuer 'tinh uy lang son'", vanban.Filter{Issuer: "tinh uy lang son"}},
	{"--place 'ha noi' --from 2021-03", vanban.Filter{Place: "ha noi", From: "2021-03-01"}},
	{"--system party --symbol 12", vanban.Filter{System: "party", Symbol: "12"}},
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := int(float64(len(s)-1) * p)
	return s[k]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func searchCmd(args []string) error {
	fs := flag.NewFlagSet("search", flag.ExitOnError)
	dbPath := fs.String("db", "", "archive to query (made by vanban import)")
	corpus := fs.String("corpus", "", "the imported folder, for the rg comparison")
	runs := fs.Int("runs", 20, "runs of each query")
	fs.Parse(args)
	if *dbPath == "" {
		usage()
	}
	ctx := context.Background()
	db, err := openArchive(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	n, _ := db.Count(ctx)
	fmt.Printf("archive: %d records\n", n)

	// Search: top 20 with snippets, every query runs times.
	var all []time.Duration
	perQuery := map[string]time.Duration{}
	for _, qs := range benchQueries {
		q, err := search.Compile(qs)
		if err != nil {
			return err
		}
		var ds []time.Duration
		for r := 0; r < *runs; r++ {
			start := time.Now()
			// As on a terminal: the first 20, counted up to 10,000.
			res, err := search.Run(ctx, db, q, vanban.SearchOptions{Limit: 20, CountBudget: 10000})
			if err != nil {
				return fmt.Errorf("%s: %w", qs, err)
			}
			for _, h := range res.Hits {
				search.Snippet(h.Doc, q, false)
			}
			ds = append(ds, time.Since(start))
		}
		all = append(all, ds...)
		perQuery[qs] = percentile(ds, 0.5)
	}
	for _, qs := range benchQueries {
		fmt.Printf("  search %-32q median %s\n", qs, ms(perQuery[qs]))
	}
	med := percentile(all, 0.5)
	fmt.Printf("search (top 20 + snippets): median %s, p99 %s (goals: 50 ms, 250 ms)\n", ms(med), ms(percentile(all, 0.99)))

	// Filtered list, 50 rows, no bodies.
	var lall []time.Duration
	for _, bf := range benchFilters {
		var ds []time.Duration
		for r := 0; r < *runs; r++ {
			start := time.Now()
			err := db.List(ctx, vanban.ListOptions{Filter: bf.f, Sort: "-date", Limit: 50}, func(*vanban.Document) error { return nil })
			if err != nil {
				return err
			}
			ds = append(ds, time.Since(start))
		}
		lall = append(lall, ds...)
		fmt.Printf("  list %-34s median %s\n", bf.name, ms(percentile(ds, 0.5)))
	}
	fmt.Printf("filtered list (50 rows): median %s, p99 %s (goal: 20 ms)\n", ms(percentile(lall, 0.5)), ms(percentile(lall, 0.99)))

	// Start to exit of "vanban list --limit 20".
	self, _ := os.Executable()
	var pall []time.Duration
	for r := 0; r < *runs; r++ {
		c := exec.Command(self, "vanban", "--db", *dbPath, "list", "--limit", "20")
		start := time.Now()
		if err := c.Run(); err != nil {
			return fmt.Errorf("vanban list: %w", err)
		}
		pall = append(pall, time.Since(start))
	}
	fmt.Printf("vanban list --limit 20, start to exit: median %s (goal: 30 ms)\n", ms(percentile(pall, 0.5)))

	// rg over the same files, for comparison (accents as printed: rg cannot fold).
	if *corpus != "" {
		rg, err := exec.LookPath("rg")
		if err != nil {
			fmt.Println("rg not found: install ripgrep for the comparison")
			return nil
		}
		var ds []time.Duration
		for r := 0; r < 3; r++ {
			start := time.Now()
			c := exec.Command(rg, "-l", "-i", "phòng, chống dịch", *corpus)
			c.Run() // exit 1 means no match, fine
			ds = append(ds, time.Since(start))
		}
		rgMed := percentile(ds, 0.5)
		fmt.Printf("rg -l -i over the corpus: median %s; search is %.0fx faster (goal: 20x)\n", ms(rgMed), float64(rgMed)/float64(med))
	}
	return nil
}
