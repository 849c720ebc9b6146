package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// killChildEnv names the archive a child process of TestKillDuringCheckpoint
// writes to until it is killed.
const killChildEnv = "VANBAN_TEST_KILL_CHILD_DB"

// killChild is the child: it commits batches of incompressible records for
// ever, printing "commit N" once records 1..N are committed and "round" as
// each background checkpoint round starts.
func killChild(path string) {
	ctx := context.Background()
	db, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	ckptRoundStart = func() { fmt.Println("round") }
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	for {
		w, err := db.BeginWrite(ctx)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		var last int64
		for i := 0; i < 100; i++ {
			b := make([]byte, 8<<10)
			rng.Read(b)
			r := testRecord("văn bản")
			r.Original, r.Text, r.TextSHA256 = b, string(b), b[:32]
			r.Doc.Source.SHA256 = hexSHA256(b)
			r.Doc.Symbol = fmt.Sprintf("%d/BYT-KCB", rng.Int63())
			if last, _, err = w.Put(ctx, r); err != nil {
				fmt.Println("error", err)
				os.Exit(1)
			}
		}
		if err := w.Commit(); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("commit", last)
	}
}

// TestKillDuringCheckpoint kills (SIGKILL) a writing process while its
// background checkpoints run, at several delays after a round starts, and
// resumes each time: the archive stays sound, and every record whose commit
// returned is there with its original bytes intact.
func TestKillDuringCheckpoint(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		killChild(path)
		return
	}
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kill.db")
	var committed int64
	for k, delay := range []time.Duration{0, time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond} {
		c := exec.Command(os.Args[0], "-test.run=^TestKillDuringCheckpoint$")
		c.Env = append(os.Environ(), killChildEnv+"="+path)
		out, err := c.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill at the second round of this run (the first may come before
		// the child's WAL holds much).
		sc, rounds := bufio.NewScanner(out), 0
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "commit "); ok {
				committed, _ = strconv.ParseInt(n, 10, 64)
			} else if line == "round" {
				if rounds++; rounds == 2 {
					time.Sleep(delay)
					c.Process.Signal(syscall.SIGKILL)
					break
				}
			} else {
				t.Fatalf("run %d: child says %q", k, line)
			}
		}
		c.Wait()
		if rounds < 2 {
			t.Fatalf("run %d: the child ended after %d background rounds", k, rounds)
		}

		db, err := Open(ctx, path, OpenOptions{})
		if err != nil {
			t.Fatalf("run %d: archive unusable after kill: %v", k, err)
		}
		var ok string
		var n int64
		db.SQL().QueryRow("PRAGMA integrity_check").Scan(&ok)
		db.SQL().QueryRow("SELECT count(*) FROM documents").Scan(&n)
		if ok != "ok" || n < committed {
			t.Fatalf("run %d (kill %v after a round began): integrity %q, %d records, %d were committed", k, delay, ok, n, committed)
		}
		for id := int64(1); id <= n; id++ {
			if _, _, err := db.Original(ctx, id); err != nil {
				t.Fatalf("run %d: %v", k, err)
			}
		}
		db.Close()
	}
}
