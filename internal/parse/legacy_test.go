package parse

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/vanban"
)

// encodable replaces the runes enc cannot carry (curly quotes, dashes and
// other symbols outside the code page) by ASCII look-alikes, so that a
// fixture and the UTF-8 text it is compared with say the same thing.
func encodable(t *testing.T, enc, text string) string {
	var b strings.Builder
	for _, r := range text {
		if _, err := charset.Encode(enc, string(r)); err == nil {
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
		text := charset.Decode(src).Text
		for _, enc := range []string{charset.TCVN3, charset.VN1, charset.VNI, charset.VISCII, charset.Windows1258} {
			name := filepath.Base(f) + " as " + enc
			ref := encodable(t, enc, text)
			fixture, err := charset.Encode(enc, ref)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			checkFixture(t, f, name, enc, []byte(ref), fixture)
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
		if enc == charset.TCVN3 && strings.EqualFold(string(wj), string(gj)) {
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
		r := charset.Decode(src)
		if r.Encoding != charset.UTF8 || len(r.Warnings) > 0 {
			t.Errorf("%s: decoded as %s with warnings %q", filepath.Base(f), r.Encoding, r.Warnings)
		}
	}
}

// TCVN3 typed the way the upper-case fonts wanted: headings all in lower
// case (made by iconv from the UTF-8 letter with its capital lines lowered).
// The layout restores the issuer block, the Party title and the signature
// block, and the record is the UTF-8 one.
func TestTCVN3LowerCaseHeadings(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "legacy")
	ref, err := os.ReadFile(filepath.Join(dir, "binhduong-71.utf8.txt"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "binhduong-71.tcvn3-lower.txt"))
	if err != nil {
		t.Fatal(err)
	}
	_, got := compareTCVN3(t, "tcvn3-lower", ref, src)
	if !strings.Contains(marshalWarnings(got), "typed in lower case") {
		t.Errorf("no layout warning in %s", marshalWarnings(got))
	}
}

// A people's committee decision typed in TCVN3 for the upper-case font:
// header, type name, issuing authority and the usual three-line signature
// (TM. / KT. / title, NĐ 30/2020) in lower-case codes, "Ủy ban nhân dân" in
// a sentence without its capital. Parsed, it gives the record of the same
// decision typed in Unicode.
func TestTCVN3LowerCaseCommitteeDecision(t *testing.T) {
	lower := strings.Join([]string{
		"ủy ban nhân dân\tcộng hòa xã hội chủ nghĩa việt nam",
		"tỉnh bắc ninh\tĐộc lập - Tự do - Hạnh phúc",
		"Số: 12/QĐ-UBND\tBắc Ninh, ngày 5 tháng 6 năm 2020",
		"",
		"quyết định",
		"Về việc ban hành quy chế làm việc",
		"",
		"ủy ban nhân dân tỉnh bắc ninh",
		"",
		"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
		"Theo đề nghị của Giám đốc Sở Nội vụ.",
		"",
		"quyết định:",
		"Điều 1. Ban hành quy chế làm việc của ủy ban nhân dân tỉnh.",
		"",
		"Nơi nhận:\ttm. ủy ban nhân dân",
		"- Như trên;\tkt. chủ tịch",
		"- Lưu: VT.\tphó chủ tịch",
		"",
		"Nguyễn Văn An",
	}, "\n")
	unicodeText := strings.NewReplacer(
		"ủy ban nhân dân\tcộng hòa xã hội chủ nghĩa việt nam", "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"tỉnh bắc ninh", "TỈNH BẮC NINH", "quyết định\n", "QUYẾT ĐỊNH\n", "quyết định:", "QUYẾT ĐỊNH:", "ủy ban nhân dân tỉnh bắc", "ỦY BAN NHÂN DÂN TỈNH BẮC",
		"của ủy ban", "của Ủy ban", "tm. ủy ban nhân dân", "TM. ỦY BAN NHÂN DÂN", "kt. chủ tịch", "KT. CHỦ TỊCH",
		"phó chủ tịch", "PHÓ CHỦ TỊCH").Replace(lower)
	src, err := charset.Encode(charset.TCVN3, lower)
	if err != nil {
		t.Fatal(err)
	}
	want, got := compareTCVN3(t, "tcvn3 committee decision", []byte(unicodeText), src)
	if want.SignerTitle != "PHÓ CHỦ TỊCH" || len(want.SignerAuthority) != 2 {
		t.Errorf("the Unicode reference parses wrong: %q %q", want.SignerAuthority, want.SignerTitle)
	}
	if got.Body != want.Body {
		t.Errorf("body:\n%s", lineDiff(want.Body, got.Body))
	}
}

// compareTCVN3 parses ref (Unicode) and src (TCVN3), checks src is read as
// TCVN3, and compares the records with compareLegacy.
func compareTCVN3(t *testing.T, name string, ref, src []byte) (want, got *vanban.Document) {
	t.Helper()
	want, got = mustParse(t, string(ref)), mustParse(t, string(src))
	if got.Encoding != charset.TCVN3 {
		t.Fatalf("%s: detected as %s", name, got.Encoding)
	}
	compareLegacy(t, name, charset.TCVN3, want, got)
	return want, got
}

func marshalWarnings(d *vanban.Document) string {
	b, _ := json.Marshal(d.Warnings)
	return string(b)
}

// The places of the layout whose capitals restoreLayoutCaps restores, as a
// TCVN3 file typed for the upper-case fonts has them (Word saves the header
// table's row as cells separated by a tab).
func TestRestoreLayoutCaps(t *testing.T) {
	in := strings.Join([]string{
		"bộ tài chính\tcộng hòa xã hội chủ nghĩa việt nam",
		"tổng cục thuế\tĐộc lập - Tự do - Hạnh phúc",
		"Số: 12/TCT-CS\tHà Nội, ngày 5 tháng 6 năm 2020",
		"",
		"quyết định",
		"Về việc ban hành quy chế làm việc",
		"",
		"tổng cục trưởng tổng cục thuế",
		"",
		"Căn cứ Luật Quản lý thuế;",
		"Theo đề nghị của Vụ trưởng Vụ Chính sách;",
		"quyết định: giữ nguyên chữ thường ở đây",
		"",
		"Nơi nhận:\tkt. tổng cục trưởng",
		"- Như trên;\tphó tổng cục trưởng",
		"- Lưu: VT.",
		"",
		"[",
		"Nguyễn Văn An",
	}, "\n")
	want := strings.Join([]string{
		"BỘ TÀI CHÍNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"TỔNG CỤC THUẾ\tĐộc lập - Tự do - Hạnh phúc",
		"Số: 12/TCT-CS\tHà Nội, ngày 5 tháng 6 năm 2020",
		"",
		"QUYẾT ĐỊNH",
		"Về việc ban hành quy chế làm việc",
		"",
		"TỔNG CỤC TRƯỞNG TỔNG CỤC THUẾ",
		"",
		"Căn cứ Luật Quản lý thuế;",
		"Theo đề nghị của Vụ trưởng Vụ Chính sách;",
		"quyết định: giữ nguyên chữ thường ở đây",
		"",
		"Nơi nhận:\tKT. TỔNG CỤC TRƯỞNG",
		"- Như trên;\tPHÓ TỔNG CỤC TRƯỞNG",
		"- Lưu: VT.",
		"",
		"[",
		"Nguyễn Văn An",
	}, "\n")
	got, n := restoreLayoutCaps(in)
	if got != want || n != 6 {
		t.Errorf("restored %d lines:\n%s", n, lineDiff(want, got))
	}
	// Parsed, the same file gives the header, type, authority and signature.
	src, err := charset.Encode(charset.TCVN3, in)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse("lower.txt", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Encoding != charset.TCVN3 || d.Issuer != "TỔNG CỤC THUẾ" || d.ParentIssuer != "BỘ TÀI CHÍNH" ||
		d.Motto != "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" || d.Type != "Quyết định" || d.SignerTitle != "PHÓ TỔNG CỤC TRƯỞNG" ||
		d.SignerName != "Nguyễn Văn An" {
		t.Errorf("record: %s", marshal(t, d))
	}
}

// TestVN1FromIconv: documents as glibc's iconv writes TCVN 5712:1993 VN1
// (-t TCVN5712-1: the capitals in C0 and 0x80-0x9F) are read as VN1, not as
// TCVN3 with Windows-1252 symbols, and give the record of iconv's own
// reading of the same bytes (issue 14.26).
func TestVN1FromIconv(t *testing.T) {
	if _, err := exec.LookPath("iconv"); err != nil {
		t.Skip("no iconv")
	}
	for _, f := range corpusFiles(t) {
		name := filepath.Base(f)
		cmd := exec.Command("iconv", "-c", "-t", "TCVN5712-1", f)
		fixture, _ := cmd.Output() // -c: characters VN1 lacks are left out
		if len(fixture) == 0 {
			t.Fatalf("%s: iconv wrote nothing", name)
		}
		back := exec.Command("iconv", "-f", "TCVN5712-1", "-t", "UTF-8")
		back.Stdin = bytes.NewReader(fixture)
		ref, err := back.Output()
		if err != nil {
			t.Fatalf("%s: iconv back: %v", name, err)
		}
		checkFixture(t, f, name+" as vn1 (iconv)", charset.VN1, ref, fixture)
	}
}

// checkFixture parses fixture, file f written in enc, and ref, the UTF-8
// text it says: the fixture is detected as enc and gives ref's record.
func checkFixture(t *testing.T, f, name, enc string, ref, fixture []byte) {
	t.Helper()
	want, err := Parse(f, ref, Options{})
	if err != nil {
		t.Fatalf("%s: reference: %v", name, err)
	}
	got, err := Parse(f, fixture, Options{})
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	// Another encoding is only right when the two readings are the same
	// text (a file whose few non-ASCII bytes mean the same in both).
	if got.Encoding != enc && charset.DecodeAs(fixture, enc).Text != charset.Decode(fixture).Text {
		t.Errorf("%s: detected as %s", name, got.Encoding)
		return
	}
	compareLegacy(t, name, enc, want, got)
}
