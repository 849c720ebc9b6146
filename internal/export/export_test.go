package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/vanban"
)

// hostile are strings a document or file name may hold: every control
// character, invalid UTF-8, the line separators JSON must escape, HTML.
var hostile = []string{
	"", "plain Tiếng Việt", `quote " backslash \ slash /`, "<script>alert(1)</script> & é",
	"\x00\x01\x07\b\f\n\r\t\x1b[31m\x7f", "\xff\xfe bad \xc3", "\u2028\u2029", "\u0085 \u202e bidi",
	"=HYPERLINK(\"x\")", "emoji 😀 and đ",
}

// TestAppendRecordIsEncodingJSON: records written from the field table are
// the bytes encoding/json gives the Document (HTML not escaped), for every
// real document of testdata/corpus and for hostile strings in every field.
func TestAppendRecordIsEncodingJSON(t *testing.T) {
	var docs []*vanban.Document
	files, _ := filepath.Glob("../../testdata/corpus/*.txt")
	if len(files) == 0 {
		t.Fatal("no corpus documents")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := parse.Parse(f, src, parse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d.ID = int64(len(docs) + 1)
		d.Source = &vanban.Source{Path: f, SHA256: "ab", Size: int64(len(src)), ImportedAt: "2026-12-02T00:00:00Z"}
		docs = append(docs, d)
	}
	for i, s := range hostile {
		d := &vanban.Document{ID: int64(100 + i), Source: &vanban.Source{Path: s}}
		for _, f := range vanban.Fields {
			switch p := f.Ptr(d).(type) {
			case *string:
				*p = s
			case *[]string:
				*p = []string{s, s}
			case *[]vanban.Reference:
				*p = []vanban.Reference{{Type: s, Symbol: s, Date: s, Issuer: s}}
			case *[]vanban.Warning:
				*p = []vanban.Warning{{Field: s, Message: s}}
			}
		}
		docs = append(docs, d)
	}
	for _, d := range docs {
		d.Normalize()
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
		got := AppendRecord(nil, d, vanban.FieldNames(), nil)
		if string(got) != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("record %d:\n got %s\nwant %s", d.ID, got, want.String())
		}
	}
	// Chosen fields come in the order asked, extra values where named
	// and, when not named, after the fields by key.
	d := docs[0]
	got := string(AppendRecord(nil, d, []string{"date", "id", "snippet"}, map[string]any{"snippet": "«x»", "count": 3}))
	want := `{"date":` + quote(d.Date) + `,"id":1,"snippet":"«x»","count":3}`
	if got != want {
		t.Errorf("chosen fields: %s, want %s", got, want)
	}
	if got := string(AppendRecord(nil, &vanban.Document{}, []string{"id", "source"}, nil)); got != `{"source":null}` {
		t.Errorf("no id, no source: %s", got)
	}
}

// quote is s as encoding/json writes it without HTML escaping.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// TestFormats writes the same hostile records in every registered format
// and checks what each promises: JSON parses back to the data exactly,
// CSV parses with one row per record, TSV and tables keep a record on one
// line with no raw control character, and spreadsheet formulas are
// defused unless asked for.
func TestFormats(t *testing.T) {
	fields := []string{"id", "subject", "recipients"}
	var docs []*vanban.Document
	for i, s := range hostile {
		d := &vanban.Document{ID: int64(i + 1), Subject: s, Recipients: []string{s}}
		d.Normalize()
		docs = append(docs, d)
	}
	if got := Names(); strings.Join(got, ",") != "csv,json,md,ndjson,table,tsv" {
		t.Errorf("formats: %v", got)
	}
	for _, name := range Names() {
		var out bytes.Buffer
		w, err := New(name, &out, Options{Fields: fields})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if err := w.Write(d, nil); err != nil {
				t.Fatal(name, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(name, err)
		}
		if w.Count() != len(docs) {
			t.Errorf("%s: Count = %d", name, w.Count())
		}
		s := out.String()
		switch name {
		case "json":
			var back []map[string]any
			if err := json.Unmarshal(out.Bytes(), &back); err != nil || len(back) != len(docs) {
				t.Fatalf("json: %v (%d records)", err, len(back))
			}
			for i, r := range back {
				var want string
				json.Unmarshal([]byte(quote(docs[i].Subject)), &want)
				if r["subject"] != want {
					t.Errorf("json record %d subject %q, want %q", i, r["subject"], want)
				}
			}
		case "ndjson":
			if n := strings.Count(s, "\n"); n != len(docs) {
				t.Errorf("ndjson: %d lines for %d records", n, len(docs))
			}
		case "csv":
			rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
			if err != nil || len(rows) != len(docs)+1 {
				t.Fatalf("csv: %v, %d rows", err, len(rows))
			}
			if !strings.Contains(s, `'=HYPERLINK`) {
				t.Errorf("csv: formula not defused")
			}
		case "tsv", "md", "table":
			lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
			if name == "tsv" && len(lines) != len(docs)+1 {
				t.Errorf("tsv: %d lines for %d records and a header", len(lines), len(docs))
			}
			if name == "md" && len(lines) != len(docs)+2 {
				t.Errorf("md: %d lines for %d records and two header lines", len(lines), len(docs))
			}
			if strings.ContainsAny(s, "\x1b\x00\u202e\u0085") {
				t.Errorf("%s: a raw control character reached the output", name)
			}
			if strings.Contains(s, "<script>") {
				if name == "md" {
					t.Errorf("md: HTML not escaped")
				}
			}
		}
	}
}

// FuzzAppendString: every string is written as encoding/json writes it.
func FuzzAppendString(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add("\xe2\x80")
	f.Add("a\xe2\x80\xa8")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendString(nil, s)), quote(s); got != want {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}
