package cli

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// openArchive opens the archive named by --db.
func (app *App) openArchive(ctx context.Context, readOnly bool) (store.Store, error) {
	if m := reDBURL.FindStringSubmatch(app.DBPath); m != nil {
		// A URL is no file: without this, "postgres://u:p@host/db" became
		// a folder "postgres:" holding an SQLite file, and the password
		// was printed as the archive's name.
		masked := reURLPassword.ReplaceAllString(app.DBPath, "${1}***@")
		if s := strings.ToLower(m[1]); s == "postgres" || s == "postgresql" {
			return nil, usageErrorf("--db %s: PostgreSQL archives are not supported by this version of vanban yet; --db takes the path of an archive file", masked)
		}
		return nil, usageErrorf("--db %s: a URL, not a file path; --db takes the path of an archive file", masked)
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
