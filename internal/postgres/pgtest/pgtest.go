// Package pgtest gives tests a PostgreSQL archive of their own: the server
// is named by $VANBAN_TEST_POSTGRES (a postgres:// URL of a database the
// tests may create schemas in); each archive is a fresh schema, dropped when
// the test ends. Without the variable the tests skip, except under CI
// ($CI set), where they fail: .ci/run starts a throwaway server and sets it.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable naming the server.
const Env = "VANBAN_TEST_POSTGRES"

// URL returns the server's URL, or skips t (fails it under CI).
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("$%s is not set: under CI the PostgreSQL tests must run (.ci/run starts a server)", Env)
		}
		t.Skipf("$%s is not set: no PostgreSQL server to test against (README: Tests)", Env)
	}
	return u
}

var seq atomic.Int64

// Archive returns the URL of a new, empty archive (a schema no one uses)
// on the server, dropped when t ends.
func Archive(t testing.TB) string {
	t.Helper()
	base := URL(t)
	schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, seq.Add(1))
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("$%s: %v", Env, err)
	}
	q := u.Query()
	q.Set("schema", schema)
	u.RawQuery = q.Encode()
	t.Cleanup(func() { Drop(t, base, schema) })
	return u.String()
}

// Drop removes schema from the server.
func Drop(t testing.TB, base, schema string) {
	u, _ := url.Parse(base)
	q := u.Query()
	q.Del("schema")
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Logf("drop schema %s: %v", schema, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil && !strings.Contains(err.Error(), "does not exist") {
		t.Logf("drop schema %s: %v", schema, err)
	}
}
