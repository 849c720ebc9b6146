package export

import (
	"bufio"
	"io"

	"github.com/vanban/vanban/internal/vanban"
)

func init() {
	Register(Format{Name: "ndjson", Structured: true, New: func(w io.Writer, o Options) Writer {
		return &ndjsonWriter{w: bufio.NewWriterSize(w, 64<<10), o: defaultFields(o)}
	}})
}

// ndjsonWriter writes one JSON object per line (AppendRecord).
type ndjsonWriter struct {
	w   *bufio.Writer
	o   Options
	n   int
	buf []byte
}

func (j *ndjsonWriter) Write(d *vanban.Document, extra map[string]any) error {
	j.buf = AppendRecord(j.buf[:0], d, j.o.Fields, extra)
	j.buf = append(j.buf, '\n')
	j.n++
	_, err := j.w.Write(j.buf)
	return err
}

func (j *ndjsonWriter) Close() error { return j.w.Flush() }

func (j *ndjsonWriter) Count() int { return j.n }
