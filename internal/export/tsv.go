package export

import (
	"bufio"
	"io"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
)

func init() {
	Register(Format{Name: "tsv", New: func(w io.Writer, o Options) Writer {
		return &tsvWriter{w: bufio.NewWriterSize(w, 64<<10), o: o}
	}})
}

// tsvWriter writes tab-separated values: a header line (unless NoHeader),
// then one line per record, each cell on one line with tabs replaced.
type tsvWriter struct {
	w *bufio.Writer
	o Options
	n int
}

func (t *tsvWriter) Write(d *vanban.Document, extra map[string]any) error {
	if t.n == 0 && !t.o.NoHeader {
		t.w.WriteString(strings.Join(t.o.Fields, "\t") + "\n")
	}
	v := cells(d, t.o.Fields, extra)
	for i := range v {
		v[i] = oneLine(v[i])
		if !t.o.Formulas {
			v[i] = FormulaSafe(v[i])
		}
	}
	t.n++
	_, err := t.w.WriteString(strings.Join(v, "\t") + "\n")
	return err
}

func (t *tsvWriter) Close() error {
	if t.n == 0 && !t.o.NoHeader {
		// No rows: the header alone, so that a reader still sees the
		// columns.
		t.w.WriteString(strings.Join(t.o.Fields, "\t") + "\n")
	}
	return t.w.Flush()
}

func (t *tsvWriter) Count() int { return t.n }
