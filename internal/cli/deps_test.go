package cli

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection enforces the package layering of README.md: the
// domain package imports nothing of ours, vntext only x/text, parse neither
// the file system layers nor cli, and only cli imports cobra.
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", "github.com/vanban/vanban/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	forbidden := map[string][]string{
		"internal/vanban": {"github.com/vanban/vanban/", "golang.org/x/", "github.com/"},
		"internal/vntext": {"github.com/vanban/vanban/", "github.com/"},
		"internal/parse":  {"github.com/vanban/vanban/internal/cli", "github.com/vanban/vanban/internal/sqlite", "github.com/vanban/vanban/internal/importer", "github.com/spf13/", "modernc.org/", "database/sql", "os/exec"},
		"internal/sqlite": {"github.com/vanban/vanban/internal/cli", "github.com/vanban/vanban/internal/parse", "github.com/vanban/vanban/internal/importer", "github.com/spf13/"},
	}
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		for suffix, bad := range forbidden {
			if !strings.HasSuffix(p.ImportPath, suffix) {
				continue
			}
			for _, imp := range p.Imports {
				for _, b := range bad {
					if strings.HasPrefix(imp, b) && imp != p.ImportPath {
						t.Errorf("%s imports %s", p.ImportPath, imp)
					}
				}
			}
		}
	}
}
