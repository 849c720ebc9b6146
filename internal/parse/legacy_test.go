package parse

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// encodable replaces the runes enc cannot carry (curly quotes, dashes and
// other symbols outside the code page) by ASCII look-alikes, so that a
// fixture and the UTF-8 text it is compared with say the same thing.
func encodable(t *testing.T, enc, text string) string {
	var b strings.Builder
	for _, r := range text {
		if _, err := vntext.Encode(enc, string(r)); err == nil {
			b.WriteRune(r)
			continue
		}
		switch r {
		case '“', '”', '„', '«', '»':
			b.WriteByte('"')
		case '‘', '’':
			b.WriteByte('\'')
		case '–', '—', '−':
			b.WriteByte('-')
		case '…':
			b.WriteString("...")
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// Every dev-corpus document encoded in each legacy encoding (fixtures made
// with the mapping tables) is detected as that encoding and parses to the
// record of its UTF-8 text. TCVN3 cannot carry capital tone-marked letters:
// there a field may differ from the original in letter case only, and then
// the record must carry the warning that names the loss.
func TestLegacyEncodings(t *testing.T) {
	for _, f := range corpusFiles(t) {
		src, _ := os.ReadFile(f)
		text := vntext.Decode(src).Text
		for _, enc := range []string{vntext.TCVN3, vntext.VNI, vntext.VISCII, vntext.Windows1258} {
			name := filepath.Base(f) + " as " + enc
			ref := encodable(t, enc, text)
			fixture, err := vntext.Encode(enc, ref)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, err := Parse(f, []byte(ref), Options{})
			if err != nil {
				t.Fatalf("%s: reference: %v", name, err)
			}
			got, err := Parse(f, fixture, Options{})
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if got.Encoding != enc {
				// Only right when the two readings are the same text (a
				// file whose few non-ASCII bytes mean the same in both).
				if vntext.DecodeAs(fixture, enc).Text != vntext.Decode(fixture).Text {
					t.Errorf("%s: detected as %s", name, got.Encoding)
					continue
				}
			}
			compareLegacy(t, name, enc, want, got)
		}
	}
}

func compareLegacy(t *testing.T, name, enc string, want, got *vanban.Document) {
	t.Helper()
	var encWarn []string
	var rest []vanban.Warning
	for _, w := range got.Warnings {
		if w.Field == "encoding" {
			encWarn = append(encWarn, w.Message)
		} else {
			rest = append(rest, w)
		}
	}
	g := *got
	g.Warnings = rest
	g.Encoding = want.Encoding
	wm, gm := toMap(t, want), toMap(t, &g)
	for k, wv := range wm {
		gv := gm[k]
		if reflect.DeepEqual(wv, gv) || isEmpty(wv) && isEmpty(gv) {
			continue
		}
		wj, _ := json.Marshal(wv)
		gj, _ := json.Marshal(gv)
		if enc == vntext.TCVN3 && strings.EqualFold(string(wj), string(gj)) {
			if !strings.Contains(strings.Join(encWarn, "\n"), "capital") {
				t.Errorf("%s: %s differs in case without a warning: %s vs %s", name, k, gj, wj)
			}
			continue
		}
		t.Errorf("%s: %s = %s, want %s (encoding warnings: %q)", name, k, gj, wj, encWarn)
	}
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case string:
		return x == ""
	}
	return false
}

func toMap(t *testing.T, d *vanban.Document) map[string]any {
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// No UTF-8 document of the corpus is read as anything else, or repaired.
func TestUTF8CorpusStaysUTF8(t *testing.T) {
	for _, f := range corpusFiles(t) {
		src, _ := os.ReadFile(f)
		r := vntext.Decode(src)
		if r.Encoding != vntext.UTF8 || len(r.Warnings) > 0 {
			t.Errorf("%s: decoded as %s with warnings %q", filepath.Base(f), r.Encoding, r.Warnings)
		}
	}
}
