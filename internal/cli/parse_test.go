package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

// TestParseOrder: parse runs on every core but prints records in input
// order, with the failures reported in their place, for every format.
func TestParseOrder(t *testing.T) {
	dir := t.TempDir()
	corpus, err := filepath.Glob("../../testdata/corpus/*.txt")
	if err != nil || len(corpus) < 10 {
		t.Fatalf("corpus: %v", err)
	}
	var args []string
	var want []string // symbols in input order; "" marks a failure
	for i := 0; i < 120; i++ {
		if i%17 == 5 {
			bad := filepath.Join(dir, "bad"+string(rune('a'+i%26))+".txt")
			if err := os.WriteFile(bad, []byte{0, 1, 2, 3, 0, 0, 0, 7}, 0o644); err != nil {
				t.Fatal(err)
			}
			args, want = append(args, bad), append(want, "")
			continue
		}
		f := corpus[i%len(corpus)]
		var out, errb bytes.Buffer
		if Main([]string{"parse", "--format", "json", f}, strings.NewReader(""), &out, &errb) != ExitOK {
			t.Fatalf("%s: %s", f, errb.String())
		}
		var d struct{ Symbol, Subject string }
		if err := json.Unmarshal(out.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		args, want = append(args, f), append(want, d.Symbol+"|"+d.Subject)
	}
	var ok []string
	for _, w := range want {
		if w != "" {
			ok = append(ok, w)
		}
	}

	var out, errb bytes.Buffer
	if code := Main(append([]string{"parse", "--format", "ndjson"}, args...), strings.NewReader(""), &out, &errb); code != ExitPartial {
		t.Fatalf("exit %d, want %d", code, ExitPartial)
	}
	var got []string
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var d struct{ Symbol, Subject string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		got = append(got, d.Symbol+"|"+d.Subject)
	}
	if strings.Join(got, "\n") != strings.Join(ok, "\n") {
		t.Errorf("ndjson records out of input order")
	}
	if n := strings.Count(errb.String(), "binary data"); n != len(want)-len(ok) {
		t.Errorf("%d failures reported, want %d:\n%s", n, len(want)-len(ok), errb.String())
	}

	out.Reset()
	errb.Reset()
	Main(append([]string{"parse", "--format", "json"}, args...), strings.NewReader(""), &out, &errb)
	var arr []struct{ Symbol, Subject string }
	if err := json.Unmarshal(out.Bytes(), &arr); err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, d := range arr {
		got = append(got, d.Symbol+"|"+d.Subject)
	}
	if strings.Join(got, "\n") != strings.Join(ok, "\n") {
		t.Errorf("json array out of input order")
	}
}

// TestWriteDocJSON: a record with a large body is written piece by piece,
// byte for byte as the JSON encoder writes it, indented or not.
func TestWriteDocJSON(t *testing.T) {
	body := strings.Repeat("Căn cứ \"Luật\" <a> & b\\c\t\u2028 — đoạn văn.\n\n", 40000) // over 1 MB, escapes everywhere
	d := &vanban.Document{Symbol: "07/KH-UBND", Body: body, Warnings: []vanban.Warning{}}
	for _, indent := range []bool{false, true} {
		var want, got bytes.Buffer
		if err := writeJSON(&want, d, indent); err != nil {
			t.Fatal(err)
		}
		if err := writeDocJSON(&got, d, indent); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("indent %v: streamed JSON differs (%d vs %d bytes)", indent, got.Len(), want.Len())
		}
	}
}
