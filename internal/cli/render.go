package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/vanban/vanban/internal/export"
	"github.com/vanban/vanban/internal/vanban"
)

// allFields are the record fields of SPEC.md §3 in order (vanban.Fields).
var allFields = vanban.FieldNames()

// exportTextFields are the columns of export's text formats (CSV, TSV,
// table, Markdown): every field but the spans.
var exportTextFields = func() []string {
	var out []string
	for _, f := range allFields {
		if f != "spans" {
			out = append(out, f)
		}
	}
	return out
}()

var listDefault = []string{"id", "date", "symbol", "type", "issuer", "subject"}

// fieldList is allFields for help texts.
var fieldList = strings.Join(allFields, ", ")

// parseFields validates --fields.
func parseFields(s string, def []string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if _, ok := vanban.FieldByName(f); !ok && f != "snippet" && f != "in_force" {
			return nil, usageErrorf("--fields: unknown field %q (fields: %s)", f, fieldList)
		}
		out = append(out, f)
	}
	return out, nil
}

// newWriter returns a record writer of format to out: cols are the columns
// of text formats, jsonCols the keys of structured ones (nil: every field
// but the body). A table is fitted to the terminal out writes to.
func (app *App) newWriter(out io.Writer, format string, cols, jsonCols []string) (export.Writer, error) {
	f, ok := export.Lookup(format)
	if !ok {
		return nil, usageErrorf("--format %q: want %s", format, strings.Join(export.Names(), ", "))
	}
	o := export.Options{Fields: cols, Formulas: app.Formulas, NoHeader: app.NoHeader}
	if f.Structured {
		o.Fields = jsonCols
	}
	if format == "table" {
		o.TermWidth = app.termWidth(out)
	}
	return f.New(out, o), nil
}

// formatsBut lists the registered formats except those named.
func formatsBut(except ...string) []string {
	var out []string
	for _, n := range export.Names() {
		if !vanban.Contains(except, n) {
			out = append(out, n)
		}
	}
	return out
}

// writeText writes a record as show's text view: the labelled fields of
// vanban.Fields (one line per element of a list) in reading order, then the
// body. Fields without a value are left out.
func writeText(w io.Writer, d *vanban.Document) {
	for _, name := range textOrder {
		f, _ := vanban.FieldByName(name)
		for _, v := range f.Lines(d) {
			if v != "" {
				fmt.Fprintf(w, "%-17s %s\n", f.Label+":", visible(v, false))
			}
		}
	}
	if d.Body != "" {
		fmt.Fprintf(w, "\n%s\n", visible(d.Body, true))
	}
}

// textOrder is the order of show's text view: the header, the addressees,
// the signature, then the rest as a reader meets them. Labelled fields not
// named here follow in field order.
var textOrder = func() []string {
	order := []string{"system", "motto", "parent_issuer", "issuer", "symbol", "type", "place", "date", "subject",
		"recipients", "signer_authority", "signer_title", "signer_name", "distribution", "references"}
	for _, f := range vanban.Fields {
		if f.Label != "" && !vanban.Contains(order, f.Name) {
			order = append(order, f.Name)
		}
	}
	return order
}()

// visible is export.Visible: text made safe for a terminal.
func visible(s string, keepNewlines bool) string { return export.Visible(s, keepNewlines) }
