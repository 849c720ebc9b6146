package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/parse"
)

// TestDumpCorpus prints the findings on every dev-corpus document (go test
// -run DumpCorpus -v): what the closing note's review of error findings
// reads.
func TestDumpCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/dev/*.txt")
	if len(files) == 0 {
		t.Skip("no dev corpus beside the repository")
	}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		d, text, err := parse.ParseWithText(f, src, parse.Options{})
		if err != nil {
			continue
		}
		r := Check(d, text)
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s noisy=%v [%s]\n", filepath.Base(f), d.System, d.Date, r.Noisy, r.Rulebook)
		lines := strings.Split(text, "\n")
		for _, x := range r.Findings {
			l := ""
			if x.Line > 0 && x.Line <= len(lines) {
				l = strings.TrimSpace(lines[x.Line-1])
			}
			fmt.Fprintf(&b, "   %-11s %-5s %d:%d found=%q expected=%q | %s\n", x.Rule, x.Severity, x.Line, x.Col, x.Found, x.Expected, l)
		}
		t.Log(b.String())
	}
}
