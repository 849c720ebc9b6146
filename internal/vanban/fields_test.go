package vanban

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestFieldTableCoversDocument: the field table names every field of
// Document, in struct order, by its JSON key, so nothing derived from the
// table (storage columns, renderers, --fields, reparse's change list) can
// miss a field added to the struct.
func TestFieldTableCoversDocument(t *testing.T) {
	typ := reflect.TypeOf(Document{})
	var keys []string
	for i := 0; i < typ.NumField(); i++ {
		keys = append(keys, strings.Split(typ.Field(i).Tag.Get("json"), ",")[0])
	}
	if got := FieldNames(); !reflect.DeepEqual(got, keys) {
		t.Errorf("field table %v\nDocument     %v", got, keys)
	}
	// Each entry points at the field it names.
	var d Document
	for i, f := range Fields {
		p := reflect.ValueOf(f.Ptr(&d)).Pointer()
		if want := reflect.ValueOf(&d).Elem().Field(i).Addr().Pointer(); p != want {
			t.Errorf("field %s points at the wrong struct field", f.Name)
		}
	}
}

func TestChangedFieldsAndText(t *testing.T) {
	a := &Document{ID: 1, Subject: "Về việc A", Recipients: []string{"Sở Y tế"}, Source: &Source{Path: "a.txt"}}
	b := &Document{ID: 2, Subject: "Về việc A", Recipients: []string{"Sở Y tế", "Sở Tài chính"}, Source: &Source{Path: "b.txt"},
		References: []Reference{{Symbol: "37-CT/TW"}}}
	a.Normalize()
	if got := ChangedFields(a, b); !reflect.DeepEqual(got, []string{"recipients", "references"}) {
		t.Errorf("ChangedFields = %v, want recipients and references (id and source are kept by a reparse)", got)
	}
	// nil and empty lists are the same value.
	c := &Document{}
	c.Normalize()
	if got := ChangedFields(&Document{}, c); len(got) != 0 {
		t.Errorf("nil vs empty lists: %v", got)
	}
	f, _ := FieldByName("recipients")
	if got := f.Text(b); got != "Sở Y tế; Sở Tài chính" {
		t.Errorf("recipients text = %q", got)
	}
	f, _ = FieldByName("references")
	b.References = append(b.References, Reference{Type: "Quyết định", Symbol: "12/QĐ-UBND", Date: "2020-01-02", Issuer: "UBND tỉnh"})
	if got := f.Text(b); got != "37-CT/TW; 12/QĐ-UBND" {
		t.Errorf("references text = %q", got)
	}
	if got := f.Lines(b)[1]; got != "Quyết định 12/QĐ-UBND, 2020-01-02, UBND tỉnh" {
		t.Errorf("references line = %q", got)
	}
	f, _ = FieldByName("source")
	if f.Text(b) != "b.txt" || f.Text(&Document{}) != "" {
		t.Errorf("source text = %q", f.Text(b))
	}
	// Stored forms round-trip.
	for _, f := range Fields {
		if f.StorageColumn() == "" {
			continue
		}
		var d Document
		f.DecodeValue(&d, toString(f.EncodeValue(b)))
		if !f.Equal(&d, b) {
			t.Errorf("%s: stored form does not round-trip: %v", f.Name, f.EncodeValue(b))
		}
	}
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// FuzzDecodeList: the small list parser gives what encoding/json gives,
// for stored lists and for anything else.
func FuzzDecodeList(f *testing.F) {
	for _, s := range []string{`[]`, `["a","b"]`, ` [ "Sở \u003cY\u003e tế" , "\ud83d\ude00" ] `, `["\x"]`, `["\ud800"]`,
		`[{"type":"Quyết định","symbol":"12/QĐ","date":"","issuer":""}]`, `[{"field":"symbol","message":"m \"q\""}]`,
		`[{"field":"a","field":"b"}]`, `[{}]`, `null`, `["a",]`, `[1]`, "[\"\xff\"]", `[{"type":1}]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var a, b []string
		decodeList(s, &a)
		json.Unmarshal([]byte(s), &b)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("strings %q: %q, encoding/json %q", s, a, b)
		}
		var ra, rb []Reference
		decodeList(s, &ra)
		json.Unmarshal([]byte(s), &rb)
		if !reflect.DeepEqual(ra, rb) {
			t.Fatalf("references %q: %q, encoding/json %q", s, ra, rb)
		}
		var wa, wb []Warning
		decodeList(s, &wa)
		json.Unmarshal([]byte(s), &wb)
		if !reflect.DeepEqual(wa, wb) {
			t.Fatalf("warnings %q: %q, encoding/json %q", s, wa, wb)
		}
	})
}
