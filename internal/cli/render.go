package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/vanban"
)

// allFields are the record fields of SPEC.md §3 in order.
var allFields = []string{"id", "system", "motto", "parent_issuer", "issuer", "number", "symbol", "type_code",
	"issuer_code", "unit_code", "type", "place", "date", "subject", "recipients", "body", "references",
	"distribution", "signer_authority", "signer_title", "signer_name", "urgency", "secrecy", "encoding",
	"warnings", "source"}

var listDefault = []string{"id", "date", "symbol", "type", "issuer", "subject"}

// fieldList is allFields for help texts.
var fieldList = strings.Join(allFields, ", ")

// parseFields validates --fields.
func parseFields(s string, def []string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	known := map[string]bool{}
	for _, f := range allFields {
		known[f] = true
	}
	known["snippet"] = true
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if !known[f] {
			return nil, usageErrorf("--fields: unknown field %q (fields: %s)", f, strings.Join(allFields, ", "))
		}
		out = append(out, f)
	}
	return out, nil
}

// fieldValue renders one field as text for tables, TSV and CSV.
func fieldValue(d *vanban.Document, f string) string {
	switch f {
	case "id":
		return strconv.FormatInt(d.ID, 10)
	case "system":
		return d.System
	case "motto":
		return d.Motto
	case "parent_issuer":
		return d.ParentIssuer
	case "issuer":
		return d.Issuer
	case "number":
		return d.Number
	case "symbol":
		return d.Symbol
	case "type_code":
		return d.TypeCode
	case "issuer_code":
		return d.IssuerCode
	case "unit_code":
		return d.UnitCode
	case "type":
		return d.Type
	case "place":
		return d.Place
	case "date":
		return d.Date
	case "subject":
		return d.Subject
	case "recipients":
		return strings.Join(d.Recipients, "; ")
	case "body":
		return d.Body
	case "references":
		var s []string
		for _, r := range d.References {
			s = append(s, r.Symbol)
		}
		return strings.Join(s, "; ")
	case "distribution":
		return strings.Join(d.Distribution, "; ")
	case "signer_authority":
		return strings.Join(d.SignerAuthority, "; ")
	case "signer_title":
		return d.SignerTitle
	case "signer_name":
		return d.SignerName
	case "urgency":
		return d.Urgency
	case "secrecy":
		return d.Secrecy
	case "encoding":
		return d.Encoding
	case "warnings":
		var s []string
		for _, w := range d.Warnings {
			s = append(s, w.Field+": "+w.Message)
		}
		return strings.Join(s, "; ")
	case "source":
		if d.Source != nil {
			return d.Source.Path
		}
	}
	return ""
}

// jsonRecord is a record as a JSON object with only the chosen fields (all
// but body when fields is nil), keys in SPEC order.
func jsonRecord(d *vanban.Document, fields []string, extra map[string]any) ([]byte, error) {
	full, err := marshalNoEscape(d) // SPEC §3: no HTML escaping, as show and parse
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(full, &m); err != nil {
		return nil, err
	}
	if fields == nil {
		for _, f := range allFields {
			if f != "body" {
				fields = append(fields, f)
			}
		}
	}
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for _, f := range fields {
		v, ok := m[f]
		if !ok {
			if x, ok2 := extra[f]; ok2 {
				raw, _ := marshalNoEscape(x)
				v, ok = raw, true
			}
		}
		if !ok {
			if f == "source" {
				v = json.RawMessage("null")
			} else {
				continue
			}
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(f)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	for k, x := range extra {
		if contains(fields, k) {
			continue
		}
		raw, _ := marshalNoEscape(x)
		kk, _ := json.Marshal(k)
		b.WriteByte(',')
		b.Write(kk)
		b.WriteByte(':')
		b.Write(raw)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func marshalNoEscape(v any) (json.RawMessage, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return json.RawMessage(strings.TrimSuffix(b.String(), "\n")), nil
}

// recordWriter writes records one at a time in a format.
type recordWriter struct {
	w         *bufio.Writer
	format    string
	fields    []string // nil: every field but body (JSON), listDefault otherwise
	table     *tablewriter.Table
	csv       *csv.Writer
	n         int
	jsonAll   bool       // JSON carries every field (export)
	width     int        // truncate table cells to this many runes (0: no)
	termWidth int        // the terminal's width, 0 when unknown (sizeTable)
	rows      [][]string // table rows, fitted to termWidth when rendered
	extra     func(*vanban.Document) map[string]any
	// formulas writes CSV and TSV cells as they are; by default a cell
	// that a spreadsheet would run as a formula gets a leading apostrophe.
	formulas bool
	// noHeader leaves out the header line of TSV and CSV (for xargs and
	// scripts).
	noHeader bool
}

func newRecordWriter(out io.Writer, format string, fields []string, jsonFields []string) *recordWriter {
	rw := &recordWriter{w: bufio.NewWriterSize(out, 64<<10), format: format, fields: fields}
	switch format {
	case "table":
		rw.table = tablewriter.NewTable(rw.w)
		rw.table.Header(toAny(fields)...)
		rw.width = 60
	case "csv":
		rw.csv = csv.NewWriter(rw.w)
	case "tsv":
	case "json":
		rw.w.WriteString("[")
	case "md":
		rw.w.WriteString("| " + strings.Join(fields, " | ") + " |\n|" + strings.Repeat(" --- |", len(fields)) + "\n")
	}
	rw.fields = fields
	if format == "json" || format == "ndjson" {
		rw.fields = jsonFields
	}
	return rw
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func truncate(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// tsvValue keeps a TSV cell on one line, free of tabs and of characters
// that act on a terminal.
func tsvValue(s string) string {
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	return visible(s, false)
}

func (rw *recordWriter) write(d *vanban.Document, extra map[string]any) error {
	vals := func() []string {
		out := make([]string, len(rw.fields))
		for i, f := range rw.fields {
			if x, ok := extra[f]; ok {
				out[i] = fmt.Sprint(x)
				continue
			}
			out[i] = fieldValue(d, f)
		}
		return out
	}
	var err error
	switch rw.format {
	case "table":
		v := vals()
		for i := range v {
			v[i] = tsvValue(v[i])
			if rw.termWidth == 0 {
				v[i] = truncateDisplay(v[i], rw.width)
			}
		}
		rw.rows = append(rw.rows, v)
	case "tsv":
		if rw.n == 0 && !rw.noHeader {
			rw.w.WriteString(strings.Join(rw.fields, "\t") + "\n")
		}
		v := vals()
		for i := range v {
			v[i] = tsvValue(v[i])
			if !rw.formulas {
				v[i] = formulaSafe(v[i])
			}
		}
		_, err = rw.w.WriteString(strings.Join(v, "\t") + "\n")
	case "csv":
		if rw.n == 0 && !rw.noHeader {
			rw.csv.Write(rw.fields)
		}
		v := vals()
		for i := range v {
			v[i] = visible(v[i], true)
			if !rw.formulas {
				v[i] = formulaSafe(v[i])
			}
		}
		err = rw.csv.Write(v)
	case "md":
		v := vals()
		for i := range v {
			v[i] = mdValue(v[i])
		}
		_, err = rw.w.WriteString("| " + strings.Join(v, " | ") + " |\n")
	case "json", "ndjson":
		var b []byte
		b, err = jsonRecord(d, rw.fields, extra)
		if err != nil {
			return err
		}
		if rw.format == "json" {
			if rw.n > 0 {
				rw.w.WriteString(",")
			}
			rw.w.WriteString("\n  ")
			_, err = rw.w.Write(b)
		} else {
			rw.w.Write(b)
			err = rw.w.WriteByte('\n')
		}
	}
	rw.n++
	return err
}

func (rw *recordWriter) close() error {
	if rw.n == 0 && !rw.noHeader {
		// No rows: the header alone, so that a reader still sees the
		// columns.
		switch rw.format {
		case "tsv":
			rw.w.WriteString(strings.Join(rw.fields, "\t") + "\n")
		case "csv":
			rw.csv.Write(rw.fields)
		}
	}
	switch rw.format {
	case "table":
		fitTable(rw.fields, rw.rows, rw.termWidth)
		for _, r := range rw.rows {
			for i := range r {
				r[i] = boldMarks(r[i])
			}
			if err := rw.table.Append(r); err != nil {
				return err
			}
		}
		if err := rw.table.Render(); err != nil {
			return err
		}
	case "csv":
		rw.csv.Flush()
		if err := rw.csv.Error(); err != nil {
			return err
		}
	case "json":
		if rw.n > 0 {
			rw.w.WriteString("\n")
		}
		rw.w.WriteString("]\n")
	}
	return rw.w.Flush()
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

// sizeTable records the terminal's width (0: unknown); the table is fitted
// to it when it is rendered.
func (rw *recordWriter) sizeTable(width int) { rw.termWidth = width }

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
