package synth

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/parse"
)

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(Doc(1, 42), Doc(1, 42)) {
		t.Fatal("Doc(1, 42) differs between calls")
	}
	if bytes.Equal(Doc(1, 42), Doc(2, 42)) {
		t.Fatal("seeds 1 and 2 give the same document")
	}
}

// The synthetic documents are real documents to the parser: every header
// field it is built with comes back.
func TestParsesBack(t *testing.T) {
	total := 0
	for i := 0; i < 300; i++ {
		src := Doc(7, i)
		total += len(src)
		d, err := parse.Parse("synth", src, parse.Options{})
		if err != nil {
			t.Fatalf("doc %d: %v\n%s", i, err, src)
		}
		if d.Symbol == "" || d.Date == "" || d.Issuer == "" || d.Place == "" || d.Subject == "" || d.SignerName == "" || d.Type == "" {
			t.Errorf("doc %d: symbol %q date %q issuer %q place %q subject %q signer %q type %q\n%s",
				i, d.Symbol, d.Date, d.Issuer, d.Place, d.Subject, d.SignerName, d.Type, firstLines(src))
		}
	}
	if avg := total / 300; avg < 4000 || avg > 7000 {
		t.Errorf("average size %d bytes, want about 5 KB", avg)
	}
}

func firstLines(b []byte) []byte {
	n := 0
	for i, c := range b {
		if c == '\n' {
			n++
			if n == 14 {
				return b[:i]
			}
		}
	}
	return b
}

// Every document is valid UTF-8 (a subject's first letter was once cut in
// half by a byte slice).
func TestValidUTF8(t *testing.T) {
	for i := 0; i < 3000; i++ {
		if d := Doc(1, i); !utf8.Valid(d) {
			t.Fatalf("document %d is not valid UTF-8", i)
		}
	}
}
