// Package export writes records in the output formats of list, search,
// export and stats: a registry of record writers, one file per format, all
// driven by the field table of package vanban. Adding a format is one file
// that calls Register in its init, and nothing else.
//
// Text formats (table, TSV, CSV, Markdown) make document text safe for the
// terminal or program that reads them (Visible; FormulaSafe unless
// Options.Formulas); JSON keeps data exact.
package export

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
)

// Writer writes records one at a time.
type Writer interface {
	// Write writes one record; extra holds values that are no field of
	// the record (a search hit's snippet, a stats group's count), by
	// column name.
	Write(d *vanban.Document, extra map[string]any) error
	// Close writes what the format needs after the last record and
	// flushes.
	Close() error
	// Count is the number of records written.
	Count() int
}

// Options configure a Writer.
type Options struct {
	// Fields are the columns of text formats and the keys of JSON ones;
	// nil gives JSON every field but the body (text formats need them).
	Fields []string
	// Formulas writes CSV and TSV cells that start with = + - @ as they
	// are; by default they get a leading apostrophe (FormulaSafe).
	Formulas bool
	// NoHeader leaves out the header line of TSV and CSV.
	NoHeader bool
	// TermWidth fits a table to a terminal this wide (0: unknown, cells
	// cut at 60 characters).
	TermWidth int
}

// Format is one output format.
type Format struct {
	Name string
	// Structured formats (JSON) carry typed values and take every field
	// but the body when Options.Fields is nil.
	Structured bool
	New        func(w io.Writer, o Options) Writer
}

var formats = map[string]Format{}

// Register adds a format; formats register themselves in init.
func Register(f Format) {
	if _, dup := formats[f.Name]; dup {
		panic("export: format " + f.Name + " registered twice")
	}
	formats[f.Name] = f
}

// Lookup returns the format called name.
func Lookup(name string) (Format, bool) {
	f, ok := formats[name]
	return f, ok
}

// Names lists the registered formats, sorted.
func Names() []string {
	out := make([]string, 0, len(formats))
	for n := range formats {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// New returns a writer of format name to w.
func New(name string, w io.Writer, o Options) (Writer, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (formats: %s)", name, strings.Join(Names(), ", "))
	}
	return f.New(w, o), nil
}

// cells renders the record's columns as text: extra values first, then the
// record's fields (vanban.Field.Text).
func cells(d *vanban.Document, fields []string, extra map[string]any) []string {
	out := make([]string, len(fields))
	for i, name := range fields {
		if x, ok := extra[name]; ok {
			out[i] = fmt.Sprint(x)
			continue
		}
		if f, ok := vanban.FieldByName(name); ok {
			out[i] = f.Text(d)
		}
	}
	return out
}
