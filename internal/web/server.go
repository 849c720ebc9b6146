// Package web is vanban's read-only web view (vanban serve): search and
// browse with facets, a record on its original text with the span of each
// field marked, and statistics drawn as SVG, each page with a JSON twin
// (a ".json" suffix, or Accept: application/json).
//
// It never writes: the archive is opened read-only by the caller, and only
// GET and HEAD are answered. Document text is untrusted: templates escape
// everything (html/template), a Content-Security-Policy allows only the
// server's own stylesheet and script, and the Host header is checked
// against the bound address when it is a loopback one (DNS rebinding).
// Every request has a time limit. Nothing under the server reads a file:
// templates and assets are embedded, documents come from the archive.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/vanban/vanban/internal/vanban"
)

//go:embed templates/*.html static/*
var files embed.FS

// Options configure a Server.
type Options struct {
	// Addr is the address the server is bound to (host:port): a loopback
	// host makes the server answer only requests naming it (or localhost)
	// in their Host header.
	Addr string
	// Filter builds a filter from the URL's parameters, by the rules of
	// the command line's filter flags (the caller's; errors are the
	// user's: bad dates, unknown systems).
	Filter func(get func(name string) string) (vanban.Filter, error)
	// RequestTimeout bounds each request (default 15 s).
	RequestTimeout time.Duration
	// FacetBudget bounds the facet counts of a page (default 120 ms):
	// counts not done by then are left out, and the page says so.
	FacetBudget time.Duration
	// Log receives server errors (nil: discarded).
	Log *log.Logger
}

// Server answers the web view's requests.
type Server struct {
	db   vanban.Archive
	opt  Options
	tmpl *template.Template
	mux  *http.ServeMux
}

// New returns a Server over db (opened read-only by the caller).
func New(db vanban.Archive, opt Options) (*Server, error) {
	if opt.RequestTimeout <= 0 {
		opt.RequestTimeout = 15 * time.Second
	}
	if opt.FacetBudget <= 0 {
		opt.FacetBudget = 120 * time.Millisecond
	}
	if opt.Filter == nil {
		opt.Filter = func(func(string) string) (vanban.Filter, error) { return vanban.Filter{}, nil }
	}
	t, err := template.New("").Funcs(funcs).ParseFS(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s := &Server{db: db, opt: opt, tmpl: t, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /{$}", s.searchPage)
	s.mux.HandleFunc("GET /search", s.searchPage)
	s.mux.HandleFunc("GET /search.json", s.searchPage)
	s.mux.HandleFunc("GET /doc/{name}", s.docPage)
	s.mux.HandleFunc("GET /doc/{id}/original", s.original)
	s.mux.HandleFunc("GET /doc/{id}/refs.json", s.refsJSON)
	s.mux.HandleFunc("GET /stats", s.statsPage)
	s.mux.HandleFunc("GET /stats.json", s.statsPage)
	s.mux.HandleFunc("GET /static/{file}", s.static)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "no such page: "+r.URL.Path)
	})
	return s, nil
}

// csp lets a page use only the server's own stylesheet and script; inline
// SVG needs nothing more.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// ServeHTTP checks the method and the Host, sets the safety headers and a
// time limit, and routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "vanban serve is read-only: GET and HEAD only", http.StatusMethodNotAllowed)
		return
	}
	if !s.hostAllowed(r.Host) {
		http.Error(w, "unknown Host header: this server answers only the address it is bound to", http.StatusMisdirectedRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			s.logf("panic serving %s: %v", r.URL.Path, v)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

// hostAllowed reports whether a request's Host names this server: when it
// is bound to a loopback address, only that address, localhost, 127.0.0.1
// or [::1] with its port (a page elsewhere cannot reach it by a DNS name
// resolving to 127.0.0.1); bound elsewhere, any (the user chose to expose
// it).
func (s *Server) hostAllowed(host string) bool {
	bh, bp, err := net.SplitHostPort(s.opt.Addr)
	if err != nil {
		return true // no address given (tests of the handler alone)
	}
	if ip := net.ParseIP(bh); bh != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return true
	}
	hh, hp, err := net.SplitHostPort(host)
	if err != nil {
		hh, hp = host, "80"
	}
	if hp != bp {
		return false
	}
	switch strings.ToLower(strings.Trim(hh, "[]")) {
	case "localhost", "127.0.0.1", "::1", strings.Trim(bh, "[]"):
		return true
	}
	return false
}

// IsLoopback reports whether addr (host:port) binds only this machine.
func IsLoopback(addr string) bool {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) logf(format string, a ...any) {
	if s.opt.Log != nil {
		s.opt.Log.Printf(format, a...)
	}
}

// wantJSON: the JSON twin is asked for by a ".json" path or by Accept.
func wantJSON(r *http.Request) bool {
	if strings.HasSuffix(r.URL.Path, ".json") {
		return true
	}
	a := r.Header.Get("Accept")
	return strings.Contains(a, "application/json") && !strings.Contains(a, "text/html")
}

// errorPage is what a failed request shows.
type errorPage struct {
	Status  int    `json:"status"`
	Message string `json:"error"`
	Query   string `json:"query,omitempty"`
	// Pos is the character of the query where the problem is (from 1; 0:
	// not a query error).
	Pos int `json:"position,omitempty"`
}

// fail answers an error, as HTML or JSON.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.failPage(w, r, errorPage{Status: status, Message: msg})
}

func (s *Server) failPage(w http.ResponseWriter, r *http.Request, p errorPage) {
	if p.Status >= 500 {
		s.logf("%s: %s", r.URL.Path, p.Message)
	}
	if wantJSON(r) {
		writeJSON(w, p.Status, p)
		return
	}
	s.render(w, r, p.Status, "error.html", map[string]any{"Title": http.StatusText(p.Status), "Error": p})
}

// failErr answers err: a record that does not exist is 404, what an older
// archive cannot answer yet 409, a request cut by its time limit 503,
// anything else 500.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, vanban.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, err.Error())
	case errors.Is(err, vanban.ErrOlderArchive):
		s.fail(w, r, http.StatusConflict, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		s.fail(w, r, http.StatusServiceUnavailable, "the request took too long; narrow it with filters or a more telling query")
	case errors.Is(err, context.Canceled):
		// The client went away.
	default:
		s.fail(w, r, http.StatusInternalServerError, err.Error())
	}
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	var b strings.Builder
	if err := s.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		s.logf("template %s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		fmt.Fprint(w, b.String())
	}
}

// static serves the embedded stylesheet and script.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := fs.ReadFile(files, path.Join("static", path.Base(name)))
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "no such file")
		return
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		w.Header().Set("Content-Type", t)
	}
	w.Header().Set("Cache-Control", "max-age=3600")
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}
