package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

// TestListReadsEveryColumnRight: a record read back through List with any
// set of fields holds exactly those fields, equal to what was put, and
// concurrent readers (read-only, memory-mapped connections, bodies viewed
// without a copy) get what a serial reader gets: no buffer shared between
// records.
func TestListReadsEveryColumnRight(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := db.BeginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var put []*vanban.Document
	for i := 0; i < 60; i++ {
		r := testRecord(fmt.Sprintf("thân văn bản số %d ", i) + strings.Repeat("Căn cứ Nghị định số 30/2020/NĐ-CP. ", i*7))
		r.Doc.Recipients = []string{fmt.Sprintf("Sở %d", i), "Sở <Y> \"tế\""}
		r.Doc.References = []vanban.Reference{{Type: "Nghị định", Symbol: "30/2020/NĐ-CP", Date: "2020-03-05", Issuer: "Chính phủ"}}
		r.Doc.Warnings = []vanban.Warning{{Field: "date", Message: fmt.Sprintf("w%d", i)}}
		r.Doc.Date = fmt.Sprintf("2020-%02d-01", i%12+1)
		if _, _, err := w.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
		put = append(put, r.Doc)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := Open(ctx, path, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	byID := map[int64]*vanban.Document{}
	for _, d := range put {
		byID[d.ID] = d
	}
	read := func(fields []string) (map[int64]*vanban.Document, error) {
		got := map[int64]*vanban.Document{}
		err := ro.List(ctx, vanban.ListOptions{Sort: "-date", Limit: -1, Fields: fields}, func(d *vanban.Document) error {
			got[d.ID] = d
			return nil
		})
		return got, err
	}
	for _, fields := range [][]string{vanban.FieldNames(), {"id", "subject"}, {"body", "references", "warnings"}, nil} {
		got, err := read(fields)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(put) {
			t.Fatalf("%v: %d records of %d", fields, len(got), len(put))
		}
		want := fields
		if want == nil {
			want = vanban.AllButBody()
		}
		for id, d := range got {
			for _, f := range vanban.Fields {
				if f.Kind == vanban.KindID {
					continue
				}
				asked := vanban.Contains(want, f.Name)
				var empty vanban.Document
				empty.Normalize()
				switch {
				case asked && !f.Equal(d, byID[id]):
					t.Errorf("%v: record %d field %s = %v, want %v", fields, id, f.Name, f.Get(d), f.Get(byID[id]))
				case !asked && !f.Equal(d, &empty):
					t.Errorf("%v: record %d field %s read though not asked for", fields, id, f.Name)
				}
			}
		}
	}
	serial, _ := read([]string{"id", "body"})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := read([]string{"id", "body"})
			if err != nil {
				t.Error(err)
				return
			}
			for id, d := range got {
				if d.Body != serial[id].Body {
					t.Errorf("concurrent read of record %d differs from the serial one", id)
				}
			}
		}()
	}
	wg.Wait()
}
