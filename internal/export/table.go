package export

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/vanban"
)

func init() {
	Register(Format{Name: "table", New: func(w io.Writer, o Options) Writer {
		b := bufio.NewWriterSize(w, 64<<10)
		t := &tableWriter{w: b, o: o, table: tablewriter.NewTable(b)}
		t.table.Header(toAny(o.Fields)...)
		return t
	}})
}

// tableWriter draws a table for a terminal. Rows are buffered so that the
// columns can be fitted to the terminal's width when it is drawn; snippet
// marks become bold.
type tableWriter struct {
	w     *bufio.Writer
	o     Options
	table *tablewriter.Table
	rows  [][]string
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func (t *tableWriter) Write(d *vanban.Document, extra map[string]any) error {
	v := cells(d, t.o.Fields, extra)
	for i := range v {
		v[i] = oneLine(v[i])
		if t.o.TermWidth == 0 {
			v[i] = truncateDisplay(v[i], 60)
		}
	}
	t.rows = append(t.rows, v)
	return nil
}

func (t *tableWriter) Count() int { return len(t.rows) }

func (t *tableWriter) Close() error {
	fitTable(t.o.Fields, t.rows, t.o.TermWidth)
	for _, r := range t.rows {
		for i := range r {
			r[i] = boldMarks(r[i])
		}
		if err := t.table.Append(r); err != nil {
			return err
		}
	}
	if err := t.table.Render(); err != nil {
		return err
	}
	return t.w.Flush()
}

// boldMarks turns the snippet marks of search.Snippet into bold on a
// terminal, closing a mark that truncation left open.
func boldMarks(s string) string {
	if !strings.Contains(s, search.MarkOpen) {
		return s
	}
	if strings.Count(s, search.MarkOpen) > strings.Count(s, search.MarkClose) {
		s += search.MarkClose
	}
	return strings.NewReplacer(search.MarkOpen, "\x1b[1m", search.MarkClose, "\x1b[0m").Replace(s)
}

// fitTable cuts the long columns of the buffered rows (subject, issuer,
// snippet…) so that a row fits the terminal: every column gets its natural
// width, and when the sum is too wide the widest columns give up width,
// never below 8 characters; ids, dates and symbols stay whole. A table has
// 3 columns of border and padding per field, plus 1.
func fitTable(header []string, rows [][]string, width int) {
	if width <= 0 || len(header) == 0 {
		return
	}
	natural := make([]int, len(header))
	for i, h := range header {
		natural[i] = utf8.RuneCountInString(h)
	}
	for _, r := range rows {
		for i, c := range r {
			if n := displayWidth(c); n > natural[i] {
				natural[i] = n
			}
		}
	}
	keep := map[string]bool{"id": true, "date": true, "symbol": true, "number": true, "count": true}
	avail := width - 1 - 3*len(header)
	w := append([]int(nil), natural...)
	sum := func() int {
		n := 0
		for _, x := range w {
			n += x
		}
		return n
	}
	for sum() > avail {
		// Narrow the widest column that may be cut.
		k := -1
		for i := range w {
			if !keep[header[i]] && w[i] > 8 && (k < 0 || w[i] > w[k]) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		w[k]--
	}
	for _, r := range rows {
		for i := range r {
			if w[i] < natural[i] {
				r[i] = truncateDisplay(r[i], w[i])
			}
		}
	}
}

// displayWidth is the rune count of s without the snippet marks.
func displayWidth(s string) int {
	return utf8.RuneCountInString(s) - strings.Count(s, search.MarkOpen) - strings.Count(s, search.MarkClose)
}

// truncateDisplay cuts s to n visible runes (snippet marks not counted),
// ending with "…".
func truncateDisplay(s string, n int) string {
	if displayWidth(s) <= n {
		return s
	}
	var b strings.Builder
	seen := 0
	for _, r := range s {
		if string(r) == search.MarkOpen || string(r) == search.MarkClose {
			b.WriteRune(r)
			continue
		}
		if seen == n-1 {
			break
		}
		b.WriteRune(r)
		seen++
	}
	return b.String() + "…"
}
