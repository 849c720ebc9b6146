// Package postgres keeps a vanban archive in a PostgreSQL database, in a
// schema of its own (default vanban), through github.com/jackc/pgx/v5 (pure
// Go). It implements store.Store like the SQLite engine: the same records,
// the same duplicate key, the same filters, and the same search (the query
// compiled to a tsquery from one parsed vanban.Query, the hits ranked by
// store.Ranker).
//
// Connection: a postgres:// or postgresql:// URL, completed by libpq's
// environment as pgx reads it (PGHOST, PGPORT, PGUSER, PGPASSWORD,
// PGDATABASE, PGSERVICE and the service file, PGSSLMODE, ~/.pgpass); the
// URL parameter schema=NAME chooses the schema. The password never appears
// in Path, messages or errors.
//
// Schema: numbered migrations (migrations/*.sql) applied under an advisory
// lock, in one transaction each; the schema's meta table stamps it as
// vanban's. vanban refuses a schema that exists without that stamp, and
// never reads or writes outside its schema.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vanban/vanban/internal/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// App is the stamp of a vanban schema (meta key "app").
const App = "vanban"

// DefaultSchema is the schema of an archive whose URL names none.
const DefaultSchema = "vanban"

// ErrNoArchive is wrapped by the error of a read-only open of a schema
// that does not exist yet.
var ErrNoArchive = errors.New("does not exist yet (vanban import creates it)")

// DB is an open PostgreSQL archive.
type DB struct {
	pool   *pgxpool.Pool
	name   string // the URL without its password, and the schema
	schema string
	Now    func() time.Time
	// Actor and Command are who runs the writes and how, for the history.
	Actor, Command string
	readOnly       bool
	wrote          atomic.Bool // records were written: Close merges the GIN pending lists
}

// OpenOptions say how to open an archive.
type OpenOptions struct {
	ReadOnly bool // never write; the schema must exist
}

// IsURL reports whether s names a PostgreSQL database (postgres:// or
// postgresql://).
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

var (
	reSchema           = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)
	reUserinfoPassword = regexp.MustCompile(`^([^:/]+://[^:@/]*:)[^@]*@`)
)

// Mask returns the URL u with its password replaced by ***; anything
// else as it is.
func Mask(u string) string {
	if !IsURL(u) {
		return u
	}
	p, err := url.Parse(u)
	if err != nil {
		// Not parseable: mask anything between :// and @.
		return reUserinfoPassword.ReplaceAllString(u, "${1}***@")
	}
	if _, ok := p.User.Password(); ok {
		p.User = url.UserPassword(p.User.Username(), "***")
	}
	s := p.String()
	return strings.Replace(s, "%2A%2A%2A@", "***@", 1)
}

// Open opens (creating the schema if needed, unless ReadOnly) the archive
// in the database at rawURL.
func Open(ctx context.Context, rawURL string, opt OpenOptions) (*DB, error) {
	masked := Mask(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("archive %s: not a valid URL", masked)
	}
	q := u.Query()
	schema := DefaultSchema
	if s := q.Get("schema"); s != "" {
		schema = s
	}
	if !reSchema.MatchString(schema) {
		return nil, fmt.Errorf("archive %s: schema %q: want lower-case letters, digits and _ (at most 63), starting with a letter", masked, schema)
	}
	q.Del("schema")
	u.RawQuery = q.Encode()
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		return nil, fmt.Errorf("archive %s: %s", masked, scrub(err.Error(), cfg))
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.ConnConfig.RuntimeParams["application_name"] = "vanban"
	cfg.MaxConns = 4
	cfg.AfterConnect = registerTSVector
	if !opt.ReadOnly {
		// A writer's GIN entries wait in a pending list of 64 MB (not
		// 4 MB) before they are merged into the index: merging them in
		// larger runs cut the server's CPU for an import by a sixth.
		// Close merges what is left (cleanPending), so that searches do
		// not scan a long list.
		cfg.ConnConfig.RuntimeParams["gin_pending_list_limit"] = "65536"
	}
	d := &DB{name: describe(cfg, schema), schema: schema, Now: time.Now, readOnly: opt.ReadOnly}
	if opt.ReadOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
		// A reading command runs each statement once or a few times: a
		// prepared statement cost a round trip more than it saved (the
		// dozen statements of a search, each prepared, then run).
		cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, d.errorf("connect", err)
	}
	d.pool = pool
	if opt.ReadOnly {
		err = d.checkVersion(ctx)
	} else {
		err = d.migrate(ctx)
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	return d, nil
}

// describe names the archive for messages: user@host:port/database and
// the schema, never the password.
func describe(cfg *pgxpool.Config, schema string) string {
	c := cfg.ConnConfig
	host := c.Host
	if strings.HasPrefix(host, "/") {
		host = "[" + host + "]"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s (schema %s)", c.User, host, c.Port, c.Database, schema)
}

// scrub removes a password from an error text.
func scrub(msg string, cfg *pgxpool.Config) string {
	if cfg != nil && cfg.ConnConfig.Password != "" {
		msg = strings.ReplaceAll(msg, cfg.ConnConfig.Password, "***")
	}
	return msg
}

// errorf wraps a database error for people: what failed, on which archive,
// the server's message (never the password).
func (d *DB) errorf(what string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Detail != "" {
			msg += " (" + pe.Detail + ")"
		}
		switch pe.Code {
		case "25006":
			msg = "the archive was opened read-only"
		case "42501":
			msg += "; the database user needs rights on schema " + d.schema
		}
		return &dbError{fmt.Sprintf("%s %s %s: %s", what, prep(what), d.name, msg), err}
	}
	return &dbError{fmt.Sprintf("%s %s %s: %s", what, prep(what), d.name, d.scrub(err.Error())), err}
}

func (d *DB) scrub(s string) string {
	if d.pool != nil {
		return scrub(s, d.pool.Config())
	}
	return s
}

// prep is the preposition after what: "connect to", "import into", else
// "on".
func prep(what string) string {
	switch what {
	case "connect":
		return "to"
	case "import", "copy":
		return "into"
	}
	return "on"
}

// dbError is an error told for people (msg, without a password) that
// keeps the driver's error for errors.Is/As.
type dbError struct {
	msg string
	err error
}

func (e *dbError) Error() string { return e.msg }
func (e *dbError) Unwrap() error { return e.err }

// Close merges the GIN pending lists this process filled (see Open) and
// closes the connections.
func (d *DB) Close() error {
	if d.wrote.Load() {
		d.cleanPending()
	}
	d.pool.Close()
	return nil
}

// cleanPending merges the pending entries of the archive's GIN indexes
// into them. A failure is no error of the command (autovacuum merges
// them later).
func (d *DB) cleanPending() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	d.pool.Exec(ctx, `SELECT gin_clean_pending_list(c.oid) FROM pg_class c
		WHERE c.relname IN ('fts_tsv', 'fts_head', 'documents_signer') AND c.relnamespace = $1::regnamespace`, d.schema)
}

// Path names the archive: the URL without its password, and the schema.
func (d *DB) Path() string { return d.name }

// Pool gives tests the connections.
func (d *DB) Pool() *pgxpool.Pool { return d.pool }

// SetActor names who writes and with which command line, for the history.
// They are stored escaped (toDB): a command line can name a file whose
// name is not UTF-8.
func (d *DB) SetActor(actor, command string) { d.Actor, d.Command = toDB(actor), toDB(command) }

func (d *DB) now() string { return d.Now().UTC().Format(time.RFC3339) }

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

// lockKey is the advisory lock of the schema's migrations and of the
// cross-record part of every commit.
func (d *DB) lockKey() string { return "vanban:" + d.schema }

// migrate creates or upgrades the schema, holding the advisory lock so
// that two processes opening a new archive at once do not both do it.
func (d *DB) migrate(ctx context.Context) error {
	names, err := migrations()
	if err != nil {
		return err
	}
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return d.errorf("connect", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext($1))`, d.lockKey()+":migrate"); err != nil {
		return d.errorf("lock the schema", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock(hashtext($1))`, d.lockKey()+":migrate")
	v, err := d.version(ctx, conn.Conn())
	if err != nil {
		return err
	}
	if v > len(names) {
		return fmt.Errorf("archive %s has schema version %d, newer than this vanban (%d): upgrade vanban", d.name, v, len(names))
	}
	for ; v < len(names); v++ {
		src, err := migrationFS.ReadFile(names[v])
		if err != nil {
			return err
		}
		err = pgx.BeginFunc(ctx, conn.Conn(), func(tx pgx.Tx) error {
			if v == 0 {
				if _, err := tx.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{d.schema}.Sanitize()); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, string(src)); err != nil {
				return fmt.Errorf("apply %s: %w", names[v], err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('app', $1), ('schema_version', $2)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, App, strconv.Itoa(v+1))
			return err
		})
		if err != nil {
			return d.errorf("create the archive's tables", err)
		}
	}
	return nil
}

// version reads the schema's stamp: 0 when the schema does not exist; an
// error when it exists and is not vanban's.
func (d *DB) version(ctx context.Context, conn *pgx.Conn) (int, error) {
	// The server's encoding and whether the schema exists, in one round
	// trip (the connection is made by it).
	var exists bool
	var enc string
	if err := conn.QueryRow(ctx, `SELECT current_setting('server_encoding'), EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, d.schema).Scan(&enc, &exists); err != nil {
		return 0, d.errorf("read the schema", err)
	}
	if enc != "UTF8" {
		return 0, fmt.Errorf("archive %s: the database's encoding is %s; vanban needs a UTF8 database (createdb -E UTF8 -T template0 …)", d.name, enc)
	}
	if !exists {
		return 0, nil
	}
	var app, ver string
	err := conn.QueryRow(ctx, `SELECT (SELECT value FROM meta WHERE key = 'app'), (SELECT value FROM meta WHERE key = 'schema_version')`).Scan(&app, &ver)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42P01" || err == nil && app != App {
		return 0, fmt.Errorf("archive %s: schema %s exists and was not created by vanban; choose another with ?schema=NAME in the URL", d.name, d.schema)
	}
	if err != nil {
		return 0, d.errorf("read the schema's version", err)
	}
	v, err := strconv.Atoi(ver)
	if err != nil {
		return 0, fmt.Errorf("archive %s: schema version %q unreadable", d.name, ver)
	}
	return v, nil
}

// checkVersion verifies a read-only archive's stamp and schema.
func (d *DB) checkVersion(ctx context.Context) error {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return d.errorf("connect", err)
	}
	defer conn.Release()
	v, err := d.version(ctx, conn.Conn())
	switch {
	case err != nil:
		return err
	case v == 0:
		return fmt.Errorf("archive %s: %w", d.name, ErrNoArchive)
	case v > SchemaVersion():
		return fmt.Errorf("archive %s has schema version %d, newer than this vanban (%d): upgrade vanban", d.name, v, SchemaVersion())
	}
	return nil
}

var _ store.Store = (*DB)(nil)
