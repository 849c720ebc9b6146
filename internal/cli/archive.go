package cli

import (
	"context"
	"fmt"
	"regexp"

	"github.com/vanban/vanban/internal/postgres"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// openArchive opens the archive named by --db.
func (app *App) openArchive(ctx context.Context, readOnly bool) (store.Store, error) {
	if postgres.IsURL(app.DBPath) {
		db, err := postgres.Open(ctx, app.DBPath, postgres.OpenOptions{ReadOnly: readOnly})
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("interrupted while opening the archive %s; nothing was changed: %w", postgres.Mask(app.DBPath), context.Canceled)
			}
			return nil, &hintError{err: err, hint: "check the URL of --db or $VANBAN_DB, and the PostgreSQL server (PGHOST, PGUSER, PGPASSWORD, ~/.pgpass are read)"}
		}
		db.SetActor(actor(), app.commandLine)
		return db, nil
	}
	if m := reDBURL.FindStringSubmatch(app.DBPath); m != nil {
		// Another URL is no file: without this, "mysql://u:p@host/db"
		// became a folder "mysql:" holding an SQLite file, and the
		// password was printed as the archive's name.
		masked := reURLPassword.ReplaceAllString(app.DBPath, "${1}***@")
		return nil, usageErrorf("--db %s: a URL vanban cannot use; --db takes the path of an archive file or a postgres:// URL", masked)
	}
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
	db.SetActor(actor(), app.commandLine)
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

// reDBURL matches a --db value that is a URL (scheme://…): no file path.
var reDBURL = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)
