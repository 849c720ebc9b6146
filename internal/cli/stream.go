package cli

import (
	"context"
	"runtime/debug"

	"github.com/vanban/vanban/internal/vanban"
)

// streamRecords reads the records opt selects from db on one goroutine and
// writes them with write on the caller's: reading (SQLite, decompression)
// and rendering (JSON, CSV…) each get a core. Records travel in small
// batches, in order; memory stays bounded by a few batches. An error on
// either side stops both.
func streamRecords(ctx context.Context, db vanban.Archive, opt vanban.ListOptions, write func(*vanban.Document) error) error {
	// Records are garbage as soon as they are written: collecting less
	// often costs a few megabytes and saves a tenth of the time.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	const batch = 64
	ch := make(chan []*vanban.Document, 4)
	errc := make(chan error, 1)
	go func() {
		defer close(ch)
		buf := make([]*vanban.Document, 0, batch)
		err := db.List(ctx, opt, func(d *vanban.Document) error {
			buf = append(buf, d)
			if len(buf) == batch {
				select {
				case ch <- buf:
				case <-ctx.Done():
					return ctx.Err()
				}
				buf = make([]*vanban.Document, 0, batch)
			}
			return nil
		})
		if err == nil && len(buf) > 0 {
			select {
			case ch <- buf:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		errc <- err
	}()
	var werr error
	for docs := range ch {
		if werr != nil {
			continue // drain so that the reader ends
		}
		for _, d := range docs {
			if werr = write(d); werr != nil {
				cancel()
				break
			}
		}
	}
	rerr := <-errc
	if werr != nil {
		return werr
	}
	return rerr
}
