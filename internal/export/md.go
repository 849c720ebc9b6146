package export

import (
	"bufio"
	"io"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
)

func init() {
	Register(Format{Name: "md", New: func(w io.Writer, o Options) Writer {
		m := &mdWriter{w: bufio.NewWriterSize(w, 64<<10), o: o}
		m.w.WriteString("| " + strings.Join(o.Fields, " | ") + " |\n|" + strings.Repeat(" --- |", len(o.Fields)) + "\n")
		return m
	}})
}

// mdWriter writes a Markdown table.
type mdWriter struct {
	w *bufio.Writer
	o Options
	n int
}

func (m *mdWriter) Write(d *vanban.Document, extra map[string]any) error {
	v := cells(d, m.o.Fields, extra)
	for i := range v {
		v[i] = mdValue(v[i])
	}
	m.n++
	_, err := m.w.WriteString("| " + strings.Join(v, " | ") + " |\n")
	return err
}

func (m *mdWriter) Close() error { return m.w.Flush() }

func (m *mdWriter) Count() int { return m.n }

// mdValue writes a value into a Markdown table cell: HTML is escaped (a
// Markdown renderer passes raw HTML through, <script> included), a pipe
// does not end the cell, line breaks become <br>.
func mdValue(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "\\|", "\r\n", "<br>", "\n", "<br>", "\r", "").Replace(s)
	return Visible(s, false)
}
