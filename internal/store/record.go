package store

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// Record is what an archive stores for one document.
type Record struct {
	Doc           *vanban.Document // parsed fields; Doc.Source is set
	Original      []byte           // the file's bytes, verbatim
	Text          string           // decoded, normalised text
	TextSHA256    []byte           // SHA-256 of Text: the duplicate key
	ParserVersion string
	// FTS holds the folded texts to index (FTSValues), BodyS2 the
	// compressed body (CompressBody), OriginalS2 and TextS2 the compressed
	// original bytes and text; computed by the caller (Prepare) so that the
	// single writer neither folds nor compresses. Nil means compute here.
	FTS        []any
	BodyS2     []byte
	OriginalS2 []byte
	TextS2     []byte
	// TextIsOriginal says Text is the original bytes as they are (their
	// hashes agree), when Original is not kept: no text is stored then.
	TextIsOriginal bool
	// Cols holds the documents row (Columns), also computed by the caller.
	Cols []any
	// Engine is what the engine's Preparer computed for its writer.
	Engine any
	// ID, when not 0, is the id the record keeps (vanban copy): Put stores
	// it under that id, writes no history line (the archive's history is
	// copied with it) and adds no possible-duplicate warnings (the record
	// has them).
	ID int64
}

// Prepare computes, off the writer, everything Put would otherwise compute:
// the documents row, the folded index texts and the compressed original,
// text and body. It consumes the record: Original, Text and Doc.Body are
// emptied once their stored forms are made.
func (r *Record) Prepare() {
	// In the order that lets each large input go as soon as its stored
	// form is made: the original, the text, then the body (a document of
	// tens of megabytes would otherwise hold all of them at once).
	if r.OriginalS2 == nil {
		r.OriginalS2 = CompressOriginal(r.Original)
	}
	large := len(r.Text) > LargeRecord || len(r.Doc.Body) > LargeRecord
	if !r.TextIsOriginal {
		FreeMemory(large)
		r.TextS2 = CompressText(r.Text, r.Original)
	}
	r.Original, r.Text = nil, ""
	r.Cols = Columns(r)
	FreeMemory(large)
	r.BodyS2 = CompressBody(r.Doc.Body)
	r.FTS = FTSValues(r.Doc)
	r.Doc.Body = ""
}

// Stored returns the stored forms of r, computing those Prepare did not:
// the documents row, the compressed original, text and body, the folded
// index texts. The record's own copies are let go (a writer consumes it).
func (r *Record) Stored() (cols []any, orig, text, body []byte, fts []any) {
	cols = r.Cols
	if cols == nil {
		cols = Columns(r)
	}
	orig, text, body = r.OriginalS2, r.TextS2, r.BodyS2
	if orig == nil {
		orig = CompressOriginal(r.Original)
		text = CompressText(r.Text, r.Original)
	}
	if body == nil {
		body = CompressBody(r.Doc.Body)
	}
	fts = r.FTS
	if fts == nil {
		fts = FTSValues(r.Doc)
	}
	r.OriginalS2, r.TextS2, r.BodyS2, r.FTS = nil, nil, nil, nil
	return cols, orig, text, body, fts
}

// LargeRecord is the size of text or body above which Prepare gives the
// program's free memory back to the system before compressing it.
const LargeRecord = 8 << 20

// FreeMemory returns free heap pages to the system when large: s2 makes
// its output in a buffer of the worst case (a little over the input's
// size) and writes only the compressed bytes; in fresh pages only those
// become resident, but in pages the program touched before (the parse's)
// the whole buffer stays resident for as long as the record waits to be
// written. An import of a 25 MB document peaked at 89 or 114 MB from run
// to run for that alone.
func FreeMemory(large bool) {
	if large {
		debug.FreeOSMemory()
	}
}

// FTSValues are the folded texts indexed for a record: subject, body,
// issuer (with its parent), recipients, signer.
func FTSValues(d *vanban.Document) []any {
	return []any{
		vntext.Fold(vanban.Title(d)),
		vntext.Fold(d.Body),
		vntext.Fold(strings.TrimSpace(d.ParentIssuer + " " + d.Issuer)),
		vntext.Fold(strings.Join(d.Recipients, "\n")),
		vntext.Fold(strings.TrimSpace(strings.Join(d.SignerAuthority, " ") + " " + d.SignerTitle + " " + d.SignerName)),
	}
}

// The documents row is derived from vanban.Fields: the stored fields in
// field order, then the storage's own columns, then the folded copies. No
// list of columns is written out anywhere else, so a field added to the
// table (and a migration adding its column, in each engine) is written,
// updated and read without another edit.

// StoredFields are the fields kept in the documents row.
var StoredFields = func() []vanban.Field {
	var out []vanban.Field
	for _, f := range vanban.Fields {
		if f.StorageColumn() != "" {
			out = append(out, f)
		}
	}
	return out
}()

// foldedFields are the fields with a folded copy.
var foldedFields = func() []vanban.Field {
	var out []vanban.Field
	for _, f := range vanban.Fields {
		if f.FoldColumn != "" {
			out = append(out, f)
		}
	}
	return out
}()

// ownColumns are the storage's columns that are no field of the record.
var ownColumns = []string{"parser_version", "source_path", "source_size", "source_sha256", "imported_at"}

// SourceColumns are the columns of a record's source, which a reparse keeps.
var SourceColumns = []string{"source_path", "source_size", "source_sha256", "imported_at"}

// WriteColumns are the columns Columns fills, after text_sha256.
var WriteColumns = func() []string {
	var out []string
	for _, f := range StoredFields {
		out = append(out, f.StorageColumn())
	}
	out = append(out, ownColumns...)
	for _, f := range foldedFields {
		out = append(out, f.FoldColumn)
	}
	return out
}()

// colIndex is the position of a column in Columns' values (text_sha256 is 0).
var colIndex = func() map[string]int {
	m := map[string]int{"text_sha256": 0}
	for i, c := range WriteColumns {
		m[c] = i + 1
	}
	return m
}()

// Columns returns the values of the documents row of r, in the order of
// text_sha256 and WriteColumns.
func Columns(r *Record) []any {
	d := r.Doc
	src := d.Source
	if src == nil {
		src = &vanban.Source{}
	}
	out := make([]any, 0, 1+len(WriteColumns))
	out = append(out, r.TextSHA256)
	for _, f := range StoredFields {
		out = append(out, f.EncodeValue(d))
	}
	out = append(out, r.ParserVersion, src.Path, src.Size, src.SHA256, src.ImportedAt)
	for _, f := range foldedFields {
		out = append(out, vntext.Fold(f.String(d)))
	}
	return out
}

// Column returns the value of column c in the values of Columns.
func Column(cols []any, c string) any { return cols[colIndex[c]] }

// UpdateColumns are the columns a reparse or correction rewrites: every
// column of Columns but text_sha256 and the source's.
var UpdateColumns = func() []string {
	var cols []string
	for _, c := range WriteColumns {
		if !vanban.Contains(SourceColumns, c) {
			cols = append(cols, c)
		}
	}
	return cols
}()

// UpdateValues are the values of UpdateColumns for r.
func UpdateValues(r *Record) []any {
	cols := Columns(r)
	args := make([]any, 0, len(UpdateColumns))
	for _, c := range UpdateColumns {
		args = append(args, Column(cols, c))
	}
	return args
}

// Override is a corrected field of a record.
type Override struct {
	Field       string `json:"field"`
	Value       string `json:"value"`        // stored form (Field.EncodeValue)
	ParserValue string `json:"parser_value"` // the parser's value, in the same form
	Actor       string `json:"actor"`
	At          string `json:"at"`
}

// Change is one row of the history.
type Change struct {
	Seq     int64  `json:"seq"`
	At      string `json:"at"`
	Actor   string `json:"actor"`
	Command string `json:"command"`
	ID      int64  `json:"id"`
	Action  string `json:"action"`
	Field   string `json:"field"`
	Old     string `json:"old"`
	New     string `json:"new"`
}

// Trashed is a deleted record whose original bytes are kept until purge.
type Trashed struct {
	ID        int64  `json:"id"`
	DeletedAt string `json:"deleted_at"`
	Actor     string `json:"actor"`
	Symbol    string `json:"symbol"`
	Type      string `json:"type"`
	Path      string `json:"source_path"`
}

// StoredForm is the stored form of field f of d as overrides keep it (the
// text of a text field, JSON of a list).
func StoredForm(f vanban.Field, d *vanban.Document) string {
	return fmt.Sprint(f.EncodeValue(d))
}

// HistoryValue is how the history writes a field's value: its text, but
// the body by its size (a body can be megabytes; the original bytes are
// kept anyway).
func HistoryValue(f vanban.Field, d *vanban.Document) string {
	if f.Name == "body" {
		return fmt.Sprintf("(%d bytes)", len(d.Body))
	}
	return f.Text(d)
}

// DupKey is a record's (symbol, issuer, date), folded: records sharing it
// with different texts are possible duplicates of each other.
type DupKey [3]string

// PossibleDuplicates decides the possible-duplicate warnings a batch
// brings, the same in every engine: groups are the ids sharing a key
// (ascending), stored the records' warnings as stored (JSON), inBatch the
// batch's documents by id. Each record of a group gets a warning naming
// each other record of it, unless both are older than the batch (they were
// warned when the second came). It returns the new warnings (JSON) of the
// records to update, and adds them to the batch's documents.
func PossibleDuplicates(groups map[DupKey][]int64, stored map[int64]string, inBatch map[int64]*vanban.Document) map[int64]string {
	out := map[int64]string{}
	for _, ids := range groups {
		if len(ids) < 2 {
			continue
		}
		for _, id := range ids {
			var ws []vanban.Warning
			_ = json.Unmarshal([]byte(stored[id]), &ws)
			changed := false
			for _, other := range ids {
				if other == id || inBatch[id] == nil && inBatch[other] == nil {
					continue
				}
				wn := vanban.DuplicateWarning(other)
				ws = append(ws, wn)
				if doc := inBatch[id]; doc != nil {
					doc.Warnings = append(doc.Warnings, wn)
				}
				changed = true
			}
			if changed {
				b, _ := json.Marshal(ws)
				out[id] = string(b)
			}
		}
	}
	return out
}
