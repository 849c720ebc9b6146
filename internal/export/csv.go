package export

import (
	"bufio"
	"encoding/csv"
	"io"

	"github.com/vanban/vanban/internal/vanban"
)

func init() {
	Register(Format{Name: "csv", New: func(w io.Writer, o Options) Writer {
		b := bufio.NewWriterSize(w, 64<<10)
		return &csvWriter{b: b, w: csv.NewWriter(b), o: o}
	}})
}

// csvWriter writes RFC 4180 CSV: a header line (unless NoHeader), then one
// row per record; line breaks inside a cell are kept (quoted).
type csvWriter struct {
	b *bufio.Writer
	w *csv.Writer
	o Options
	n int
}

func (c *csvWriter) Write(d *vanban.Document, extra map[string]any) error {
	if c.n == 0 && !c.o.NoHeader {
		c.w.Write(c.o.Fields)
	}
	v := cells(d, c.o.Fields, extra)
	for i := range v {
		v[i] = Visible(v[i], true)
		if !c.o.Formulas {
			v[i] = FormulaSafe(v[i])
		}
	}
	c.n++
	return c.w.Write(v)
}

func (c *csvWriter) Close() error {
	if c.n == 0 && !c.o.NoHeader {
		c.w.Write(c.o.Fields)
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.b.Flush()
}

func (c *csvWriter) Count() int { return c.n }
