package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newRmCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "rm ID...",
		Short: "Delete records from the archive",
		Long: `Delete the records ID... from every listing, search and index. When any ID
names no record, nothing is deleted. Their original bytes are kept until
vanban purge (vanban show --raw ID prints them), and vanban log ID shows
the deletion.` + exitStatusHelp,
		Example: `  vanban rm 12
  vanban list --issuer "bo y te" --format tsv --fields id --no-header | xargs vanban rm`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := parseIDs(args)
			if err != nil {
				return err
			}
			db, err := app.openReader(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			missing, err := db.Delete(cmd.Context(), ids)
			if err != nil {
				return err
			}
			if len(missing) > 0 {
				var s []string
				for _, id := range missing {
					s = append(s, fmt.Sprintf("#%d", id))
				}
				return fmt.Errorf("no record %s in %s; nothing was deleted", strings.Join(s, ", "), db.Path())
			}
			if !app.Quiet {
				fmt.Fprintf(app.Err, "deleted %d records\n", len(ids))
			}
			return nil
		},
	}
}
