package archive

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// CopyOptions say how Copy reports.
type CopyOptions struct {
	BatchSize int // records a transaction (default 500)
	// Progress, when set, is called after each committed batch with the
	// records copied so far and the source's count.
	Progress func(done, total int64)
}

// CopyReport is what Copy did and checked.
type CopyReport struct {
	Records   int64 `json:"records"`   // records in the source
	Copied    int64 `json:"copied"`    // copied by this run
	Resumed   int64 `json:"resumed"`   // found in the target from an earlier run
	Overrides int   `json:"overrides"` // corrections copied
	History   int   `json:"history"`   // history rows copied
	Trash     int   `json:"trash"`     // kept originals of deleted records copied
	// Verified: every record of the target equals the source's (fields,
	// source, text hash), and every original read back matches the
	// SHA-256 taken at import.
	Verified int64 `json:"verified"`
}

// Copy copies the archive from into to: every record under its id, with
// its original bytes, texts, fields and source, then the corrections, the
// history and the kept originals of deleted records; then verifies the
// copy record by record. The target must be empty or hold an earlier,
// interrupted copy of the same source (the same texts under the same ids,
// from the first id on): the copy goes on after the last record it holds.
func Copy(ctx context.Context, from, to store.Copier, opt CopyOptions) (*CopyReport, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	rep := &CopyReport{}
	var err error
	if rep.Records, err = from.Count(ctx); err != nil {
		return nil, err
	}
	// Where an earlier copy stopped.
	toIDs, err := to.IDs(ctx)
	if err != nil {
		return nil, err
	}
	var after int64
	if len(toIDs) > 0 {
		after = toIDs[len(toIDs)-1]
		mine, err := to.TextHashes(ctx, after)
		if err != nil {
			return nil, err
		}
		theirs, err := from.TextHashes(ctx, after)
		if err != nil {
			return nil, err
		}
		if len(mine) != len(theirs) {
			return nil, fmt.Errorf("%s is not empty and is no interrupted copy of %s (%d records up to #%d, the source has %d); copy into an empty archive", to.Path(), from.Path(), len(mine), after, len(theirs))
		}
		for id, h := range mine {
			if theirs[id] != h {
				return nil, fmt.Errorf("%s is not empty and is no interrupted copy of %s (record #%d differs); copy into an empty archive", to.Path(), from.Path(), id)
			}
		}
		rep.Resumed = int64(len(mine))
	}
	// The records, a transaction a batch, in id order: an interrupted
	// copy leaves whole batches, and the next run goes on after them.
	var w store.Writer
	n := 0
	var group []*store.Record // waiting for the engine's PutBatch
	put := func() error {
		if len(group) == 0 {
			return nil
		}
		var res []store.PutResult
		if bp, ok := w.(store.BatchPutter); ok {
			var err error
			if res, err = bp.PutBatch(ctx, group); err != nil {
				return fmt.Errorf("copy records #%d to #%d: %w", group[0].ID, group[len(group)-1].ID, err)
			}
		} else {
			for _, r := range group {
				id, dup, err := w.Put(ctx, r)
				if err != nil {
					return fmt.Errorf("copy record #%d: %w", r.ID, err)
				}
				res = append(res, store.PutResult{ID: id, DupOf: dup})
			}
		}
		for i, r := range group {
			if res[i].DupOf != 0 || res[i].ID != r.ID {
				return fmt.Errorf("copy record #%d: %s holds its text already, as record #%d; copy into an empty archive", r.ID, to.Path(), res[i].DupOf)
			}
		}
		rep.Copied += int64(len(group))
		group = group[:0]
		return nil
	}
	flush := func() error {
		if w == nil {
			return nil
		}
		if err := put(); err != nil {
			return err
		}
		err := w.Commit()
		w, n = nil, 0
		if err == nil && opt.Progress != nil {
			opt.Progress(rep.Resumed+rep.Copied, rep.Records)
		}
		return err
	}
	err = from.CopyOut(ctx, after, func(r *store.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if w == nil {
			if w, err = to.BeginWrite(ctx); err != nil {
				return err
			}
		}
		group = append(group, r)
		if len(group) >= 128 {
			if err := put(); err != nil {
				return err
			}
		}
		if n++; n >= opt.BatchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		if w != nil {
			w.Rollback()
		}
		return rep, fmt.Errorf("%w (%d records copied; run the same copy again to go on)", err, rep.Resumed+rep.Copied)
	}
	// Corrections, history, kept originals: once, in one transaction.
	m, err := from.CopyMeta(ctx)
	if err != nil {
		return rep, err
	}
	have, err := to.CopyMeta(ctx)
	if err != nil {
		return rep, err
	}
	switch {
	case len(have.History) == 0 && len(have.Overrides) == 0 && len(have.Trash) == 0:
		if err := to.CopyMetaIn(ctx, m); err != nil {
			return rep, err
		}
	case len(have.History) != len(m.History) || len(have.Overrides) != len(m.Overrides) || len(have.Trash) != len(m.Trash):
		return rep, fmt.Errorf("%s holds history, corrections or deleted records that are not the source's (%d/%d/%d, the source %d/%d/%d)",
			to.Path(), len(have.History), len(have.Overrides), len(have.Trash), len(m.History), len(m.Overrides), len(m.Trash))
	}
	rep.Overrides, rep.History, rep.Trash = len(m.Overrides), len(m.History), len(m.Trash)
	return rep, verify(ctx, from, to, rep)
}

// verify compares the two archives record by record (every field, the
// source and its SHA-256: the JSON of each, by its hash, so that a large
// archive is not held in memory) and reads every original of the target
// back (Original checks it against its SHA-256).
func verify(ctx context.Context, from, to store.Copier, rep *CopyReport) error {
	opt := vanban.ListOptions{Sort: "id", Limit: -1, Fields: vanban.FieldNames()}
	want := map[int64][sha256.Size]byte{}
	err := from.List(ctx, opt, func(d *vanban.Document) error {
		b, _ := json.Marshal(d)
		want[d.ID] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		return err
	}
	var ids []int64
	err = to.List(ctx, opt, func(d *vanban.Document) error {
		b, _ := json.Marshal(d)
		w, ok := want[d.ID]
		switch {
		case !ok:
			return fmt.Errorf("verify: record #%d of %s is not in %s", d.ID, to.Path(), from.Path())
		case w != sha256.Sum256(b):
			return fmt.Errorf("verify: record #%d differs between %s and %s", d.ID, from.Path(), to.Path())
		}
		ids = append(ids, d.ID)
		return nil
	})
	if err != nil {
		return err
	}
	if len(ids) != len(want) {
		return fmt.Errorf("verify: %d records in %s, %d in %s", len(want), from.Path(), len(ids), to.Path())
	}
	for _, id := range ids {
		if _, _, err := to.Original(ctx, id); err != nil {
			if errors.Is(err, vanban.ErrNotFound) {
				return fmt.Errorf("verify: record #%d has no original in %s", id, to.Path())
			}
			return fmt.Errorf("verify: %w", err)
		}
		rep.Verified++
	}
	return nil
}
