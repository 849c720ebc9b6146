// Command vanban-bench generates the synthetic corpus and measures vanban on
// it (SPEC.md §8). It is not part of the test run.
//
//	vanban-bench gen -n 1000 -seed 1 DIR      write a synthetic corpus
//	vanban-bench import -n 100000             import throughput, bare FTS5 rate, peak RSS
//
// "import" generates the corpus in a temporary folder (or -dir), then:
//  1. runs a bare loop that reads each file and inserts its text into an
//     FTS5 table (unicode61 remove_diacritics 2) with modernc.org/sqlite, in
//     transactions of the same size, with the same pragmas;
//  2. runs "vanban import DIR" as a child process (this binary re-executed)
//     into a fresh archive, and reads the child's peak RSS from rusage (what
//     /usr/bin/time -v reports as "Maximum resident set size");
//
// and prints documents/s of both, their ratio, and the peak RSS.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/cli"
	"github.com/vanban/vanban/internal/synth"
	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "vanban" {
		os.Exit(cli.Main(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	}
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = genCmd(os.Args[2:])
	case "import":
		err = importCmd(os.Args[2:])
	case "search":
		err = searchCmd(os.Args[2:])
	case "knownitem":
		err = knownItemCmd(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vanban-bench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: vanban-bench gen [-n N] [-seed S] [-encoding E] DIR | import [-n N] [-seed S] [-dir DIR] [-jobs J] | search -db ARCHIVE [-corpus DIR] [-runs N] | knownitem -db ARCHIVE|URL [-queries FILE] [-v]")
	os.Exit(2)
}

func genCmd(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fs.Int("n", 1000, "documents")
	seed := fs.Int64("seed", 1, "seed")
	enc := fs.String("encoding", "utf-8", "write the documents in this encoding (utf-8, tcvn3, vni, viscii, windows-1258), to measure legacy imports")
	fs.Parse(args)
	if fs.NArg() != 1 {
		usage()
	}
	return generate(fs.Arg(0), *n, *seed, *enc)
}

func generate(dir string, n int, seed int64, enc string) error {
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
		}
		doc := synth.Doc(seed, i)
		if enc != "" && enc != charset.UTF8 {
			b, err := charset.Encode(enc, string(doc))
			if err != nil {
				return fmt.Errorf("document %d: %w", i, err)
			}
			doc = b
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%07d.txt", i)), doc, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func importCmd(args []string) error {
	fs := flag.NewFlagSet("import", flag.ExitOnError)
	n := fs.Int("n", 100000, "documents")
	seed := fs.Int64("seed", 1, "seed")
	dir := fs.String("dir", "", "corpus folder (generated if missing; default a temporary folder)")
	jobs := fs.Int("jobs", 0, "vanban import --jobs (0: number of CPUs)")
	fs.Parse(args)

	work, err := os.MkdirTemp("", "vanban-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	corpus := *dir
	if corpus == "" {
		corpus = filepath.Join(work, "corpus")
	}
	if _, err := os.Stat(corpus); err != nil {
		fmt.Printf("generating %d documents (seed %d) in %s\n", *n, *seed, corpus)
		if err := generate(corpus, *n, *seed, charset.UTF8); err != nil {
			return err
		}
	}
	files, size, err := listFiles(corpus)
	if err != nil {
		return err
	}
	fmt.Printf("corpus: %d files, %.1f MB, %.1f KB average\n", len(files), float64(size)/1e6, float64(size)/float64(len(files))/1e3)

	// Warm the page cache so neither run pays for the first read.
	for _, f := range files {
		os.ReadFile(f)
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	// Two rounds in alternating order (bare first, then import first), each
	// run starting on a synced disk with the other's database deleted, so
	// that neither pays for the other's writes.
	var bareRates, importRates []float64
	var peak int64
	runBare := func() error {
		syscall.Sync()
		rate, err := bareLoop(filepath.Join(work, "bare.db"), files)
		removeDB(filepath.Join(work, "bare.db"))
		if err != nil {
			return fmt.Errorf("bare loop: %w", err)
		}
		fmt.Printf("bare FTS5 loop:  %8.0f documents/s\n", rate)
		bareRates = append(bareRates, rate)
		return nil
	}
	runImport := func() error {
		syscall.Sync()
		db := filepath.Join(work, "archive.db")
		cmdArgs := []string{"vanban", "--db", db, "-q", "import", corpus}
		if *jobs > 0 {
			cmdArgs = append(cmdArgs, "--jobs", fmt.Sprint(*jobs))
		}
		c := exec.Command(self, cmdArgs...)
		c.Stdout, c.Stderr = os.Stdout, os.Stderr
		start := time.Now()
		err := c.Run()
		took := time.Since(start)
		removeDB(db)
		if err != nil {
			return fmt.Errorf("vanban import: %w", err)
		}
		ru := c.ProcessState.SysUsage().(*syscall.Rusage)
		if ru.Maxrss > peak {
			peak = ru.Maxrss
		}
		rate := float64(len(files)) / took.Seconds()
		fmt.Printf("vanban import:   %8.0f documents/s (%.1f s, peak RSS %.1f MB)\n", rate, took.Seconds(), float64(ru.Maxrss)/1024)
		importRates = append(importRates, rate)
		return nil
	}
	for _, step := range []func() error{runBare, runImport, runImport, runBare} {
		if err := step(); err != nil {
			return err
		}
	}
	bare, imp := mean(bareRates), mean(importRates)
	fmt.Printf("mean:            bare %.0f, import %.0f documents/s\n", bare, imp)
	fmt.Printf("ratio:           %8.2f (goal >= 0.85)\n", imp/bare)
	fmt.Printf("peak RSS:        %8.1f MB (goal <= 150 MB)\n", float64(peak)/1024)
	return nil
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

func listFiles(dir string) ([]string, int64, error) {
	var files []string
	var size int64
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() && strings.HasSuffix(p, ".txt") {
			files = append(files, p)
			size += fi.Size()
		}
		return nil
	})
	sort.Strings(files)
	return files, size, err
}

// bareLoop reads each file and inserts its text into an FTS5 table, 500 per
// transaction, and returns documents per second.
func bareLoop(path string, files []string) (float64, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(30000)&_pragma=synchronous(NORMAL)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		return 0, err
	}
	start := time.Now()
	var tx *sql.Tx
	var st *sql.Stmt
	for i, f := range files {
		if i%500 == 0 {
			if tx != nil {
				if err := tx.Commit(); err != nil {
					return 0, err
				}
			}
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return 0, err
			}
			if st, err = tx.PrepareContext(ctx, `INSERT INTO t(body) VALUES (?)`); err != nil {
				return 0, err
			}
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		if _, err := st.ExecContext(ctx, string(b)); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return float64(len(files)) / time.Since(start).Seconds(), nil
}
