package check

import (
	"testing"

	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/synth"
	"github.com/vanban/vanban/internal/vanban"
)

// BenchmarkCheck compares the cost of checking a document with the cost of
// parsing it (import does both): 500 synthetic documents, parsed once.
//
//	go test ./internal/check -run XXX -bench . -benchtime 3x
func BenchmarkCheck(b *testing.B) {
	type doc struct {
		d    *vanban.Document
		text string
		src  []byte
	}
	var docs []doc
	size := 0
	for i := 0; i < 500; i++ {
		src := synth.Doc(1, i)
		d, text, err := parse.ParseWithText("synth", src, parse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc{d, text, src})
		size += len(src)
	}
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(size))
		for i := 0; i < b.N; i++ {
			for _, x := range docs {
				if _, err := parse.Parse("synth", x.src, parse.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		b.SetBytes(int64(size))
		for i := 0; i < b.N; i++ {
			for _, x := range docs {
				Check(x.d, x.text)
			}
		}
	})
}
