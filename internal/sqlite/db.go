// Package sqlite is vanban's archive: one SQLite file (modernc.org/sqlite,
// pure Go) holding every record, its original bytes and a full-text index.
//
// # Opening
//
// Open refuses, before touching the file, a path that is a folder, a file
// that is not SQLite, and an SQLite file stamped with another application's
// id: none of them is ever modified. A new or empty file is stamped with
// ApplicationID and migrated. Connection settings are in the DSN so that
// every pooled connection has them: busy timeout, foreign keys, WAL,
// synchronous=NORMAL (safe against process crashes in WAL mode), and
// BEGIN IMMEDIATE transactions so that two writers queue instead of failing.
//
// # Migrations
//
// migrations/NNNN_name.sql are applied in order, each in its own
// transaction; PRAGMA user_version counts the applied files. Released files
// are never edited. A read-only open accepts an older schema and reads it as
// it is (every reader handles each released version); the next writing open
// upgrades it.
//
// # Storage and checkpoints
//
// See compress.go (original bytes, text and body as S2 blocks, checked
// against the import's SHA-256 on read) and checkpoint.go (checkpoints on a
// background connection).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vanban/vanban/internal/store"
	driver "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// ApplicationID stamps vanban archives ("VBN1").
const ApplicationID = 0x56424E31

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotArchive is returned for a file that is not a vanban archive.
var ErrNotArchive = errors.New("not a vanban archive")

// DB is an open archive.
type DB struct {
	db   *sql.DB
	path string
	Now  func() time.Time

	schema int // the file's schema version (older ones are read as they are)
	// Actor and Command are who runs the writes and how, for the history
	// (schema 7): $VANBAN_USER or the OS user, and the command line.
	Actor, Command string

	ckptMu sync.Mutex
	ckpt   *checkpointer // background checkpoints (checkpoint.go)
}

// OpenOptions say how to open an archive.
type OpenOptions struct {
	ReadOnly bool // never write; the file must exist
}

// Open opens (creating if needed, unless ReadOnly) the archive at path.
func Open(ctx context.Context, path string, opt OpenOptions) (*DB, error) {
	if path == "" {
		return nil, errors.New("no archive path given")
	}
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		// SQLite's in-memory database and URI names: an import into one
		// would "succeed" and keep nothing.
		return nil, fmt.Errorf("archive %s: not a file; give the path of an archive file", path)
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("archive %s: is a folder, not a file", path)
	case err == nil && !fi.Mode().IsRegular():
		// /dev/null, a FIFO, a device: SQLite would write a journal beside
		// it, or hang reading it.
		return nil, fmt.Errorf("archive %s: not a regular file (a device, a pipe or a socket)", path)
	case err == nil:
		if err := checkHeader(path); err != nil {
			return nil, err
		}
	case errors.Is(err, os.ErrNotExist):
		if opt.ReadOnly {
			return nil, fmt.Errorf("archive %s does not exist yet (vanban import creates it)", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create folder for archive %s: %w", path, err)
		}
	default:
		return nil, fmt.Errorf("archive %s: %w", path, err)
	}
	if !opt.ReadOnly {
		if err := checkWritable(path); err != nil {
			return nil, err
		}
		if err := initFile(ctx, path); err != nil {
			return nil, err
		}
	}
	d0 := dsn(path, opt.ReadOnly)
	if opt.ReadOnly && readImmutable(path) {
		d0 = strings.Replace(d0, "?mode=ro&", "?mode=ro&immutable=1&", 1)
	}
	db, err := sql.Open("sqlite", d0)
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	d := &DB{db: db, path: path, Now: time.Now}
	if err := d.ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if opt.ReadOnly {
		if err := d.checkVersion(ctx); err != nil {
			db.Close()
			return nil, err
		}
		return d, nil
	}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	d.schema = SchemaVersion()
	if err := d.fillHead(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := d.fillLinks(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// walAutoCheckpoint is the WAL size, in frames (pages), at which a writer
// checkpoints itself (256 MB with 16 KiB pages); see checkpoint.go.
const walAutoCheckpoint = 16384

// cacheSize is each connection's page cache (PRAGMA cache_size: negative
// means KiB).
const cacheSize = -24576

// mmapSize is how much of the file a read-only connection maps into memory
// (PRAGMA mmap_size) instead of reading page by page: a listing sorted by
// date visits the rows out of file order, and one pread per page was half
// its time (list --format tsv of 100,000 records: 1.33 s with pread, 0.8 s
// mapped). Mapped pages are the operating system's file cache, shared and
// reclaimable, but they count in the process's resident size: a full
// listing of a 800 MB archive shows about 480 MB "RSS" of which 50 MB is
// the program's own. Writers keep reading with pread. vanban never shrinks
// the file; a VACUUM run by another program during a listing could make
// the mapped reader fail, as SQLite documents for memory-mapped I/O.
const mmapSize = 1073741824

func dsn(path string, readOnly bool) string {
	p := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	q := "_pragma=busy_timeout(30000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(" + strconv.Itoa(cacheSize) + ")&_pragma=wal_autocheckpoint(" + strconv.Itoa(walAutoCheckpoint) + ")&_txlock=immediate"
	if readOnly {
		return "file:" + p + "?mode=ro&" + q + "&_pragma=mmap_size(" + strconv.Itoa(mmapSize) + ")"
	}
	return "file:" + p + "?" + q + "&_pragma=journal_mode(WAL)"
}

func (d *DB) ping(ctx context.Context) error {
	if err := d.db.PingContext(ctx); err != nil {
		return fmt.Errorf("open archive %s: %w", d.path, friendly(err))
	}
	return nil
}

// SQLite's primary result codes that friendly rewords.
const (
	codeReadOnly = 8
	codeCorrupt  = 11
	codeCantOpen = 14
	codeNotADB   = 26
)

// friendly rewords the SQLite errors that users meet, by result code; the
// original error stays in the chain (errors.Is and errors.As see it).
func friendly(err error) error {
	var se *driver.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case codeNotADB, codeCorrupt:
		return fmt.Errorf("the file is damaged or not SQLite (%w)", err)
	case codeReadOnly:
		return fmt.Errorf("the archive is read-only (%w)", err)
	case codeCantOpen:
		return fmt.Errorf("cannot open the file (%w)", err)
	}
	return err
}

// checkHeader reads the 100-byte SQLite header without opening the file
// with SQLite, so that a foreign file is never modified.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("archive %s: %w", path, err)
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if n == 0 && (err == io.EOF) {
		return nil // empty file: a new archive
	}
	if err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("archive %s: %w: not an SQLite file", path, ErrNotArchive)
	}
	appID := binary.BigEndian.Uint32(h[68:72])
	schemaCookie := binary.BigEndian.Uint32(h[40:44])
	switch {
	case appID == ApplicationID:
		return nil
	case appID == 0 && schemaCookie == 0 && h[18] == 2 && h[19] == 2 && binary.BigEndian.Uint16(h[16:18]) == PageSize:
		// Our own creation, interrupted before the schema: initFile had
		// set WAL mode (format bytes 2/2) and vanban's page size.
		return nil
	case appID == 0 && schemaCookie == 0:
		// An empty SQLite file of another program: opening it for
		// writing would switch it to WAL mode and leave -wal/-shm files.
		return fmt.Errorf("archive %s: %w: an empty SQLite file that vanban did not create; it was left untouched", path, ErrNotArchive)
	case appID == 0:
		return fmt.Errorf("archive %s: %w: an SQLite file of another program (no vanban stamp); it was left untouched", path, ErrNotArchive)
	}
	return fmt.Errorf("archive %s: %w: an SQLite file of another program (application_id %#x); it was left untouched", path, ErrNotArchive, appID)
}

// checkWritable fails early, with a clear message, when the archive or its
// folder cannot be written.
func checkWritable(path string) error {
	if fi, err := os.Stat(path); err == nil {
		if fi.Mode().Perm()&0o222 == 0 {
			return fmt.Errorf("archive %s is read-only", path)
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("archive %s: %w", path, err)
		}
		return f.Close()
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".vanban-write-test-*")
	if err != nil {
		return fmt.Errorf("cannot create archive %s: %w", path, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// PageSize of new archives: 16 KiB pages hold a whole document and its
// index rows with fewer overflow pages than the default 4 KiB.
const PageSize = 16384

// initFile gives a new (absent or empty) archive file its page size before
// WAL mode fixes it.
func initFile(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return nil
	}
	p := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	db, err := sql.Open("sqlite", "file:"+p+"?_pragma=busy_timeout(30000)")
	if err != nil {
		return fmt.Errorf("create archive %s: %w", path, err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("create archive %s: %w", path, friendly(err))
	}
	defer conn.Close()
	var n int64
	if err := conn.QueryRowContext(ctx, "PRAGMA page_count").Scan(&n); err != nil || n > 0 {
		return err // another process got there first, or an error to report
	}
	// Two processes creating the archive at once both get here; switching
	// to WAL takes a lock that SQLite does not wait for, so the loser is
	// told "database is locked". It waits, and is done once the winner's
	// file exists.
	var err2 error
	for try := 0; try < 100; try++ {
		if try > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
			if err := conn.QueryRowContext(ctx, "PRAGMA page_count").Scan(&n); err == nil && n > 0 {
				return nil
			}
		}
		if _, err2 = conn.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", PageSize)); err2 != nil {
			continue
		}
		if _, err2 = conn.ExecContext(ctx, "PRAGMA journal_mode = WAL"); err2 == nil {
			return nil
		}
	}
	return fmt.Errorf("create archive %s: %w", path, friendly(err2))
}

// Close closes the archive.
func (d *DB) Close() error {
	d.stopCheckpointer()
	return d.db.Close()
}

// Path is the archive's file name.
func (d *DB) Path() string { return d.path }

// SQL gives the underlying database to the archive's own sub-packages and
// tests.
func (d *DB) SQL() *sql.DB { return d.db }

func migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// SchemaVersion is the number of migrations this build knows.
func SchemaVersion() int {
	n, _ := migrations()
	return len(n)
}

// migrate applies the pending migrations, each in its own IMMEDIATE
// transaction, so that two processes opening a new archive at once do not
// both apply them.
func (d *DB) migrate(ctx context.Context) error {
	names, err := migrations()
	if err != nil {
		return err
	}
	for {
		tx, err := d.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate archive %s: %w", d.path, friendly(err))
		}
		var v, app int64
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			tx.Rollback()
			return fmt.Errorf("read schema version of %s: %w", d.path, friendly(err))
		}
		if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
			tx.Rollback()
			return fmt.Errorf("read application id of %s: %w", d.path, friendly(err))
		}
		if app != ApplicationID && v != 0 {
			tx.Rollback()
			return fmt.Errorf("archive %s: %w (application_id %#x)", d.path, ErrNotArchive, app)
		}
		if int(v) > len(names) {
			tx.Rollback()
			return fmt.Errorf("archive %s has schema version %d, newer than this vanban (%d): upgrade vanban", d.path, v, len(names))
		}
		if int(v) == len(names) {
			return tx.Rollback()
		}
		src, err := migrationFS.ReadFile(names[v])
		if err != nil {
			tx.Rollback()
			return err
		}
		if v == 0 {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
				tx.Rollback()
				return fmt.Errorf("stamp archive %s: %w", d.path, err)
			}
		}
		if _, err := tx.ExecContext(ctx, string(src)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate archive %s: apply %s: %w", d.path, names[v], err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate archive %s: %w", d.path, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate archive %s: %w", d.path, friendly(err))
		}
	}
}

// checkVersion verifies a read-only archive's stamp and schema.
func (d *DB) checkVersion(ctx context.Context) error {
	var v, app int64
	if err := d.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read archive %s: %w", d.path, friendly(err))
	}
	if err := d.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return fmt.Errorf("read archive %s: %w", d.path, friendly(err))
	}
	switch {
	case app != ApplicationID:
		return fmt.Errorf("archive %s: %w", d.path, ErrNotArchive)
	case v < 1:
		return fmt.Errorf("archive %s has no schema yet; run vanban import to create it", d.path)
	case int(v) > SchemaVersion():
		return fmt.Errorf("archive %s has schema version %d, newer than this vanban (%d): upgrade vanban", d.path, v, SchemaVersion())
	}
	// An older schema is read as it is (every reader handles each version);
	// the next writing command upgrades it.
	d.schema = int(v)
	return nil
}

// readImmutable says whether a read-only open must not create the -shm (and
// -wal) files SQLite keeps beside a WAL archive: when the folder is not
// writable (read-only media, a shared folder), SQLite could not create them
// and the archive could not be read at all; when the archive belongs to
// another user, files this user created would lock the owner out of his
// own archive. The archive is then opened immutable, which reads the main
// file alone: right when no -wal holds committed pages, which is the case
// once the last writer closed (it checkpoints and removes the WAL).
func readImmutable(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	walSize := int64(0)
	if w, err := os.Stat(path + "-wal"); err == nil {
		walSize = w.Size()
	}
	uid := -1
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		uid = int(st.Uid)
	}
	return chooseImmutable(syscall.Access(filepath.Dir(path), 2 /* W_OK */) == nil, uid, os.Geteuid(), walSize)
}

// chooseImmutable is readImmutable's rule, apart from the file system.
func chooseImmutable(dirWritable bool, fileUID, euid int, walSize int64) bool {
	if walSize > 0 {
		return false // committed pages may wait in the WAL: read it
	}
	if !dirWritable {
		return true
	}
	return fileUID >= 0 && euid != 0 && fileUID != euid
}

// SetActor names who writes and with which command line, for the history.
func (d *DB) SetActor(actor, command string) { d.Actor, d.Command = actor, command }

var _ store.Store = (*DB)(nil)
