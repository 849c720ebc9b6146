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
	return app.openNamed(ctx, "--db", app.DBPath, readOnly)
}

// openNamed opens the archive name (a file path or a postgres:// URL)
// given by flag.
func (app *App) openNamed(ctx context.Context, flag, name string, readOnly bool) (store.Store, error) {
	if postgres.IsURL(name) {
		db, err := postgres.Open(ctx, name, postgres.OpenOptions{ReadOnly: readOnly})
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("interrupted while opening the archive %s; nothing was changed: %w", postgres.Mask(name), context.Canceled)
			}
			return nil, &hintError{err: err, hint: "check the URL of " + flag + ", and the PostgreSQL server (PGHOST, PGUSER, PGPASSWORD, ~/.pgpass are read)"}
		}
		db.SetActor(actor(), app.commandLine)
		return db, nil
	}
	if m := reDBURL.FindStringSubmatch(name); m != nil {
		// Another URL is no file: without this, "mysql://u:p@host/db"
		// became a folder "mysql:" holding an SQLite file, and the
		// password was printed as the archive's name.
		masked := reURLPassword.ReplaceAllString(name, "${1}***@")
		return nil, usageErrorf("%s %s: a URL vanban cannot use; %s takes the path of an archive file or a postgres:// URL", flag, masked, flag)
	}
	db, err := sqlite.Open(ctx, name, sqlite.OpenOptions{ReadOnly: readOnly})
	if err != nil {
		if ctx.Err() != nil {
			// Ctrl-C while the archive was being opened or its schema
			// created: nothing was written (the migration is one
			// transaction), and the path is not at fault.
			return nil, fmt.Errorf("interrupted while opening the archive %s; nothing was changed: %w", name, context.Canceled)
		}
		hint := "choose the archive with --db PATH or $VANBAN_DB"
		if flag != "--db" {
			hint = "check the path of " + flag
		}
		return nil, &hintError{err: err, hint: hint}
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
