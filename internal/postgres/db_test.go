package postgres

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vanban/vanban/internal/postgres/pgtest"
)

// TestRefusesForeignSchema: a schema vanban did not create is refused and
// left as it is; a schema newer than this vanban is refused; a read-only
// open of a schema not created yet says so and creates nothing; a bad
// schema name is refused before connecting.
func TestRefusesForeignSchema(t *testing.T) {
	ctx := context.Background()
	u := pgtest.Archive(t)
	schema := mustSchema(t, u)
	conn, err := pgx.Connect(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Read-only, not created yet: ErrNoArchive, nothing made.
	if _, err := Open(ctx, u, OpenOptions{ReadOnly: true}); !errors.Is(err, ErrNoArchive) {
		t.Fatalf("read-only open of a missing schema: %v", err)
	}
	var n int
	conn.QueryRow(ctx, `SELECT count(*) FROM pg_namespace WHERE nspname = $1`, schema).Scan(&n)
	if n != 0 {
		t.Fatal("a read-only open created the schema")
	}
	// Another program's schema.
	for _, q := range []string{`CREATE SCHEMA ` + schema, `CREATE TABLE ` + schema + `.documents (x int)`, `INSERT INTO ` + schema + `.documents VALUES (7)`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(ctx, u, OpenOptions{ReadOnly: ro})
		if err == nil || !strings.Contains(err.Error(), "was not created by vanban") {
			t.Errorf("open (read-only %v) of a foreign schema: %v", ro, err)
		}
	}
	var x int
	if err := conn.QueryRow(ctx, `SELECT x FROM `+schema+`.documents`).Scan(&x); err != nil || x != 7 {
		t.Errorf("the foreign table was touched: %v %d", err, x)
	}
	// A schema of a newer vanban.
	if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, u, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := conn.Exec(ctx, `UPDATE `+schema+`.meta SET value = '999' WHERE key = 'schema_version'`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, u, OpenOptions{}); err == nil || !strings.Contains(err.Error(), "newer than this vanban") {
		t.Errorf("open of a newer schema: %v", err)
	}
	// Names that are no schema name never reach the server.
	for _, bad := range []string{"Vanban", "a-b", "x;drop", strings.Repeat("a", 64)} {
		v := url.Values{"schema": {bad}}
		if _, err := Open(ctx, "postgres://u:pw@127.0.0.1:1/db?"+v.Encode(), OpenOptions{}); err == nil || !strings.Contains(err.Error(), "schema") || strings.Contains(err.Error(), "pw") {
			t.Errorf("schema %q: %v", bad, err)
		}
	}
}

func mustSchema(t *testing.T, u string) string {
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return p.Query().Get("schema")
}

// TestMask: passwords are masked in every URL form.
func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h/db":                  "postgres://u:***@h/db",
		"postgresql://u:p%40ss@h:5433/db?sslmode=x": "postgresql://u:***@h:5433/db?sslmode=x",
		"postgres://u@h/db":                         "postgres://u@h/db",
		"archive.db":                                "archive.db",
		"/tmp/a b.db":                               "/tmp/a b.db",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
