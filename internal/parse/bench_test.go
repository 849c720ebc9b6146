package parse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vanban/vanban/internal/synth"
)

// BenchmarkParse parses every corpus document; b.SetBytes makes the
// throughput (MB/s) comparable with the 30 MB/s target of SPEC.md §8.
func BenchmarkParse(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/corpus/*.txt")
	var srcs [][]byte
	total := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		total += len(src)
	}
	b.Run("corpus", func(b *testing.B) {
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for k, src := range srcs {
				if _, err := Parse(files[k], src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("synthetic", func(b *testing.B) {
		var docs [][]byte
		size := 0
		for i := 0; i < 500; i++ {
			d := synth.Doc(1, i)
			docs = append(docs, d)
			size += len(d)
		}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, d := range docs {
				if _, err := Parse("synth", d, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	for k, f := range files {
		src := srcs[k]
		b.Run(filepath.Base(f), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Parse(f, src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
