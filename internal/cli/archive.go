package cli

import (
	"context"
	"fmt"

	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
)

// openArchive opens the archive named by --db.
func (app *App) openArchive(ctx context.Context, readOnly bool) (*sqlite.DB, error) {
	db, err := sqlite.Open(ctx, app.DBPath, sqlite.OpenOptions{ReadOnly: readOnly})
	if err != nil {
		if ctx.Err() != nil {
			// Ctrl-C while the archive was being opened or its schema
			// created: nothing was written (the migration is one
			// transaction), and the path is not at fault.
			return nil, fmt.Errorf("interrupted while opening the archive %s; nothing was changed: %w", app.DBPath, context.Canceled)
		}
		return nil, &hintError{err: err, hint: "choose the archive with --db PATH or $VANBAN_DB"}
	}
	db.Actor, db.Command = actor(), app.commandLine
	return db, nil
}

// openReader opens the archive for the commands that read it (and rm):
// through App.Open when a test injects an archive, else the file of --db,
// read-only unless write is set.
func (app *App) openReader(ctx context.Context, write bool) (vanban.Archive, error) {
	if app.Open != nil {
		return app.Open(ctx)
	}
	return app.openArchive(ctx, !write)
}
