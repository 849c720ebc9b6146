package cli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"time"

	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/web"
)

func newServeCmd(app *App) *cobra.Command {
	var addr string
	var open bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "The archive in a browser: search with facets, records on their text, stats",
		Long: `Serve a read-only web view of the archive: search and browse with the query
language and the filters of the command line (as URL parameters: /?q=dang+uy&
issuer=…&type=…&from=…&to=…), facets with counts, a record's fields marked
on its original text, its references both ways and format findings, and
statistics as charts. Every page has a JSON twin: add .json to the path
(/search.json, /doc/12.json, /stats.json) or send Accept: application/json.

The archive is opened read-only and the server answers GET and HEAD only:
it never writes. It listens on 127.0.0.1:8080 by default, reachable from
this machine alone, and answers only requests addressed to it by that name
(127.0.0.1, localhost); an --addr outside loopback makes the archive visible
to the network, and vanban says so. An import running meanwhile shows up on
reload. Ctrl-C stops the server.` + exitStatusHelp,
		Example: `  vanban serve
  vanban serve --addr 127.0.0.1:9000 --open
  curl -s 'http://127.0.0.1:8080/search.json?q=phong+chong+dich&year=2021'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.runServe(cmd.Context(), addr, open)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	cmd.Flags().BoolVar(&open, "open", false, "open the page in the browser")
	return cmd
}

// webFilter builds a filter from URL parameters by the rules of the
// filter flags.
func webFilter(get func(string) string) (vanban.Filter, error) {
	ff := filterFlags{issuer: get("issuer"), typ: get("type"), from: get("from"), to: get("to"), year: get("year"),
		signer: get("signer"), place: get("place"), system: get("system"), symbol: get("symbol"), finding: get("finding"),
		inForce: get("in_force") != "" && get("in_force") != "0" && get("in_force") != "false"}
	return ff.filter()
}

func (app *App) runServe(ctx context.Context, addr string, open bool) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usageErrorf("--addr %q: want host:port, such as 127.0.0.1:8080", addr)
	}
	db, err := app.openReader(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	bound := ln.Addr().String()
	srv, err := web.New(db, web.Options{Addr: bound, Filter: webFilter, Log: log.New(app.Err, "vanban serve: ", log.LstdFlags)})
	if err != nil {
		ln.Close()
		return err
	}
	if !web.IsLoopback(bound) {
		fmt.Fprintf(app.Err, "vanban: warning: listening on %s, outside loopback: anyone who can reach this machine can read the archive %s\n", bound, db.Path())
	}
	url := "http://" + bound + "/"
	if !app.Quiet {
		fmt.Fprintf(app.Err, "serving %s read-only at %s (Ctrl-C to stop)\n", db.Path(), url)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second, ErrorLog: log.New(app.Err, "vanban serve: ", 0)}
	if open {
		openBrowser(url)
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil // Ctrl-C is how a server stops: not an error
	}
}

// openBrowser opens url in the desktop's browser, best effort.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
