package web

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive: $VANBAN_CHROMIUM, else chromium or
// google-chrome on the PATH. Under CI ($CI set) its absence fails the
// test: .ci/run installs Debian's chromium.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("VANBAN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium to drive, and CI is set: .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("no chromium on this machine (apt-get install chromium); the browser test is skipped")
	return ""
}

// TestBrowser drives headless Chromium through the web view, with
// JavaScript and without: type a query without diacritics, click a facet,
// open a record, and check what is shown. Screenshots are saved in the
// test's temp dir (VANBAN_SCREENSHOTS=DIR keeps them there instead).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	exe := chromium(t)
	s, db := newTestServer(t)
	ids, err := db.BySymbol(context.Background(), "275-CV/ĐUK")
	if err != nil || len(ids) != 1 {
		t.Fatalf("275-CV/ĐUK: %v %v", ids, err)
	}
	hitLink := `ol.hits a.title[href="/doc/` + strconv.FormatInt(ids[0], 10) + `"]`
	ts := httptest.NewServer(s)
	defer ts.Close()
	s.opt.Addr = strings.TrimPrefix(ts.URL, "http://")
	shots := t.TempDir()
	if d := os.Getenv("VANBAN_SCREENSHOTS"); d != "" {
		shots = d
	}
	for _, js := range []bool{true, false} {
		name := "js"
		if !js {
			name = "nojs"
		}
		t.Run(name, func(t *testing.T) {
			opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
			actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
			defer cancel()
			ctx, cancel := chromedp.NewContext(actx)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			shot := func(file string) {
				t.Helper()
				buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(shots, name+"-"+file), buf, 0o644)
			}
			text := func(sel string) string {
				t.Helper()
				s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
				if err != nil {
					t.Fatalf("%s: %v", sel, err)
				}
				return s
			}
			do := func(steps ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, steps...); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !js}); err != nil {
				t.Fatal(err)
			}
			do(chromedp.Navigate(ts.URL+"/"),
				chromedp.WaitVisible(chromedp.CSS("#q")),
				// Typed without diacritics.
				chromedp.SendKeys(chromedp.CSS("#q"), "phong chong dich"),
				chromedp.Submit(chromedp.CSS("#q")))
			// The listing had a #showing too: wait for the results' page.
			for tries := 0; ; tries++ {
				loc, err := chromedp.Run(ctx, chromedp.Location())
				if err == nil && strings.Contains(loc, "q=phong") {
					break
				}
				if tries > 100 {
					t.Fatalf("the query was not submitted: %s %v", loc, err)
				}
				time.Sleep(50 * time.Millisecond)
			}
			do(chromedp.WaitVisible(chromedp.CSS("#showing")))
			showing, hits := text("#showing"), text("ol.hits")
			shot("search.png")
			if !strings.Contains(showing, "of") || !strings.Contains(strings.ToLower(hits), "phòng, chống dịch") {
				t.Errorf("search: showing %q, hits %q", showing, hits)
			}
			// A facet: the type Công văn.
			facet := `section.facet[data-by="type"] li a[href*="type=C%C3%B4ng+v%C4%83n"]`
			facetText := text(facet)
			do(chromedp.Click(chromedp.CSS(facet)),
				chromedp.WaitVisible(chromedp.CSS(`section.facet[data-by="type"] li.sel`)))
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(loc)
			if u.Query().Get("type") != facetText || u.Query().Get("q") != "phong chong dich" {
				t.Errorf("after the facet click: %s (facet %q)", loc, facetText)
			}
			// A record (a Công văn, as the facet chose), its fields marked on
			// its text.
			do(chromedp.Click(chromedp.CSS(hitLink)),
				chromedp.WaitVisible(chromedp.CSS("#text")))
			title, symbol := text("h1"), text(`#fields tr[data-field="symbol"] td`)
			marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#text mark.f").length`))
			if err != nil {
				// Scripts are off: count them from the page's HTML.
				html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("#text")))
				if err != nil {
					t.Fatal(err)
				}
				marks = strings.Count(html, `<mark class="f `)
			}
			shot("record.png")
			if symbol == "" || !strings.Contains(title, symbol) || marks < 5 {
				t.Errorf("record page: title %q, symbol %q, %d fields marked on the text", title, symbol, marks)
			}
			do(chromedp.Navigate(ts.URL+"/stats"), chromedp.WaitVisible(chromedp.CSS("#stat-year svg")))
			shot("stats.png")
		})
	}
	t.Logf("screenshots in %s", shots)
}
