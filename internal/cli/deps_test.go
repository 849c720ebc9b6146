package cli

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// layers lists, for every package of the module, the packages of ours it may
// import and the outside modules it may use: the layering of README.md
// ("Code layout"). The domain (vanban) imports only vntext (its rules on
// names and symbols compare folded text: SymbolKey, LinkMatches); vntext only x/text;
// the engines (sqlite, postgres) and the formats (export) know neither the
// commands nor the parser, and the use cases (archive) know no engine, only
// the seam (store); only cli imports cobra. A package missing here fails the
// test, so a new package must take its place in the layering.
var layers = map[string][]string{
	"internal/vanban":          {"internal/vntext"},
	"internal/vntext":          {"golang.org/x/text/"},
	"internal/charset":         {"internal/vntext", "golang.org/x/text/"},
	"internal/parse":           {"internal/vanban", "internal/vntext", "internal/charset"},
	"internal/search":          {"internal/vanban", "internal/vntext", "internal/store"},
	"internal/store":           {"internal/vanban", "internal/vntext", "github.com/klauspost/compress/"},
	"internal/postgres":        {"internal/vanban", "internal/vntext", "internal/store", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/", "github.com/klauspost/compress/"},
	"internal/postgres/pgtest": {"github.com/jackc/pgx/v5"},
	"internal/store/storetest": {"internal/archive", "internal/check", "internal/parse", "internal/search", "internal/store", "internal/vanban"},
	"internal/sqlite":          {"internal/vanban", "internal/vntext", "internal/store", "modernc.org/sqlite", "github.com/klauspost/compress/"},
	"internal/export":          {"internal/vanban", "internal/search", "github.com/olekukonko/tablewriter"},
	"internal/archive":         {"internal/vanban", "internal/parse", "internal/store", "internal/check"},
	"internal/check":           {"internal/vanban", "internal/vntext", "internal/charset"},
	"internal/web":             {"internal/vanban", "internal/search", "internal/export"},
	"internal/archivetest":     {"internal/vanban", "internal/vntext"},
	"internal/synth":           {},
	"internal/cli": {"internal/vanban", "internal/vntext", "internal/charset", "internal/parse", "internal/search", "internal/check", "internal/web",
		"internal/store", "internal/sqlite", "internal/postgres", "internal/export", "internal/archive", "github.com/spf13/", "github.com/schollz/progressbar/",
		"golang.org/x/term", "golang.org/x/text/"},
	"cmd/vanban":       {"internal/cli"},
	"cmd/vanban-bench": {"internal/", "modernc.org/sqlite"},
}

// forbiddenStd are standard packages a layer must not use: the parser and
// the domain touch no database and run no program.
var forbiddenStd = map[string][]string{
	"internal/vanban": {"database/sql", "os/exec", "net/"},
	"internal/store":  {"database/sql", "os/exec", "net/"},
	"internal/parse":  {"database/sql", "os/exec", "net/"},
	"internal/check":  {"database/sql", "os/exec", "net/", "os"},
	"internal/vntext": {"database/sql", "os/exec", "net/", "os"},
	"internal/search": {"database/sql", "os/exec", "net/", "os"},
}

// TestDependencyDirection enforces layers on every package's imports
// (tests aside).
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", "github.com/vanban/vanban/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	const mod = "github.com/vanban/vanban/"
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := map[string]bool{}
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(p.ImportPath, mod)
		allowed, ok := layers[name]
		if !ok {
			t.Errorf("package %s has no place in the layering (add it to layers)", name)
			continue
		}
		seen[name] = true
		for _, imp := range p.Imports {
			if !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
				for _, f := range forbiddenStd[name] {
					if imp == f || strings.HasSuffix(f, "/") && strings.HasPrefix(imp, f) {
						t.Errorf("%s imports %s", name, imp)
					}
				}
				continue // the standard library
			}
			imp = strings.TrimPrefix(imp, mod)
			ok := false
			for _, a := range allowed {
				ok = ok || imp == a || strings.HasSuffix(a, "/") && strings.HasPrefix(imp, a)
			}
			if !ok {
				t.Errorf("%s imports %s", name, imp)
			}
		}
	}
	for name := range layers {
		if !seen[name] {
			t.Errorf("layers names %s, which is no package", name)
		}
	}
}
