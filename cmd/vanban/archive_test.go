package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/synth"
)

// vanbanCmd runs this test binary as vanban.
func vanbanCmd(db string, args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], append([]string{"--db", db, "-q"}, args...)...)
	c.Env = append(os.Environ(), "VANBAN_TEST_AS_MAIN=1")
	return c
}

func writeCorpus(t *testing.T, dir string, from, to int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := from; i < to; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.txt", i)), synth.Doc(3, i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkArchive opens the archive and checks it is sound: integrity, one
// index row and one text per record, and the record count.
func checkArchive(t *testing.T, path string, want int64) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.OpenOptions{})
	if err != nil {
		t.Fatalf("archive unusable: %v", err)
	}
	defer db.Close()
	var ok string
	if err := db.SQL().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
	var docs, contents, fts int64
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&docs)
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM contents").Scan(&contents)
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'can cu'").Scan(&fts)
	if docs != contents {
		t.Errorf("%d records but %d texts", docs, contents)
	}
	if want >= 0 {
		if docs != want {
			t.Errorf("%d records, want %d", docs, want)
		}
		if fts != want {
			t.Errorf("index finds %d records, want %d", fts, want)
		}
	}
}

// TestKillAndResume kills an import with SIGKILL at several moments; the
// archive stays valid and the same import, run again, completes it without
// duplicates.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	const n = 1500
	writeCorpus(t, corpus, 0, n)
	for k, delay := range []time.Duration{150 * time.Millisecond, 400 * time.Millisecond, 900 * time.Millisecond} {
		db := filepath.Join(dir, fmt.Sprintf("kill%d.db", k))
		c := vanbanCmd(db, "import", "--jobs", "2", corpus)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		if _, err := os.Stat(db); err == nil {
			checkArchive(t, db, -1)
		}
		out, err := vanbanCmd(db, "import", corpus).CombinedOutput()
		if err != nil {
			t.Fatalf("import after kill: %v\n%s", err, out)
		}
		checkArchive(t, db, n)
	}
}

// TestInterrupt sends SIGINT: exit status 130, committed records kept.
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	writeCorpus(t, corpus, 0, 1500)
	db := filepath.Join(dir, "int.db")
	c := vanbanCmd(db, "import", corpus)
	var stderr strings.Builder
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the import is writing (the signal handler is installed
	// long before), however slow the machine.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > 0 {
			break
		}
	}
	c.Process.Signal(os.Interrupt)
	err := c.Wait()
	code := c.ProcessState.ExitCode()
	if err == nil || code != 130 {
		// A fast machine may finish first; then it must have succeeded.
		if code != 0 {
			t.Fatalf("exit %d, want 130\n%s", code, stderr.String())
		}
		return
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr = %q", stderr.String())
	}
	checkArchive(t, db, -1)
}

// TestConcurrentImports runs two importers on overlapping folders into one
// archive at once: both succeed and every document is stored once.
func TestConcurrentImports(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeCorpus(t, a, 0, 600)
	writeCorpus(t, b, 300, 900)
	db := filepath.Join(dir, "both.db")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	for k, src := range []string{a, b} {
		wg.Add(1)
		go func(k int, src string) {
			defer wg.Done()
			outs[k], errs[k] = vanbanCmd(db, "import", "--jobs", "1", src).CombinedOutput()
		}(k, src)
	}
	wg.Wait()
	for k := range errs {
		if errs[k] != nil {
			t.Errorf("importer %d: %v\n%s", k, errs[k], outs[k])
		}
	}
	checkArchive(t, db, 900)
}

// TestReadAsAnotherUser: another user reads an archive in a folder he cannot
// write (read-only media, a shared folder): list works, and no -wal/-shm
// file is left that would lock the owner out (issue 14.10). Needs root to
// run the reader as nobody.
func TestReadAsAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a reader as another user")
	}
	base, err := os.MkdirTemp("/tmp", "vanban-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(base, "a.db")
	writeCorpus(t, filepath.Join(base, "in"), 0, 5)
	if out, err := vanbanCmd(db, "import", filepath.Join(base, "in")).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The test binary must be readable and runnable by nobody.
	exeCopy := filepath.Join(base, "vanban.test")
	src, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exeCopy, src, 0o755); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(exeCopy, "--db", db, "list", "--format", "tsv", "--fields", "id", "--no-header")
	c.Env = append(os.Environ(), "VANBAN_TEST_AS_MAIN=1", "HOME=/nonexistent")
	c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("list as nobody: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "\n"); n != 5 {
		t.Errorf("list as nobody printed %d records:\n%s", n, out)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(db + suffix); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid != 0 {
				t.Errorf("%s left owned by uid %d", suffix, st.Uid)
			}
		}
	}
}

// TestInterruptExportAndReparse: Ctrl-C during export says the output file
// was left as it was (not "context canceled") and leaves it untouched;
// during reparse --format json it still prints the report of what was done
// (issue 14.19).
func TestInterruptExportAndReparse(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	writeCorpus(t, corpus, 0, 6000)
	db := filepath.Join(dir, "a.db")
	if out, err := vanbanCmd(db, "import", corpus).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	interrupt := func(c *exec.Cmd, wait time.Duration) (code int, stdout, stderr string) {
		var o, e strings.Builder
		c.Stdout, c.Stderr = &o, &e
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(wait)
		c.Process.Signal(os.Interrupt)
		c.Wait()
		return c.ProcessState.ExitCode(), o.String(), e.String()
	}

	out := filepath.Join(dir, "old.ndjson")
	os.WriteFile(out, []byte("the old export\n"), 0o644)
	code, _, stderr := interrupt(vanbanCmd(db, "export", "-o", out), 300*time.Millisecond)
	t.Logf("export: exit %d", code)
	if code == 130 {
		if !strings.Contains(stderr, "export interrupted") || !strings.Contains(stderr, "left as it was") {
			t.Errorf("export stderr = %q", stderr)
		}
		if b, _ := os.ReadFile(out); string(b) != "the old export\n" {
			t.Errorf("interrupted export changed %s (%d bytes)", out, len(b))
		}
	} else if code != 0 {
		t.Errorf("export exit %d: %s", code, stderr)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".old.ndjson.*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}

	code, stdout, stderr := interrupt(vanbanCmd(db, "reparse", "--format", "json"), 500*time.Millisecond)
	t.Logf("reparse: exit %d", code)
	if code == 130 {
		if !strings.Contains(stdout, `"reparsed"`) {
			t.Errorf("interrupted reparse printed no report; stdout %q stderr %q", stdout, stderr)
		}
	} else if code != 0 {
		t.Errorf("reparse exit %d: %s", code, stderr)
	}
	checkArchive(t, db, 6000)
}

// TestKillDuringApply: apply killed (SIGKILL) at random points of a long
// CSV leaves every record with all of its row's corrections or none, and
// the history with a row per correction written, no more.
func TestKillDuringApply(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	const n = 1500
	writeCorpus(t, corpus, 0, n)
	db := filepath.Join(dir, "a.db")
	if out, err := vanbanCmd(db, "import", corpus).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	// Three cells of every record change.
	var b strings.Builder
	b.WriteString("id,subject,signer_title,place\n")
	for id := 1; id <= n; id++ {
		fmt.Fprintf(&b, "%d,Chủ đề đã sửa %d,Chức danh %d,Nơi %d\n", id, id, id, id)
	}
	csvPath := filepath.Join(dir, "fix.csv")
	os.WriteFile(csvPath, []byte(b.String()), 0o644)
	for round, wait := range []time.Duration{150 * time.Millisecond, 400 * time.Millisecond, 900 * time.Millisecond} {
		c := vanbanCmd(db, "apply", csvPath)
		c.Stdout, c.Stderr = io.Discard, io.Discard
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(wait)
		c.Process.Kill()
		c.Wait()
		ctx := context.Background()
		a, err := sqlite.Open(ctx, db, sqlite.OpenOptions{})
		if err != nil {
			t.Fatalf("round %d: archive unusable after kill: %v", round, err)
		}
		done := 0
		for id := int64(1); id <= n; id++ {
			var subject, title, place string
			if err := a.SQL().QueryRow(`SELECT subject, signer_title, place FROM documents WHERE id = ?`, id).Scan(&subject, &title, &place); err != nil {
				t.Fatal(err)
			}
			s := subject == fmt.Sprintf("Chủ đề đã sửa %d", id)
			ti := title == fmt.Sprintf("Chức danh %d", id)
			p := place == fmt.Sprintf("Nơi %d", id)
			if s != ti || s != p {
				t.Fatalf("round %d: record %d half corrected: subject %v, signer_title %v, place %v", round, id, s, ti, p)
			}
			if s {
				done++
			}
		}
		var logged, overrides int
		a.SQL().QueryRow(`SELECT count(*) FROM history WHERE action = 'set'`).Scan(&logged)
		a.SQL().QueryRow(`SELECT count(*) FROM overrides`).Scan(&overrides)
		a.Close()
		if logged != 3*done || overrides != 3*done {
			t.Fatalf("round %d: %d records corrected, %d history rows, %d overrides (want %d each)", round, done, logged, overrides, 3*done)
		}
		t.Logf("round %d: killed after %v: %d of %d records corrected", round, wait, done, n)
	}
}
