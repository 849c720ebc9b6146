package postgres

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/web"
)

// TestWebSameAsSQLite: vanban serve answers alike on both engines: the
// JSON twins of the search, browse, record, references and stats pages,
// and the HTML pages' status.
func TestWebSameAsSQLite(t *testing.T) {
	ctx := context.Background()
	pgURL := pgtest.Archive(t)
	pgw, err := Open(ctx, pgURL, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	litePath := filepath.Join(t.TempDir(), "a.db")
	litew, err := sqlite.Open(ctx, litePath, sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := archive.Run(ctx, litew, archive.Options{Paths: []string{"../../testdata/corpus"}, Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := archive.Run(ctx, pgw, archive.Options{Paths: []string{"../../testdata/corpus"}, Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	litew.Close()
	pgw.Close()
	// Served read-only, as vanban serve opens them.
	pg, err := Open(ctx, pgURL, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite, err := sqlite.Open(ctx, litePath, sqlite.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	serve := func(db vanban.Archive) *web.Server {
		s, err := web.New(db, web.Options{Addr: "127.0.0.1:8080", Filter: func(get func(string) string) (vanban.Filter, error) {
			return vanban.Filter{System: get("system")}, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := serve(lite), serve(pg)
	// Timings and the archive's name differ by nature.
	volatile := regexp.MustCompile(`"(took_ms|elapsed_ms|archive|imported_at)":\s*("[^"]*"|[0-9.]+)`)
	for _, target := range []string{
		"/search.json", "/search.json?q=phong+chong+dich", "/search.json?q=thue&sort=date", "/search.json?q=nghi*&system=state", "/search.json?q=%2271-CV%2FTU%22",
		"/search.json?offset=10&limit=5", "/doc/3.json", "/doc/12.json", "/doc/3/refs.json", "/stats.json", "/", "/?q=thanh+tra", "/doc/5", "/stats",
	} {
		get := func(s *web.Server) (int, string) {
			r := httptest.NewRequest("GET", target, nil)
			r.Host = "127.0.0.1:8080"
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			return w.Code, volatile.ReplaceAllString(w.Body.String(), `"$1":_`)
		}
		ca, ba := get(a)
		cb, bb := get(b)
		if ca != 200 || cb != 200 {
			t.Errorf("%s: %d on SQLite, %d on PostgreSQL", target, ca, cb)
			continue
		}
		if filepath.Ext(target) == ".json" || regexp.MustCompile(`\.json\?`).MatchString(target) {
			if len(ba) < 100 {
				t.Errorf("%s: %d bytes: %s", target, len(ba), ba)
			}
			if ba != bb {
				t.Errorf("%s differs:\n sqlite   %.300s\n postgres %.300s", target, ba, bb)
			}
		}
	}
}
