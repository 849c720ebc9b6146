package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// TestExitCodes asserts the exact exit statuses of SPEC.md §4, which
// testscript cannot tell apart.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "doc.txt")
	src, err := os.ReadFile("../../testdata/corpus/seed-bentre-275.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(doc, src, 0o644); err != nil {
		t.Fatal(err)
	}
	// A State quyết định that follows NĐ 30, and the same with its number
	// unpadded (ND30-SO-2, an error) and its body not ending ./. (info).
	qd, err := os.ReadFile("../check/testdata/state-qd.txt")
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.txt")
	broken := filepath.Join(dir, "broken.txt")
	styled := filepath.Join(dir, "styled.txt")
	os.WriteFile(good, qd, 0o644)
	os.WriteFile(broken, bytes.Replace(qd, []byte("05/QĐ-UBND"), []byte("5/QĐ-UBND"), 1), 0o644)
	os.WriteFile(styled, bytes.Replace(qd, []byte("này./."), []byte("này."), 1), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte{0, 1, 2, 3, 0, 0, 0, 7}, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args       []string
		want       int
		wantStderr string
	}{
		{[]string{"parse", doc}, ExitOK, ""},
		{[]string{"parse", doc, bad}, ExitPartial, "binary data"},
		{[]string{"parse", bad}, ExitError, "binary data"},
		{[]string{"parse", filepath.Join(dir, "missing.txt")}, ExitError, "no such file"},
		{[]string{"parse", dir}, ExitError, "is a folder"},
		{[]string{"parse"}, ExitUsage, "requires at least 1 arg"},
		{[]string{"parse", "--format", "xml", doc}, ExitUsage, "want json, ndjson or text"},
		{[]string{"parse", "--encoding", "koi8", doc}, ExitUsage, "--encoding"},
		{[]string{"check", good}, ExitOK, ""},
		{[]string{"check", broken}, ExitFindings, "1 error,"},
		{[]string{"check", "--fail-on", "never", broken}, ExitOK, ""},
		{[]string{"check", styled}, ExitOK, "1 info"},
		{[]string{"check", "--fail-on", "info", styled}, ExitFindings, "1 info"},
		{[]string{"check", "--min-severity", "error", "--fail-on", "info", styled}, ExitOK, "0 info"},
		{[]string{"check", broken, bad}, ExitPartial, "binary data"},
		{[]string{"check", bad}, ExitError, "binary data"},
		{[]string{"check"}, ExitUsage, "or --all"},
		{[]string{"check", "--all", good}, ExitUsage, "not both"},
		{[]string{"check", "--year", "2021", good}, ExitUsage, "with --all"},
		{[]string{"check", "--fail-on", "fatal", good}, ExitUsage, "--fail-on"},
		{[]string{"check", "--format", "xml", good}, ExitUsage, "--format"},
		{[]string{"list", "--finding", "ND99-XX-1"}, ExitUsage, "rule id"},
		{[]string{"--bogus"}, ExitUsage, "unknown flag"},
		{[]string{"nosuchcommand"}, ExitUsage, "unknown command"},
		{[]string{"version"}, ExitOK, ""},
		{[]string{"version", "extra"}, ExitUsage, "unknown command"},
		// An error whose text reads like cobra's is still an error: exit
		// codes come from types, not from words (a file name is not usage).
		{[]string{"parse", filepath.Join(dir, "unknown flag --x; accepts 1 arg.txt")}, ExitError, "no such file"},
		{[]string{"--db", filepath.Join(dir, "invalid argument", "a.db"), "list"}, ExitError, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			got := Main(tt.args, strings.NewReader(""), &out, &errb)
			if got != tt.want {
				t.Errorf("exit = %d, want %d; stderr:\n%s", got, tt.want, errb.String())
			}
			if tt.wantStderr != "" && !strings.Contains(errb.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", errb.String(), tt.wantStderr)
			}
			// Findings are check's answer, not an error: its summary line
			// says them.
			if tt.want != ExitOK && tt.want != ExitFindings && !strings.HasPrefix(errb.String(), "vanban: ") {
				t.Errorf("stderr = %q, want the vanban: prefix", errb.String())
			}
		})
	}
}

// Ctrl-C while an archive is being created: exit 130 with "interrupted", no
// hint about the path, and the archive opens normally afterwards.
func TestInterruptWhileOpening(t *testing.T) {
	app := &App{DBPath: filepath.Join(t.TempDir(), "new.db")}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := app.openArchive(ctx, false)
	var he *hintError
	if err == nil || ExitCode(err) != ExitInterrupted || errors.As(err, &he) || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v (exit %d)", err, ExitCode(err))
	}
	db, err := app.openArchive(context.Background(), false)
	if err != nil {
		t.Fatalf("open after the interrupt: %v", err)
	}
	db.Close()
}

// TestPanicIsInternalError: a panic in a command exits 1 (not the usage
// code 2) with "internal error" and a request to report it (issue 14.15),
// even when its text looks like a usage error.
func TestPanicIsInternalError(t *testing.T) {
	root := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { panic("invalid argument: boom") }}
	root.SetArgs(nil)
	err := execute(context.Background(), root)
	if err == nil || !strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "report") {
		t.Fatalf("err = %v", err)
	}
	if c := ExitCode(err); c != ExitError {
		t.Errorf("exit %d, want %d", c, ExitError)
	}
	if c := ExitCode(fmt.Errorf("write out: %w", syscall.EINVAL)); c != ExitError {
		t.Errorf("an OS error reading 'invalid argument' exits %d, want %d", c, ExitError)
	}
}

// TestWriteErrorExits1: output that cannot be written (a full disk,
// /dev/full) is an error, not exit 0 (issue 14.19).
func TestWriteErrorExits1(t *testing.T) {
	var errb bytes.Buffer
	code := Main([]string{"parse", "--format", "json", "../../testdata/corpus/002.txt"}, strings.NewReader(""), failingWriter{}, &errb)
	if code != ExitError || !strings.Contains(errb.String(), "no space left") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestHelpAndCompletion: each command's EXIT STATUS lists the codes it can
// return, help sends nobody to SPEC.md, and shell completion offers the
// values of the enumerated flags (issue 14.28).
func TestHelpAndCompletion(t *testing.T) {
	help := func(args ...string) string {
		var out, errb bytes.Buffer
		Main(append(args, "--help"), strings.NewReader(""), &out, &errb)
		return out.String()
	}
	for _, c := range []struct {
		cmd     string
		partial bool
	}{{"list", false}, {"show", false}, {"search", false}, {"export", false}, {"stats", false}, {"rm", false}, {"import", true}, {"parse", true}, {"reparse", true}} {
		h := help(c.cmd)
		if got := strings.Contains(h, "\n  3    "); got != c.partial {
			t.Errorf("%s --help: exit status 3 listed %v, want %v", c.cmd, got, c.partial)
		}
		if strings.Contains(h, "SPEC") {
			t.Errorf("%s --help sends users to SPEC.md, which a clone does not have", c.cmd)
		}
	}
	if h := help("list"); !strings.Contains(h, "signer_authority") || strings.Count(h, "default") > 0 && strings.Contains(h, `(default "/`) {
		t.Errorf("list --help: fields not listed, or --db shows a machine path:\n%s", h)
	}
	for args, want := range map[string]string{
		"list --system |":   "mass_org",
		"stats --by |":      "encoding",
		"list --fields|id,": "id,signer_name",
		"export --format |": "md",
		"list --type |":     "Quyết định",
		"list --sort |":     "-issuer",
	} {
		// What is typed: the words before "|", then the word being completed.
		parts := strings.SplitN(args, "|", 2)
		var out, errb bytes.Buffer
		Main(append(append([]string{"__complete"}, strings.Fields(parts[0])...), parts[1]), strings.NewReader(""), &out, &errb)
		if !strings.Contains(out.String(), want) {
			t.Errorf("completion of %q: %q lacks %q", args, out.String(), want)
		}
	}
}

// TestCommandLineForHistory: the history's command line hides a URL's
// password and is bounded (a glob can expand to thousands of files).
func TestCommandLineForHistory(t *testing.T) {
	if got := commandLine([]string{"--db", "postgres://lan:s3cret@db.local/archive", "set", "1", "date=2020-01-02"}); got != "vanban --db postgres://lan:***@db.local/archive set 1 date=2020-01-02" {
		t.Errorf("password: %q", got)
	}
	var files []string
	for i := 0; i < 5000; i++ {
		files = append(files, fmt.Sprintf("/archive/văn bản %04d.txt", i))
	}
	got := commandLine(append([]string{"import"}, files...))
	if len(got) > maxCommandLine+40 || !strings.HasPrefix(got, "vanban import /archive/văn bản 0000.txt") || !strings.Contains(got, "bytes more)") || !utf8.ValidString(got) {
		t.Errorf("long command line: %d bytes, %q…", len(got), got[:60])
	}
}

// TestServe starts vanban serve on an archive, reads its search page over
// HTTP, and stops it as Ctrl-C does (exit 0). Bound outside loopback, it
// warns that the archive is visible to the network.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "a.db")
	var out, errb bytes.Buffer
	if code := Main([]string{"--db", dbPath, "-q", "import", "../../testdata/corpus/seed-bentre-275.txt"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("import: %d %s", code, errb.String())
	}
	for _, c := range []struct {
		addr, warn string
	}{{"127.0.0.1:0", ""}, {"0.0.0.0:0", "outside loopback"}} {
		ctx, cancel := context.WithCancel(context.Background())
		var se syncBuffer
		app := &App{Streams: Streams{In: strings.NewReader(""), Out: io.Discard, Err: &se}}
		done := make(chan int, 1)
		go func() { done <- app.Run(ctx, []string{"--db", dbPath, "serve", "--addr", c.addr}) }()
		// The address bound is in the first line on stderr.
		var url string
		for i := 0; i < 200 && url == ""; i++ {
			time.Sleep(10 * time.Millisecond)
			if m := regexp.MustCompile(`at (http://\S+/)`).FindStringSubmatch(se.String()); m != nil {
				url = m[1]
			}
		}
		if url == "" {
			cancel()
			t.Fatalf("%s: no address printed: %s", c.addr, se.String())
		}
		url = strings.Replace(url, "0.0.0.0", "127.0.0.1", 1)
		res, err := http.Get(url + "?q=dich")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), "275-CV/ĐUK") {
			t.Errorf("%s: %d %.200s", c.addr, res.StatusCode, body)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("%s: stopped with exit %d: %s", c.addr, code, se.String())
		}
		if got := strings.Contains(se.String(), "warning: listening on"); got != (c.warn != "") || !strings.Contains(se.String(), c.warn) {
			t.Errorf("%s: stderr %q", c.addr, se.String())
		}
	}
	if code := Main([]string{"--db", dbPath, "serve", "--addr", "nonsense"}, strings.NewReader(""), &out, &errb); code != ExitUsage {
		t.Errorf("--addr nonsense: exit %d", code)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDBURLRefused: a --db (or $VANBAN_DB) that is a URL names no file: a
// postgres:// one is a PostgreSQL archive (here, a server that does not
// answer: exit 1), any other is bad usage (exit 2); the password is never
// printed, and nothing is created (a URL once became a folder "postgres:"
// with an SQLite file in it, and the password was printed).
func TestDBURLRefused(t *testing.T) {
	doc, _ := filepath.Abs("../check/testdata/state-qd.txt")
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"--db", "postgres://vanban:s3cret@127.0.0.1:1/archive", "import", doc}, ExitError},
		{[]string{"--db", "postgresql://vanban:s3cret@127.0.0.1:1/archive", "list"}, ExitError},
		{[]string{"copy", "--from", "postgresql://vanban:s3cret@127.0.0.1:1/archive", "--to", "x.db"}, ExitError},
		{[]string{"--db", "https://u:s3cret@example.com/a.db", "search", "x"}, ExitUsage},
	} {
		var out, errb bytes.Buffer
		code := Main(c.args, strings.NewReader(""), &out, &errb)
		if code != c.code || strings.Contains(errb.String(), "s3cret") || !strings.Contains(errb.String(), "vanban") {
			t.Errorf("%v: exit %d (want %d), stderr %q", c.args, code, c.code, errb.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("created %v", entries)
	}
}

// TestSetValueNotUTF8: a corrected value whose bytes are not UTF-8 is
// stored with U+FFFD in their place (the PostgreSQL engine's text columns
// take nothing else: the correction failed there; SQLite kept the bytes,
// which JSON output showed as U+FFFD and TSV as \xff).
func TestSetValueNotUTF8(t *testing.T) {
	doc, _ := filepath.Abs("../check/testdata/state-qd.txt")
	db := filepath.Join(t.TempDir(), "a.db")
	var out, errb bytes.Buffer
	if code := Main([]string{"--db", db, "-q", "import", doc}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("import: %d %s", code, errb.String())
	}
	if code := Main([]string{"--db", db, "-q", "set", "1", "subject=abc\xffdef"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("set: %d %s", code, errb.String())
	}
	out.Reset()
	if code := Main([]string{"--db", db, "list", "--format", "tsv", "--fields", "subject", "--no-header"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("list: %d %s", code, errb.String())
	}
	if got := strings.TrimSpace(out.String()); got != "abc\uFFFDdef" {
		t.Errorf("subject %q, want %q", got, "abc\uFFFDdef")
	}
}
