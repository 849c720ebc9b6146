package archive

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/vanban/vanban/internal/check"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// ReparseReport is what Reparse did; its JSON is reparse --format json.
type ReparseReport struct {
	Reparsed  int `json:"reparsed"`
	Changed   int `json:"changed"`
	Failed    int `json:"failed"`
	Conflicts int `json:"conflicts"` // corrected fields whose parser value changed to another
	// Rechecked counts the records whose spans or format findings were
	// rewritten (derived fields: not counted as changes).
	Rechecked int              `json:"rechecked"`
	Fields    map[string]int   `json:"fields"`  // how many records each field changed in
	Records   []ReparsedRecord `json:"records"` // the changed and the failed
	Total     int              `json:"-"`       // records asked for
}

// ReparsedRecord is one changed or failed record of a reparse.
type ReparsedRecord struct {
	ID        int64      `json:"id"`
	Fields    []string   `json:"fields,omitempty"`
	Conflicts []Conflict `json:"conflicts,omitempty"`
	Error     string     `json:"error,omitempty"`
}

// Conflict is a corrected field whose parser value changed, to a value
// other than the correction: the correction stays; the archivist decides
// (vanban unset takes the parser's).
type Conflict struct {
	Field      string `json:"field"`
	Correction string `json:"correction"`
	Parser     string `json:"parser"`
}

// reparseBatch is how many records one write transaction updates.
const reparseBatch = 200

// Reparse runs the current parser over the original bytes of records ids
// (nil: every record), decoding them afresh (encoding forces one), and
// updates the records whose fields changed, in transactions of
// reparseBatch. The original bytes and the source are never touched; a
// record the parser now rejects keeps its old fields and is reported;
// possible-duplicate warnings given at import are kept. A record deleted
// meanwhile is not written (nor counted as changed). When ctx is cancelled
// it stops after the last whole transaction and returns the report with
// ctx's error.
func Reparse(ctx context.Context, db store.Store, ids []int64, encoding string) (*ReparseReport, error) {
	if ids == nil {
		var err error
		if ids, err = db.IDs(ctx); err != nil {
			return nil, fmt.Errorf("list records: %w", err)
		}
	}
	rep := &ReparseReport{Fields: map[string]int{}, Records: []ReparsedRecord{}, Total: len(ids)}
	type update struct {
		id      int64
		old     *vanban.Document
		rec     *store.Record
		changed []string
		parser  map[string]string // corrected field → the parser's new value
		derived bool              // spans or findings differ
	}
	for start := 0; start < len(ids) && ctx.Err() == nil; start += reparseBatch {
		var ups []update
		for _, id := range ids[start:min(start+reparseBatch, len(ids))] {
			old, err := db.Get(ctx, id)
			if errors.Is(err, vanban.ErrNotFound) {
				rep.Failed++
				rep.Records = append(rep.Records, ReparsedRecord{ID: id, Error: "no such record"})
				continue
			}
			if err != nil {
				if ctx.Err() != nil {
					break // interrupted: the report says what was done
				}
				return nil, err
			}
			orig, _, err := db.Original(ctx, id)
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				return nil, err
			}
			ovs, err := db.Overrides(ctx, id)
			if err != nil {
				if ctx.Err() != nil {
					break // interrupted: the report says what was done
				}
				return nil, err
			}
			// Archived already: no size limit to apply again.
			rec, err := parseRecord(old.Source.Path, orig, parse.Options{Encoding: encoding, MaxSize: parse.MaxSize})
			rep.Reparsed++
			if err != nil {
				rep.Failed++
				rep.Records = append(rep.Records, ReparsedRecord{ID: id, Error: "kept the old fields: " + err.Error()})
				continue
			}
			keepImportWarnings(old, rec.Doc)
			// Corrections win over the parser's values; a parser value
			// that changed to something else than the correction is a
			// conflict to report.
			parser := map[string]string{}
			var conflicts []Conflict
			for name, o := range ovs {
				f, ok := vanban.FieldByName(name)
				if !ok {
					continue
				}
				np := store.StoredForm(f, rec.Doc)
				if np != o.ParserValue {
					parser[name] = np
					if np != o.Value {
						conflicts = append(conflicts, Conflict{Field: name, Correction: o.Value, Parser: np})
					}
				}
				f.DecodeValue(rec.Doc, o.Value)
			}
			if len(ovs) > 0 {
				// The format is checked on the corrected record.
				rec.Doc.Findings = check.Check(rec.Doc, rec.Text).Findings
			}
			sort.Slice(conflicts, func(i, j int) bool { return conflicts[i].Field < conflicts[j].Field })
			changed := vanban.ChangedFields(old, rec.Doc)
			// Spans and findings (derived fields) are rewritten when they
			// differ, without counting as a change of the record.
			derived := false
			for _, f := range vanban.Fields {
				derived = derived || f.Derived && !f.Equal(old, rec.Doc)
			}
			if len(changed) == 0 && len(parser) == 0 && !derived {
				continue
			}
			sort.Strings(changed)
			rec.Original = orig
			ups = append(ups, update{id, old, rec, changed, parser, derived})
			if len(changed) > 0 {
				rep.Changed++
			}
			if derived {
				rep.Rechecked++
			}
			for _, f := range changed {
				rep.Fields[f]++
			}
			rep.Conflicts += len(conflicts)
			if len(changed) > 0 || len(conflicts) > 0 {
				rep.Records = append(rep.Records, ReparsedRecord{ID: id, Fields: changed, Conflicts: conflicts})
			}
		}
		if len(ups) == 0 {
			continue
		}
		// The transaction is not cancelled with ctx: a batch is written
		// whole, then the loop stops.
		w, err := db.BeginWrite(context.Background())
		if err != nil {
			return nil, err
		}
		for _, u := range ups {
			err := w.Update(context.Background(), u.id, u.rec)
			if err == nil {
				err = w.LogReparse(context.Background(), u.id, u.old, u.rec.Doc, u.changed)
			}
			for name, v := range u.parser {
				if err == nil {
					err = w.SetParserValue(context.Background(), u.id, name, v)
				}
			}
			if errors.Is(err, vanban.ErrNotFound) {
				// Deleted by rm since it was read: nothing is written for
				// it, and it is not counted as changed.
				rep.uncount(u.id, u.changed)
				if u.derived {
					rep.Rechecked--
				}
				continue
			}
			if err != nil {
				w.Rollback()
				return nil, err
			}
		}
		if err := w.Commit(); err != nil {
			return nil, err
		}
	}
	return rep, ctx.Err()
}

// uncount takes back the change counted for record id.
func (rep *ReparseReport) uncount(id int64, changed []string) {
	if len(changed) > 0 {
		rep.Changed--
	}
	for _, f := range changed {
		if rep.Fields[f]--; rep.Fields[f] == 0 {
			delete(rep.Fields, f)
		}
	}
	for k := range rep.Records {
		if rep.Records[k].ID == id && rep.Records[k].Error == "" {
			rep.Records = append(rep.Records[:k], rep.Records[k+1:]...)
			break
		}
	}
}
