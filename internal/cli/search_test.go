package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/synth"
)

func runMain(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// TestSearchEveryMatchCounts: in a real archive where a query matches more
// than a thousand documents (the window the old search ranked), --count
// counts them all, piped output lists every one once, and pages of
// --limit/--offset go through all of them without a gap or a repeat. A
// document whose only hit is a rare word of its body is found, and ranks
// first for a query of that word and a common one.
func TestSearchEveryMatchCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1,500 documents")
	}
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(docs, 0o755)
	for i := 0; i < 1500; i++ {
		if err := os.WriteFile(filepath.Join(docs, fmt.Sprintf("%04d.txt", i)), synth.Doc(7, i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The oldest document: its rare word stands only in its body.
	db := filepath.Join(dir, "a.db")
	if _, errOut, code := runMain(t, "--db", db, "-q", "import", "../../testdata/corpus/seed-binhduong-71.txt"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := runMain(t, "--db", db, "-q", "import", docs); code != 0 {
		t.Fatal(errOut)
	}

	// A word most synthetic documents hold.
	const q = "thuc hien"
	out, _, code := runMain(t, "--db", db, "search", "--count", q)
	n, err := strconv.Atoi(strings.TrimSpace(out))
	if code != 0 || err != nil || n <= 1000 {
		t.Fatalf("--count %q = %q (exit %d): want more than 1000", q, out, code)
	}
	out, _, _ = runMain(t, "--db", db, "search", "--format", "tsv", "--fields", "id", "--no-header", q)
	all := strings.Fields(out)
	if len(all) != n {
		t.Fatalf("piped search listed %d hits, --count says %d", len(all), n)
	}
	seen := map[string]bool{}
	for _, id := range all {
		if seen[id] {
			t.Fatalf("hit %s listed twice", id)
		}
		seen[id] = true
	}
	// Pages of 400 cover the same hits in the same order.
	var paged []string
	for off := 0; off < n+400; off += 400 {
		out, _, _ := runMain(t, "--db", db, "search", "--format", "tsv", "--fields", "id", "--no-header", "--limit", "400", "--offset", strconv.Itoa(off), q)
		paged = append(paged, strings.Fields(out)...)
	}
	if strings.Join(paged, " ") != strings.Join(all, " ") {
		t.Errorf("pages of 400 (%d hits) differ from the piped list (%d)", len(paged), len(all))
	}
	// Sorted by date: the same hits, newest first.
	out, _, _ = runMain(t, "--db", db, "search", "--format", "tsv", "--fields", "id,date", "--no-header", "--sort", "-date", q)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != n {
		t.Errorf("--sort -date listed %d of %d", len(lines), n)
	}
	prev := "9999-99-99"
	for _, l := range lines {
		d := strings.SplitN(l, "\t", 2)[1]
		if d != "" && d > prev {
			t.Errorf("--sort -date: %s after %s", d, prev)
			break
		}
		if d != "" {
			prev = d
		}
	}
	// Record 1 (Bình Dương, imported first) is the only one citing
	// Công điện 1699: the rare word wins over recency.
	out, _, _ = runMain(t, "--db", db, "search", "--format", "tsv", "--fields", "id", "--no-header", "--limit", "3", "thuc hien 1699")
	if f := strings.Fields(out); len(f) == 0 || f[0] != "1" {
		t.Errorf("thuc hien 1699: first hits %q, want record 1", f)
	}
	out, _, _ = runMain(t, "--db", db, "search", "--format", "tsv", "--fields", "id", "--no-header", "--limit", "3", "binh duong covid")
	if f := strings.Fields(out); len(f) == 0 || f[0] != "1" {
		t.Errorf("binh duong covid: first hits %q, want record 1", f)
	}
}
