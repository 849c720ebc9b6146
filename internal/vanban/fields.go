package vanban

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Kind says what Go value a field holds, and so how it is stored, compared
// and shown as text.
type Kind int

// Kinds of Field.
const (
	KindText     Kind = iota // string
	KindID                   // int64: the record id
	KindList                 // []string, shown joined by "; "
	KindRefs                 // []Reference, shown as the cited symbols
	KindWarnings             // []Warning, shown as "field: message"
	KindSource               // *Source, shown as the path
	KindSpans                // []Span, not shown as text
	KindFindings             // []Finding, shown as "RULE severity line:col"
)

// Field describes one field of Document: the single list from which storage
// columns, scans, renderers, --fields, reparse's change counts and the
// documented field list are derived. Adding a field to Document means adding
// one entry here (and a migration that adds its column).
type Field struct {
	Name string // JSON key, --fields name and, unless Column says otherwise, column name
	Kind Kind
	// Column is where the storage keeps the field in the documents row:
	// Name by default; "-" for fields stored elsewhere (id is the row's
	// key, body and source have storage of their own).
	Column string
	// FoldColumn is the column holding the folded value, for filters and
	// sorts ("" when there is none).
	FoldColumn string
	// Since is the schema version in which the field's column appeared.
	Since int
	// Label is the field's name in show's text view ("" = not shown there;
	// list fields show one labelled line per element).
	Label string
	// Derived fields are computed from the text and the other fields
	// (where each was read, format findings): never corrected by hand,
	// recomputed by reparse and left out of its change counts and history.
	Derived bool
	// ptr returns a pointer to the field in d.
	ptr func(d *Document) any
}

var fieldIndex = func() map[string]int {
	m := map[string]int{}
	for i, f := range Fields {
		m[f.Name] = i
	}
	return m
}()

// FieldByName returns the field called name.
func FieldByName(name string) (Field, bool) {
	i, ok := fieldIndex[name]
	if !ok {
		return Field{}, false
	}
	return Fields[i], true
}

// FieldNames returns the names of Fields in order.
func FieldNames() []string {
	out := make([]string, len(Fields))
	for i, f := range Fields {
		out[i] = f.Name
	}
	return out
}

// StorageColumn is the documents column holding f ("" when f is stored
// elsewhere).
func (f Field) StorageColumn() string {
	switch f.Column {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return f.Column
}

// Ptr returns a pointer to f in d: *string, *int64, *[]string,
// *[]Reference, *[]Warning or **Source, by Kind.
func (f Field) Ptr(d *Document) any { return f.ptr(d) }

// Get returns the value of f in d.
func (f Field) Get(d *Document) any { return reflect.ValueOf(f.ptr(d)).Elem().Interface() }

// Set sets f in d to v, which must be of f's Go type.
func (f Field) Set(d *Document, v any) { reflect.ValueOf(f.ptr(d)).Elem().Set(reflect.ValueOf(v)) }

// String returns the text value of a text field ("" for other kinds).
func (f Field) String(d *Document) string {
	if p, ok := f.ptr(d).(*string); ok {
		return *p
	}
	return ""
}

// Text renders f in d as one line of text for tables, TSV and CSV: lists
// joined by "; ", references as their symbols, warnings as "field:
// message", the source as its path.
func (f Field) Text(d *Document) string {
	switch p := f.ptr(d).(type) {
	case *string:
		return *p
	case *int64:
		return strconv.FormatInt(*p, 10)
	case *[]string:
		return strings.Join(*p, "; ")
	case *[]Reference:
		s := make([]string, len(*p))
		for i, r := range *p {
			s[i] = r.Symbol
		}
		return strings.Join(s, "; ")
	case *[]Warning:
		s := make([]string, len(*p))
		for i, w := range *p {
			s[i] = w.Field + ": " + w.Message
		}
		return strings.Join(s, "; ")
	case **Source:
		if *p != nil {
			return (*p).Path
		}
	case *[]Finding:
		s := make([]string, len(*p))
		for i, f := range *p {
			s[i] = f.Rule
		}
		return strings.Join(s, "; ")
	}
	return ""
}

// Lines renders f in d as the lines of show's text view: one for a text
// field, one per element of a list.
func (f Field) Lines(d *Document) []string {
	switch p := f.ptr(d).(type) {
	case *[]string:
		return *p
	case *[]Reference:
		s := make([]string, len(*p))
		for i, r := range *p {
			s[i] = r.Describe()
		}
		return s
	case *[]Warning:
		s := make([]string, len(*p))
		for i, w := range *p {
			s[i] = w.Field + ": " + w.Message
		}
		return s
	case *[]Finding:
		s := make([]string, len(*p))
		for i, x := range *p {
			s[i] = x.Describe()
		}
		return s
	case *[]Span:
		return nil
	}
	return []string{f.Text(d)}
}

// Describe is a finding on one line: rule, severity, where, what was found
// and what the rule expects.
func (x Finding) Describe() string {
	s := x.Rule + " " + x.Severity
	if x.Line > 0 {
		s += " " + strconv.Itoa(x.Line) + ":" + strconv.Itoa(x.Col)
	}
	s += ": " + x.Found
	if x.Expected != "" {
		s += " (expected " + x.Expected + ")"
	}
	return s
}

// Describe is a reference as a reader writes it: type, symbol, date, issuer.
func (r Reference) Describe() string {
	s := r.Symbol
	if r.Type != "" {
		s = r.Type + " " + s
	}
	if r.Kind != "" && r.Kind != RefCites {
		s = r.Kind + ": " + s
	}
	if r.Date != "" {
		s += ", " + r.Date
	}
	if r.Issuer != "" {
		s += ", " + r.Issuer
	}
	return s
}

// Equal reports whether f has the same value in a and b (nil and empty
// lists are equal).
func (f Field) Equal(a, b *Document) bool {
	switch pa := f.ptr(a).(type) {
	case *string:
		return *pa == *f.ptr(b).(*string)
	case *int64:
		return *pa == *f.ptr(b).(*int64)
	case *[]string:
		return slices.Equal(*pa, *f.ptr(b).(*[]string))
	case *[]Reference:
		return slices.Equal(*pa, *f.ptr(b).(*[]Reference))
	case *[]Warning:
		return slices.Equal(*pa, *f.ptr(b).(*[]Warning))
	case *[]Span:
		return slices.Equal(*pa, *f.ptr(b).(*[]Span))
	case *[]Finding:
		return slices.Equal(*pa, *f.ptr(b).(*[]Finding))
	case **Source:
		pb := *f.ptr(b).(**Source)
		if *pa == nil || pb == nil {
			return *pa == pb
		}
		return **pa == *pb
	}
	return false
}

// ChangedFields names the fields whose values differ between a and b, in
// field order, leaving out id and source (which a reparse keeps) and the
// derived fields.
func ChangedFields(a, b *Document) []string {
	var out []string
	for _, f := range Fields {
		if f.Kind == KindID || f.Kind == KindSource || f.Derived {
			continue
		}
		if !f.Equal(a, b) {
			out = append(out, f.Name)
		}
	}
	return out
}

// EncodeValue returns the stored form of f's value: the text of a text
// field, JSON for lists. Not for id and source.
func (f Field) EncodeValue(d *Document) any {
	switch p := f.ptr(d).(type) {
	case *string:
		return *p
	case *int64:
		return *p
	}
	b, _ := json.Marshal(f.Get(d))
	return string(b)
}

// DecodeValue sets f in d from its stored form (EncodeValue). Damaged JSON
// leaves the list empty.
func (f Field) DecodeValue(d *Document, s string) {
	switch p := f.ptr(d).(type) {
	case *string:
		*p = s
	case *[]string, *[]Reference, *[]Warning, *[]Span, *[]Finding:
		decodeList(s, p)
	default:
		_ = json.Unmarshal([]byte(s), p)
	}
}
