package postgres

import (
	"context"
	"testing"

	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/store/storetest"
)

// TestConformance runs the store.Store suite on PostgreSQL archives.
func TestConformance(t *testing.T) {
	pgtest.URL(t)
	storetest.Run(t, storetest.Engine{Name: "postgres", New: func(t *testing.T) func() store.Store {
		url := pgtest.Archive(t)
		return func() store.Store {
			db, err := Open(context.Background(), url, OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
	}})
}
