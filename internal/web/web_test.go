package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// hostile is a document whose subject, issuer and body carry markup and
// script: the pages must show it as text.
const hostile = `UỶ BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH <SCRIPT>ALERT(1)</SCRIPT>              Độc lập - Tự do - Hạnh phúc
Số: 07/UBND-VP                           Hà Nội, ngày 05 tháng 01 năm 2021
V/v <script>alert("x")</script> và <img src=x onerror=alert(2)>

Kính gửi: Sở Y tế.

Nội dung "><svg onload=alert(3)> thử nghiệm./.

Nơi nhận:                                 TM. ỦY BAN NHÂN DÂN
- Như trên;                               CHỦ TỊCH
- Lưu: VT.
                                          Nguyễn Văn <b>Bình</b>
`

var (
	archiveOnce sync.Once
	archivePath string
	archiveErr  error
)

// testArchive imports testdata/corpus and the hostile document into an
// archive shared by the tests of the package (read-only).
func testArchive(t testing.TB) string {
	t.Helper()
	archiveOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vanban-web")
		if err != nil {
			archiveErr = err
			return
		}
		archivePath = filepath.Join(dir, "a.db")
		h := filepath.Join(dir, "hostile.txt")
		if archiveErr = os.WriteFile(h, []byte(hostile), 0o644); archiveErr != nil {
			return
		}
		db, err := sqlite.Open(context.Background(), archivePath, sqlite.OpenOptions{})
		if err != nil {
			archiveErr = err
			return
		}
		defer db.Close()
		// The corpus copies, the dev corpus in place when it is beside the
		// repository (as in CI), and the hostile document.
		paths := []string{"../../testdata/corpus", h}
		if _, err := os.Stat("../../../shared/corpus/dev"); err == nil {
			paths = append(paths, "../../../shared/corpus/dev")
		}
		_, archiveErr = archive.Run(context.Background(), db, archive.Options{Paths: paths})
	})
	if archiveErr != nil {
		t.Fatal(archiveErr)
	}
	return archivePath
}

// newTestServer serves the test archive, read-only, with the command
// line's filter rules replaced by a small one (the real one is the CLI's,
// tested there).
func newTestServer(t testing.TB) (*Server, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), testArchive(t), sqlite.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(db, Options{Addr: "127.0.0.1:8080", Filter: func(get func(string) string) (vanban.Filter, error) {
		f := vanban.Filter{System: get("system"), Issuer: get("issuer"), Finding: get("finding")}
		if y := get("year"); y != "" {
			if len(y) != 4 {
				return f, &url.Error{Op: "year", URL: y, Err: os.ErrInvalid}
			}
			f.From, f.To = y+"-01-01", y+"-12-31"
		}
		if t := get("type"); t != "" {
			f.TypeNames = []string{vntext.Fold(t)}
		}
		return f, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

func get(t *testing.T, s http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	r.Host = "127.0.0.1:8080"
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestSearchPage(t *testing.T) {
	s, _ := newTestServer(t)
	w := get(t, s, "/?q=phong+chong+dich")
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, %s", w.Code, w.Header().Get("Content-Type"))
	}
	for _, want := range []string{`id="showing"`, `<mark>`, `href="/doc/`, `class="facet" data-by="type"`, `Công văn`} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	// The query without diacritics finds the documents written with them.
	if !strings.Contains(body, "phòng, chống dịch") {
		t.Errorf("no hit for a query typed without diacritics")
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if w.Header().Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
}

func TestSearchJSON(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/search.json?q=phong+chong+dich", "/search?q=phong+chong+dich"} {
		w := get(t, s, target, "Accept", "application/json")
		var res struct {
			Total      int64             `json:"total"`
			TotalExact bool              `json:"total_exact"`
			Hits       []json.RawMessage `json:"hits"`
			Facets     []facet           `json:"facets"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || w.Code != 200 {
			t.Fatalf("%s: %d %v\n%s", target, w.Code, err, w.Body.String())
		}
		// The matches, then near matches (every word but one), each
		// naming its missing word and counted nowhere.
		matches, near := 0, 0
		for _, h := range res.Hits {
			var m struct{ Missing *string }
			json.Unmarshal(h, &m)
			switch {
			case m.Missing == nil && near > 0:
				t.Errorf("%s: a match after a near match", target)
			case m.Missing == nil:
				matches++
			case *m.Missing == "":
				t.Errorf("%s: a near match without its missing word", target)
			default:
				near++
			}
		}
		if res.Total == 0 || int64(matches) != res.Total || !res.TotalExact || len(res.Facets) != len(facetFields) {
			t.Errorf("%s: total %d exact %v, %d matches, %d facets", target, res.Total, res.TotalExact, matches, len(res.Facets))
		}
		var hit map[string]any
		json.Unmarshal(res.Hits[0], &hit)
		for _, k := range []string{"id", "date", "symbol", "type", "issuer", "subject", "snippet"} {
			if _, ok := hit[k]; !ok {
				t.Errorf("hit lacks %q: %v", k, hit)
			}
		}
	}
}

// TestBrowsePaging pages a listing by key, 5 at a time, to its end: every
// record once, as many as the count says.
func TestBrowsePaging(t *testing.T) {
	s, db := newTestServer(t)
	n, _ := db.Count(context.Background())
	seen := map[float64]bool{}
	next := "/search.json?limit=5"
	var total int64
	for pages := 0; next != "" && pages < 100; pages++ {
		w := get(t, s, next)
		var res struct {
			Total  int64            `json:"total"`
			Offset int              `json:"offset"`
			Next   string           `json:"next"`
			Hits   []map[string]any `json:"hits"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || w.Code != 200 {
			t.Fatalf("%s: %d %v", next, w.Code, err)
		}
		if res.Offset != len(seen) {
			t.Errorf("%s: the page says it starts at %d, %d records came before", next, res.Offset, len(seen))
		}
		total = res.Total
		for _, h := range res.Hits {
			id := h["id"].(float64)
			if seen[id] {
				t.Fatalf("record %v twice", id)
			}
			seen[id] = true
		}
		next = res.Next
	}
	if int64(len(seen)) != n || total != n {
		t.Errorf("paged %d records, count %d, archive %d", len(seen), total, n)
	}
}

// TestFacetLinks: a facet's link adds its value to the filters, and the
// selected value's link removes it.
func TestFacetLinks(t *testing.T) {
	s, _ := newTestServer(t)
	w := get(t, s, "/search.json")
	var res struct {
		Facets []facet `json:"facets"`
	}
	json.Unmarshal(w.Body.Bytes(), &res)
	var sys facet
	for _, f := range res.Facets {
		if f.By == "system" {
			sys = f
		}
	}
	if len(sys.Values) < 2 {
		t.Fatalf("system facet %+v", sys)
	}
	page := get(t, s, "/").Body.String()
	u := "/?system=" + sys.Values[0].Key
	if !strings.Contains(page, `href="`+u+`"`) {
		t.Fatalf("no facet link %s", u)
	}
	w = get(t, s, "/search.json?system="+sys.Values[0].Key)
	var sel struct {
		Total  int64   `json:"total"`
		Facets []facet `json:"facets"`
	}
	json.Unmarshal(w.Body.Bytes(), &sel)
	if sel.Total != sys.Values[0].Count {
		t.Errorf("selecting %s: %d records, the facet said %d", sys.Values[0].Key, sel.Total, sys.Values[0].Count)
	}
	for _, f := range sel.Facets {
		if f.By == "system" && (len(f.Values) != 1 || !f.Values[0].Selected) {
			t.Errorf("selected facet %+v", f)
		}
	}
}

func TestDocPage(t *testing.T) {
	s, db := newTestServer(t)
	ids, _ := db.BySymbol(context.Background(), "275-CV/ĐUK")
	if len(ids) != 1 {
		t.Fatalf("275-CV/ĐUK: %v", ids)
	}
	target := "/doc/" + itoa(ids[0])
	w := get(t, s, target)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("%s: %d", target, w.Code)
	}
	for _, want := range []string{`<mark class="f f-symbol" title="symbol">275-CV/ĐUK</mark>`, `id="L12"`, `href="#L12"`, `Tăng cường lãnh đạo`, `/original" download`} {
		if !strings.Contains(body, want) {
			t.Errorf("record page lacks %q", want)
		}
	}
	// The JSON twin is the record as `vanban show --format json` prints it.
	w = get(t, s, target+".json")
	var d vanban.Document
	if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil || d.Symbol != "275-CV/ĐUK" || len(d.Spans) == 0 {
		t.Errorf("JSON twin: %v %q %d spans", err, d.Symbol, len(d.Spans))
	}
	// The original's bytes, exactly.
	w = get(t, s, target+"/original")
	orig, _, _ := db.Original(context.Background(), ids[0])
	if w.Body.String() != string(orig) || !strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("original: %d bytes, want %d; %q", w.Body.Len(), len(orig), w.Header().Get("Content-Disposition"))
	}
	// References both ways.
	w = get(t, s, target+"/refs.json")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"cites"`) {
		t.Errorf("refs.json: %d %s", w.Code, w.Body.String())
	}
}

// TestHostileText: markup in a document shows as text on every page.
func TestHostileText(t *testing.T) {
	s, db := newTestServer(t)
	ids, _ := db.BySymbol(context.Background(), "07/UBND-VP")
	if len(ids) != 1 {
		t.Fatalf("hostile record: %v", ids)
	}
	for _, target := range []string{"/?q=thu+nghiem", "/?q=alert", "/", "/doc/" + itoa(ids[0]), "/stats", "/?q=%3Cscript%3E"} {
		body := get(t, s, target).Body.String()
		for _, bad := range []string{"<script>alert", "<img src=x", "<svg onload", "<SCRIPT>", "<b>Bình"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: %q unescaped", target, bad)
			}
		}
	}
	body := get(t, s, "/doc/"+itoa(ids[0])).Body.String()
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("the subject is not shown as text")
	}
}

func TestStatsPage(t *testing.T) {
	s, _ := newTestServer(t)
	w := get(t, s, "/stats")
	body := w.Body.String()
	for _, want := range []string{`<svg class="chart"`, `<text class="k"`, `id="stat-year"`, `id="stat-type"`, `Công văn`, `<table class="counts">`} {
		if !strings.Contains(body, want) {
			t.Errorf("stats page lacks %q", want)
		}
	}
	w = get(t, s, "/stats.json")
	var res struct {
		Charts []statsChart `json:"charts"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || len(res.Charts) != 6 || len(res.Charts[2].Counts) == 0 || res.Charts[5].By != "finding" {
		t.Errorf("stats.json: %v %+v", err, res)
	}
}

// TestBadInput: unknown ids, bad parameters, a hostile query, a huge page
// number, other methods and Hosts: an error that says what, never a 500.
func TestBadInput(t *testing.T) {
	s, _ := newTestServer(t)
	for _, c := range []struct {
		target string
		status int
		want   string
	}{
		{"/doc/999999", 404, "no such record"},
		{"/doc/abc", 404, "not a record id"},
		{"/doc/-1", 404, "not a record id"},
		{"/doc/999999/original", 404, ""},
		{"/nowhere", 404, "no such page"},
		{"/static/go.mod", 404, ""},
		{"/static/..%2F..%2Fgo.mod", 404, ""},
		{"/static/..%2F..%2Fweb_test.go", 404, ""},
		{"/?year=20x", 400, ""},
		{"/?q=%22never+closed", 400, "never closed"},
		{"/?q=a+OR", 400, "OR needs a word"},
		{"/?q=" + strings.Repeat("x", 2000), 400, "longer than"},
		{"/?q=dich&offset=99999999999", 400, "offset"},
		{"/?q=dich&offset=-5", 400, "offset"},
		{"/?limit=100000", 400, "limit"},
		{"/?after=nonsense", 400, "after"},
		{"/?sort=title", 400, "sort"},
		{"/?q=dich&sort=title", 400, "sort"},
		{"/?q=zzzzqqq", 200, "No document matches"},
		{"/?q=%00%01%02", 400, ""},
	} {
		w := get(t, s, c.target)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: %d, want %d with %q:\n%.300s", c.target, w.Code, c.status, c.want, w.Body.String())
		}
		if c.status >= 400 {
			wj := get(t, s, c.target, "Accept", "application/json")
			var e errorPage
			if err := json.Unmarshal(wj.Body.Bytes(), &e); err != nil && wj.Code != 404 {
				t.Errorf("%s: the JSON error is no JSON: %v", c.target, err)
			}
		}
	}
	// The position of a query's error.
	w := get(t, s, "/search.json?q=ke+hoach+%22x")
	var e errorPage
	json.Unmarshal(w.Body.Bytes(), &e)
	if e.Pos != 10 {
		t.Errorf("query error at %d, want 10 (%+v)", e.Pos, e)
	}
	// Only GET and HEAD.
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		r := httptest.NewRequest(m, "/", strings.NewReader("x"))
		r.Host = "127.0.0.1:8080"
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		if rec.Code != 405 || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d", m, rec.Code)
		}
	}
	r := httptest.NewRequest("HEAD", "/stats", nil)
	r.Host = "localhost:8080"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD /stats: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	// A Host that is not the bound address (DNS rebinding) is refused.
	for _, host := range []string{"evil.example:8080", "127.0.0.1:9999", "attacker.127.0.0.1.nip.io:8080"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		if rec.Code != http.StatusMisdirectedRequest {
			t.Errorf("Host %s: %d", host, rec.Code)
		}
	}
}

// TestServerOverHTTP runs the handler behind a real listener.
func TestServerOverHTTP(t *testing.T) {
	s, _ := newTestServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	s.opt.Addr = strings.TrimPrefix(ts.URL, "http://")
	res, err := http.Get(ts.URL + "/?q=ke+hoach")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "Kế hoạch") {
		t.Errorf("%d", res.StatusCode)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, "0.0.0.0:8080": false, ":8080": false, "192.168.1.5:80": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%s) = %v", addr, !want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestOlderArchive: a filter an archive of an older schema cannot answer
// (format findings, schema 8) is 409 with what to do, not a 500.
func TestOlderArchive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sqlite.Open(ctx, path, sqlite.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := archive.Run(ctx, db, archive.Options{Paths: []string{"../check/testdata"}}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP INDEX documents_facets`, `DROP TRIGGER findings_insert`, `DROP TRIGGER findings_update`, `DROP TRIGGER findings_delete`,
		`DROP TABLE findings`, `ALTER TABLE documents DROP COLUMN spans`, `ALTER TABLE documents DROP COLUMN findings`, `PRAGMA user_version = 7`} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	ro, err := sqlite.Open(ctx, path, sqlite.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	s, err := New(ro, Options{Filter: func(get func(string) string) (vanban.Filter, error) {
		return vanban.Filter{Finding: get("finding")}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if w := get(t, s, "/?finding=error"); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "vanban reparse") {
		t.Errorf("%d %.300s", w.Code, w.Body.String())
	}
	if w := get(t, s, "/doc/1"); w.Code != 200 {
		t.Errorf("record page of an older archive: %d", w.Code)
	}
	// Its stats: every chart but the findings'.
	w := get(t, s, "/stats.json")
	var res struct {
		Charts []statsChart `json:"charts"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || w.Code != 200 || len(res.Charts) != 5 {
		t.Errorf("stats of an older archive: %d %v %d charts", w.Code, err, len(res.Charts))
	}
}
