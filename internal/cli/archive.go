package cli

import (
	"context"

	"github.com/vanban/vanban/internal/sqlite"
)

// openArchive opens the archive named by --db.
func (app *App) openArchive(ctx context.Context, readOnly bool) (*sqlite.DB, error) {
	db, err := sqlite.Open(ctx, app.DBPath, sqlite.OpenOptions{ReadOnly: readOnly})
	if err != nil {
		return nil, &hintError{err: err, hint: "choose the archive with --db PATH or $VANBAN_DB"}
	}
	return db, nil
}
