package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// # Checkpoints
//
// In WAL mode every committed page is written twice: to the WAL when its
// transaction commits, and to the database file by a checkpoint, which also
// fsyncs both files. SQLite runs checkpoints in the connection that commits
// (wal_autocheckpoint), so the import's single writer used to stop for each
// one: the copy and, above all, the waits for the disk, about a sixth of an
// import's time. An archive opened for writing therefore checkpoints on a
// connection of its own while the writer goes on:
//
//   - every ckptEvery commits the writer asks the background connection for
//     a checkpoint (PASSIVE: it never blocks the writer, nor readers);
//   - the background connection checkpoints again while its last pass found
//     many new frames (committed meanwhile), so that it ends close behind the
//     writer;
//   - at its next commit the writer copies the few frames left itself. It
//     has to: the WAL starts again from its beginning only when a write
//     transaction begins with every frame copied, otherwise it would grow
//     without end.
//
// Durability is SQLite's own: the same checkpoints, only on another
// connection. wal_autocheckpoint stays in the DSN as a safety valve: should
// the background fall behind (another process reading an old snapshot, say),
// the writer checkpoints itself at that size, as before.

// ckptEvery is how many commits the writer makes between background
// checkpoints at most (an import's commit writes 1,000 to 3,000 pages of
// 16 KB up to 100,000 documents). Fewer when commits are larger (FTS5 merges
// make them ten times larger at a million documents), so that the WAL, about
// every+1 commits long, stays near walAutoCheckpoint frames.
const ckptEvery = 4

// ckptSmallPass is the number of frames under which a background pass counts
// as caught up.
const ckptSmallPass = 512

// ckptMaxPasses bounds the background passes of one round.
const ckptMaxPasses = 8

// ckptRoundStart and ckptRoundEnd, when set (by tests), are called as each
// background round starts, and as it ends before the writer may see it.
var ckptRoundStart, ckptRoundEnd func()

type checkpointer struct {
	mu      sync.Mutex
	kick    chan struct{} // a round of background checkpoints, please
	stopped chan struct{} // closed when the goroutine has ended
	caught  chan struct{} // closed when the running round has ended
	running bool
	commits int // since the WAL last started again
	every   int // commits between rounds now (1..ckptEvery; 0 means ckptEvery)
}

// afterCommit is called by a writer after each commit it makes.
func (d *DB) afterCommit() {
	d.ckptMu.Lock()
	c := d.ckpt
	if c == nil {
		c = &checkpointer{}
		d.ckpt = c
	}
	d.ckptMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.commits++
	if c.running {
		select {
		case <-c.caught:
		default:
			return // the background is still copying
		}
		// Copy what was committed during the round, before the writer's next
		// transaction begins, so that the transaction restarts the WAL.
		// Errors are SQLite's to report on the next write (a checkpoint
		// loses nothing: the frames stay in the WAL).
		var busy, log, done sql.NullInt64
		if err := d.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err == nil && log.Int64 > 0 {
			c.every = roundEvery(log.Int64, c.commits)
		}
		c.running, c.commits = false, 0
		return
	}
	if c.every == 0 {
		c.every = ckptEvery
	}
	if c.commits < c.every {
		return
	}
	if c.kick == nil && !d.startCheckpointer(c) {
		return
	}
	c.caught = make(chan struct{})
	c.running = true
	c.kick <- struct{}{}
}

// roundEvery is the number of commits between background rounds for commits
// of the size seen: frames written by that many commits.
func roundEvery(frames int64, commits int) int {
	perCommit := max(frames/int64(max(commits, 1)), 1)
	return int(min(max(walAutoCheckpoint/perCommit, 1), ckptEvery))
}

// startCheckpointer gives c its connection and goroutine. It reports false
// (and the writer's own autocheckpoints go on) if no connection can be had.
func (d *DB) startCheckpointer(c *checkpointer) bool {
	conn, err := d.db.Conn(context.Background())
	if err != nil {
		return false
	}
	// The checkpoints read pages through this connection's cache: keep it
	// small (the default would add its 24 MB to the import's peak memory).
	if _, err := conn.ExecContext(context.Background(), "PRAGMA cache_size = -256"); err != nil {
		conn.Close()
		return false
	}
	c.kick, c.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(c.stopped)
		defer func() {
			// Back to the pool as the DSN made it.
			_, _ = conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", cacheSize))
			conn.Close()
		}()
		for range c.kick {
			c.mu.Lock()
			caught := c.caught
			c.mu.Unlock()
			if ckptRoundStart != nil {
				ckptRoundStart()
			}
			prev := int64(0)
			for pass := 0; pass < ckptMaxPasses; pass++ {
				var busy, log, done sql.NullInt64
				err := conn.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
				if err != nil || busy.Int64 != 0 || done.Int64-prev < ckptSmallPass {
					break
				}
				prev = done.Int64
			}
			if ckptRoundEnd != nil {
				ckptRoundEnd()
			}
			close(caught)
		}
	}()
	return true
}

// stopCheckpointer ends the background checkpoints (before Close).
func (d *DB) stopCheckpointer() {
	d.ckptMu.Lock()
	c := d.ckpt
	d.ckpt = nil
	d.ckptMu.Unlock()
	if c == nil {
		return
	}
	c.mu.Lock()
	kick := c.kick
	c.kick = nil
	c.mu.Unlock()
	if kick != nil {
		close(kick)
		<-c.stopped
	}
}
