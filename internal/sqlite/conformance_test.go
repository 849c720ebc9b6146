package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/store/storetest"
)

// TestConformance runs the store.Store suite on SQLite archive files.
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Engine{Name: "sqlite", New: func(t *testing.T) func() store.Store {
		path := filepath.Join(t.TempDir(), "a.db")
		return func() store.Store {
			db, err := Open(context.Background(), path, OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
	}})
}
