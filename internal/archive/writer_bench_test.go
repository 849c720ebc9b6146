package archive

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/synth"
)

var batchSize = func() int {
	if v, err := strconv.Atoi(os.Getenv("BATCH")); err == nil {
		return v
	}
	return 500
}()

// BenchmarkWriter measures the single writer alone: records parsed in
// advance, stored in batches of 500.
func BenchmarkWriter(b *testing.B) {
	const n = 5000
	recs := make([]*store.Record, n)
	for i := range recs {
		src := synth.Doc(9, i)
		d, text, err := parse.ParseWithText("x", src, parse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sum := sha256.Sum256([]byte(text))
		recs[i] = &store.Record{Doc: d, Original: src, Text: text, TextSHA256: sum[:], ParserVersion: "1", FTS: store.FTSValues(d)}
	}
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "w.db"), sqlite.OpenOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var w store.Writer
		for i, r := range recs {
			if w == nil {
				w, _ = db.BeginWrite(context.Background())
			}
			if _, _, err := w.Put(context.Background(), r); err != nil {
				b.Fatal(err)
			}
			if i%batchSize == batchSize-1 {
				if err := w.Commit(); err != nil {
					b.Fatal(err)
				}
				w = nil
			}
		}
		if w != nil {
			w.Commit()
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}
