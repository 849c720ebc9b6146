// Package store is the seam between the commands and the engines that keep
// an archive: what a record is stored as (Record, its documents row and
// compressed texts, the same for every engine), and the interfaces an
// engine implements to be written to (Store, Writer).
//
// Engines: internal/sqlite (one archive file) and internal/postgres (a
// schema in a PostgreSQL database). The use-case code (internal/archive:
// import, reparse; internal/cli: corrections, rm, purge, log) drives a
// Store and never names an engine; internal/cli/archive.go chooses one from
// --db.
package store

import (
	"context"

	"github.com/vanban/vanban/internal/vanban"
)

// Store is an archive that can be read and written.
type Store interface {
	vanban.Archive
	vanban.Relater
	// Lookup returns the id of the record holding the text of SHA-256
	// textSHA256, 0 if none.
	Lookup(ctx context.Context, textSHA256 []byte) (int64, error)
	// IDs returns every record id in ascending order.
	IDs(ctx context.Context) ([]int64, error)
	// BeginWrite starts a write transaction; it waits for another writer
	// rather than failing.
	BeginWrite(ctx context.Context) (Writer, error)
	// Overrides returns the corrected fields of record id, by field name.
	Overrides(ctx context.Context, id int64) (map[string]Override, error)
	// History returns the history of record id, oldest first.
	History(ctx context.Context, id int64) ([]Change, error)
	// TrashedOriginal returns the kept original bytes of deleted record
	// id, or an error wrapping vanban.ErrNotFound.
	TrashedOriginal(ctx context.Context, id int64) ([]byte, *Trashed, error)
	// Purge drops the kept originals of deleted records (ids; none: all)
	// and returns how many.
	Purge(ctx context.Context, ids []int64) (int, error)
	// SetActor names who writes and with which command line, for the
	// history.
	SetActor(actor, command string)
}

// Writer writes records in one transaction. Use it from one goroutine.
// Nothing it wrote is visible to others before Commit, and nothing of it
// stays after Rollback or a failed Commit.
type Writer interface {
	// Put stores r whole, or reports the record whose text it duplicates
	// (dupOf > 0, nothing stored): the engine decides, so that two
	// importers at once store a text once. A record sharing symbol,
	// issuer and date with another of different text is stored, and both
	// get a possible-duplicate warning when the transaction commits.
	Put(ctx context.Context, r *Record) (id, dupOf int64, err error)
	// Update replaces the parsed fields of record id (reparse, correction),
	// keeping its original bytes and source; an error wrapping
	// vanban.ErrNotFound when the record is gone.
	Update(ctx context.Context, id int64, r *Record) error
	// Count is the number of records put or updated in this transaction.
	Count() int
	Commit() error
	Rollback() error
	// LogReparse records in the history the fields a reparse changed.
	LogReparse(ctx context.Context, id int64, old, new *vanban.Document, fields []string) error
	// LogCorrection records a correction (action set or unset) of field.
	LogCorrection(ctx context.Context, id int64, action, field, old, new string) error
	// SetOverride keeps value (stored form) as the corrected value of
	// field, and parserValue as what the parser read.
	SetOverride(ctx context.Context, id int64, field, value, parserValue string) error
	// SetParserValue updates what the parser read under an override.
	SetParserValue(ctx context.Context, id int64, field, value string) error
	// DropOverride removes the correction of field.
	DropOverride(ctx context.Context, id int64, field string) error
}

// Preparer is an engine that computes part of what it stores off the
// writer: the import's parse workers call PrepareRecord (after
// Record.Prepare) in parallel, and the engine's Put uses Record.Engine.
type Preparer interface {
	PrepareRecord(r *Record)
}

// BatchPutter is a Writer that stores records a group at a time (one round
// trip to a database server for many records). PutBatch is Put for each
// of recs, in order, the results in order: a record whose text an earlier
// record of recs (or of the archive) holds is its duplicate. An error
// leaves the transaction to be rolled back.
type BatchPutter interface {
	PutBatch(ctx context.Context, recs []*Record) ([]PutResult, error)
}

// PutResult is the outcome of one record of PutBatch: its new id, or the
// record it duplicates.
type PutResult struct {
	ID, DupOf int64
}

// Copier is an engine an archive can be copied out of and into whole
// (vanban copy): records with their ids, original bytes, texts and
// fields, then corrections, history and the kept originals of deleted
// records.
type Copier interface {
	Store
	// CopyOut calls fn with each record of id > after, in id order,
	// whole: ID and Doc.ID set, the body in Doc, OriginalS2 and TextS2 as
	// stored (TextS2 nil: the text is the original bytes), the text hash
	// and parser version. Put stores such a record as it is.
	CopyOut(ctx context.Context, after int64, fn func(*Record) error) error
	// CopyMeta returns the corrections, history and trash.
	CopyMeta(ctx context.Context) (*Meta, error)
	// CopyMetaIn stores m in one transaction, into an archive whose
	// history holds none of it, and raises the id floor to m.IDFloor.
	CopyMetaIn(ctx context.Context, m *Meta) error
	// TextHashes returns the text hash of every record of id <= upTo.
	TextHashes(ctx context.Context, upTo int64) (map[int64]string, error)
}

// Meta is what an archive holds besides its records.
type Meta struct {
	Overrides []OverrideRow
	History   []Change
	Trash     []TrashRow
	// IDFloor is the largest id the archive ever gave (deleted records'
	// included): no record of the copy may take one at or below it.
	IDFloor int64
}

// OverrideRow is a correction of record ID.
type OverrideRow struct {
	ID int64
	Override
}

// TrashRow is a deleted record's kept original.
type TrashRow struct {
	Trashed
	SourceSHA256       string
	OriginalS2, TextS2 []byte
}
