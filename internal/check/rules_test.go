package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/vanban"
)

// The documents of testdata/ follow their rulebook: state-qd.txt a State
// quyết định of 2021 (NĐ 30/2020), state-cv.txt a State công văn of 2021,
// party-cv.txt a Tỉnh ủy công văn of 2020 (36-HD/VPTW), written from the
// rulebooks' templates (format-spec.md). Each case breaks one rule in one of
// them by one edit and expects exactly one new finding: of that rule, on
// that line, of that severity.

func checkText(t *testing.T, name, text string) (*vanban.Document, Result) {
	t.Helper()
	d, text2, err := parse.ParseWithText(name, []byte(text), parse.Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d, Check(d, text2)
}

func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// party2026 is party-cv.txt dated in the era of 05-HD/VPTW, its subject
// written "về việc" as that guide asks.
func party2026(t *testing.T) string {
	s := readDoc(t, "party-cv.txt")
	s = strings.Replace(s, "tháng 12 năm 2020", "tháng 7 năm 2026", 1)
	return strings.Replace(s, "V/v tăng cường", "về việc tăng cường", 1)
}

type ruleCase struct {
	rule     string
	doc      string // a file of testdata, or "party2026"
	old, new string // the edit (the first occurrence)
	line     int    // where the finding must be
	severity string
}

var ruleCases = []ruleCase{
	{"ND30-QH-1", "state-qd.txt", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hòa xã hội chủ nghĩa Việt Nam", 1, "error"},
	{"ND30-QH-1", "state-qd.txt", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", 1, "error"},
	{"ND30-TN-1", "state-qd.txt", "Độc lập - Tự do - Hạnh phúc", "Độc lập -Tự do- Hạnh phúc", 2, "error"},
	{"ND30-TN-1", "state-cv.txt", "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc", 2, "warn"},
	{"ND30-CQ-1", "state-cv.txt", "BỘ Y TẾ ", "Bộ Y tế ", 1, "error"},
	{"ND30-CQ-1", "state-qd.txt", "ỦY BAN NHÂN DÂN ", "Ủy ban nhân dân ", 1, "error"},
	{"ND30-SO-1", "state-qd.txt", "Số: 05/QĐ-UBND", "Số 05/QĐ-UBND", 4, "error"},
	{"ND30-SO-2", "state-qd.txt", "05/QĐ-UBND", "5/QĐ-UBND", 4, "error"},
	{"ND30-SO-3", "state-qd.txt", "05/QĐ-UBND", "05/QĐ - UBND", 4, "error"},
	{"ND30-SO-4", "state-qd.txt", "05/QĐ-UBND", "05/QĐ-ubnd", 4, "error"},
	{"ND30-SO-5", "state-cv.txt", "627/BYT-BH", "627/CV-BYT", 4, "error"},
	{"ND30-SO-5", "state-qd.txt", "05/QĐ-UBND", "05/UBND-VP", 4, "error"},
	{"ND30-SO-6", "state-qd.txt", "05/QĐ-UBND", "05/KH-UBND", 4, "error"},
	{"ND30-DD-1", "state-qd.txt", "Bắc Ninh, ngày", "Bắc Ninh ngày", 4, "error"},
	{"ND30-DD-2", "state-qd.txt", "ngày 05 tháng 01 năm 2021", "ngày 05/01/2021", 4, "error"},
	{"ND30-DD-3", "state-qd.txt", "ngày 05 tháng 01", "ngày 5 tháng 01", 4, "error"},
	{"ND30-DD-3", "state-cv.txt", "ngày 27 tháng 01", "ngày 27 tháng 1", 4, "error"},
	{"ND30-TL-1", "state-qd.txt", "\nQUYẾT ĐỊNH\nVề việc", "\nQuyết định\nVề việc", 6, "error"},
	{"ND30-VV-1", "state-cv.txt", "V/v hướng dẫn", "Về việc hướng dẫn", 5, "error"},
	{"ND30-CC-1", "state-qd.txt", "năm 2015;", "năm 2015,", 11, "info"},
	{"ND30-KG-1", "state-cv.txt", "Kính gửi:\n", "Kính gửi\n", 8, "error"},
	{"ND30-NN-1", "state-qd.txt", "Nơi nhận:", "Nơi nhận", 21, "error"},
	{"ND30-NN-2", "state-cv.txt", "- Như trên;", "- Vụ Pháp chế;", 16, "warn"},
	{"ND30-NN-3", "state-qd.txt", "- Lưu: VT, KGVX.", "- Lưu VT, KGVX.", 24, "error"},
	{"ND30-KY-1", "state-qd.txt", "KT. CHỦ TỊCH", "K/T CHỦ TỊCH", 21, "error"},
	{"ND30-KY-2", "state-qd.txt", "KT. CHỦ TỊCH", "TM. CHỦ TỊCH", 21, "error"},
	{"ND30-KY-3", "state-qd.txt", "Nguyễn Văn An", "TS. Nguyễn Văn An", 26, "warn"},
	{"ND30-DK-1", "state-qd.txt", "\n\nQUYẾT ĐỊNH\nVề", "\nKHẨN CẤP\n\nQUYẾT ĐỊNH\nVề", 5, "error"},
	{"ND30-BS-1", "state-cv.txt", "Trần Văn Bình\n", "Trần Văn Bình\n\nSAO Y BẢN CHÍNH\n", 21, "info"},
	{"ND30-PL-1", "state-qd.txt", "Nguyễn Văn An\n", "Nguyễn Văn An\n\nPHỤ LỤC 1\nDanh sách thành viên\n\nPHỤ LỤC 2\nQuy chế làm việc\n", 28, "error"},
	{"ND30-END-1", "state-qd.txt", "thi hành Quyết định này./.", "thi hành Quyết định này.", 19, "info"},

	{"DANG-TD-1", "party-cv.txt", "ĐẢNG CỘNG SẢN VIỆT NAM", "Đảng Cộng sản Việt Nam", 1, "error"},
	{"DANG-CQ-1", "party-cv.txt", "\n*\n", "\n\n", 2, "warn"},
	{"DANG-SO-1", "party-cv.txt", "Số 71-CV/TU", "Số: 71-CV/TU", 4, "error"},
	{"DANG-SO-1", "party-cv.txt", "Số 71-CV/TU", "Số 71/CV-TU", 4, "error"},
	{"DANG-SO-2", "party-cv.txt", "71-CV/TU", "7-CV/TU", 4, "warn"},
	{"DANG-SO-3", "party-cv.txt", "71-CV/TU", "71-QyĐ/TU", 4, "warn"},
	{"DANG-SO-4", "party-cv.txt", "71-CV/TU", "71-CV/TỈNH ỦY", 4, "warn"},
	{"DANG-DD-1", "party-cv.txt", "Bình Dương, ngày 03", "Bình Dương ngày 03", 2, "error"},
	{"DANG-DD-1", "party-cv.txt", "ngày 03 tháng 12", "ngày 3 tháng 12", 2, "error"},
	{"DANG-VV-1", "party2026", "về việc tăng cường", "V/v tăng cường", 5, "warn"},
	{"DANG-KY-1", "party-cv.txt", "T/M BAN THƯỜNG VỤ", "TM. BAN THƯỜNG VỤ", 11, "warn"},
	{"DANG-KY-2", "party-cv.txt", "T/M BAN THƯỜNG VỤ", "K/T BAN THƯỜNG VỤ", 11, "warn"},
	{"DANG-KY-2", "party-cv.txt", "PHÓ BÍ THƯ", "PHÓ BÍ THƯ TỈNH ỦY", 12, "warn"},
	{"DANG-NN-1", "party-cv.txt", "- Lưu Văn phòng Tỉnh ủy.", "- Lưu: VT, VPTU.", 14, "warn"},
	{"DANG-END-1", "party2026", "thực hiện nghiêm.", "thực hiện nghiêm./.", 9, "info"},
}

func (c ruleCase) base(t *testing.T) string {
	if c.doc == "party2026" {
		return party2026(t)
	}
	return readDoc(t, c.doc)
}

// TestBaseDocumentsFollowTheRules: the documents the cases break yield no
// finding at all.
func TestBaseDocumentsFollowTheRules(t *testing.T) {
	for _, name := range []string{"state-qd.txt", "state-cv.txt", "party-cv.txt", "party2026"} {
		text := ""
		if name == "party2026" {
			text = party2026(t)
		} else {
			text = readDoc(t, name)
		}
		d, r := checkText(t, name, text)
		if len(r.Findings) > 0 || r.Noisy {
			t.Errorf("%s (%s, %s): noisy=%v, findings %+v", name, d.System, r.Rulebook, r.Noisy, r.Findings)
		}
	}
}

// TestRules breaks each rule once (see above).
func TestRules(t *testing.T) {
	for _, c := range ruleCases {
		t.Run(c.rule+"/"+c.doc+"/"+c.new, func(t *testing.T) {
			base := c.base(t)
			if !strings.Contains(base, c.old) {
				t.Fatalf("%q not in %s", c.old, c.doc)
			}
			broken := strings.Replace(base, c.old, c.new, 1)
			_, before := checkText(t, c.doc, base)
			d, after := checkText(t, c.doc+" (broken)", broken)
			if after.Noisy {
				t.Fatalf("the edit made the text noisy")
			}
			var of []vanban.Finding
			for _, f := range after.Findings {
				if f.Rule == c.rule {
					of = append(of, f)
				}
			}
			if len(after.Findings) != len(before.Findings)+1 || len(of) != 1 {
				t.Fatalf("want exactly one new finding, of %s; got %s (record: symbol %q type %q date %q)", c.rule, describe(after.Findings), d.Symbol, d.Type, d.Date)
			}
			f := of[0]
			if f.Line != c.line || f.Severity != c.severity {
				t.Errorf("%s at line %d, %s; want line %d, %s (%s)", c.rule, f.Line, f.Severity, c.line, c.severity, describe(of))
			}
			if f.Rulebook == "" || f.Article == "" || f.Expected == "" || f.Found == "" {
				t.Errorf("finding without its rulebook, article, found or expected: %+v", f)
			}
		})
	}
}

func describe(fs []vanban.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, fmt.Sprintf("%s %s %d:%d %q", f.Rule, f.Severity, f.Line, f.Col, f.Found))
	}
	return "[" + strings.Join(s, "; ") + "]"
}

// TestEveryRuleTested: each rule of the table has a breaking case above
// (the following case is the base document, which has no finding).
func TestEveryRuleTested(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range ruleCases {
		tested[c.rule] = true
	}
	for _, r := range Rules {
		if !tested[r.ID] {
			t.Errorf("rule %s has no case in ruleCases", r.ID)
		}
	}
}

// TestBreakCorpusDocuments breaks one rule at a time in real documents of
// the corpus (testdata/corpus, copies of shared/corpus/dev) whose base text
// has no finding of that rule: exactly one new finding, of that rule, on
// the line of the edit.
func TestBreakCorpusDocuments(t *testing.T) {
	cases := []struct {
		file, old, new, rule, severity string
	}{
		{"029.txt", "Số: 1227/QĐ-BYT", "Số: 7/QĐ-BYT", "ND30-SO-2", "error"},   // number padding
		{"029.txt", "Số: 1227/QĐ-BYT", "Số 1227/QĐ-BYT", "ND30-SO-1", "error"}, // Số: vs Số
		{"029.txt", "Hà Nội, ngày 11", "Hà Nội ngày 11", "ND30-DD-1", "error"}, // place-date comma
		{"029.txt", "KT. BỘ TRƯỞNG", "K/T BỘ TRƯỞNG", "ND30-KY-1", "error"},    // KT. vs K/T
		{"029.txt", "- Lưu: VT, KCB.", "- Lưu VT, KCB.", "ND30-NN-3", "error"}, // the Lưu line
		{"004.txt", "ngày 27 tháng 01", "ngày 27 tháng 1", "ND30-DD-3", "error"},
		{"004.txt", "Số: 627/BYT-BH V/v", "Số: 627/CV-BYT V/v", "ND30-SO-5", "error"},
		{"seed-bentre-275.txt", "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "DANG-TD-1", "error"}, // Quốc hiệu vs Party title
		{"seed-bentre-275.txt", "Số 275-CV/ĐUK", "Số: 275-CV/ĐUK", "DANG-SO-1", "error"},
		{"seed-bentre-275.txt", "**T/M BAN", "**TM. BAN", "DANG-KY-1", "warn"},
		{"seed-bentre-275.txt", "ngày 21 tháng 5", "ngày 21 tháng 05", "DANG-DD-1", "warn"},
	}
	for _, c := range cases {
		t.Run(c.file+"/"+c.rule, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("../../testdata/corpus", c.file))
			if err != nil {
				t.Fatal(err)
			}
			base := string(b)
			i := strings.Index(base, c.old)
			if i < 0 {
				t.Fatalf("%q not in %s", c.old, c.file)
			}
			line := strings.Count(base[:i], "\n") + 1
			_, before := checkText(t, c.file, base)
			for _, f := range before.Findings {
				if f.Rule == c.rule {
					t.Fatalf("the unbroken document has %s already: %+v", c.rule, f)
				}
			}
			_, after := checkText(t, c.file, strings.Replace(base, c.old, c.new, 1))
			var of []vanban.Finding
			for _, f := range after.Findings {
				if f.Rule == c.rule {
					of = append(of, f)
				}
			}
			if len(after.Findings) != len(before.Findings)+1 || len(of) != 1 {
				t.Fatalf("want one new finding of %s; before %s, after %s", c.rule, describe(before.Findings), describe(after.Findings))
			}
			if of[0].Line != line || of[0].Severity != c.severity {
				t.Errorf("%s at line %d (%s); want line %d (%s)", c.rule, of[0].Line, of[0].Severity, line, c.severity)
			}
		})
	}
}

// TestRulebookByDate: the same breach is judged by the rulebook of the
// document's date: an error under NĐ 30 (2021), a warning under TT 01/2011
// (2019: known here only by its differences from NĐ 30), and not at all
// without a date for a rule not common to every State rulebook.
func TestRulebookByDate(t *testing.T) {
	base := strings.Replace(readDoc(t, "state-qd.txt"), "05/QĐ-UBND", "5/QĐ-UBND", 1)
	for _, c := range []struct {
		date, book, severity string
	}{
		{"ngày 05 tháng 01 năm 2021", "Nghị định 30/2020/NĐ-CP", "error"},
		{"ngày 05 tháng 01 năm 2019", "Thông tư 01/2011/TT-BNV", "warn"},
		{"ngày 05 tháng 3 năm 2020", "Nghị định 30/2020/NĐ-CP", "error"},
		{"ngày 04 tháng 3 năm 2020", "Thông tư 01/2011/TT-BNV", "warn"},
		{"ngày 05 tháng 01 năm 2009", "rules common to every State rulebook", ""},
		{"", "rules common to every State rulebook", ""},
	} {
		text := strings.Replace(base, "Bắc Ninh, ngày 05 tháng 01 năm 2021", "Bắc Ninh, "+c.date, 1)
		if c.date == "" {
			text = strings.Replace(base, "Bắc Ninh, ngày 05 tháng 01 năm 2021", "", 1)
		}
		_, r := checkText(t, c.date, text)
		if !strings.HasPrefix(r.Rulebook, c.book) {
			t.Errorf("%q: rulebook %q, want %q", c.date, r.Rulebook, c.book)
		}
		got := ""
		for _, f := range r.Findings {
			if f.Rule == "ND30-SO-2" {
				got = f.Severity
			}
		}
		if got != c.severity {
			t.Errorf("%q: ND30-SO-2 %q, want %q (%s)", c.date, got, c.severity, describe(r.Findings))
		}
	}
}

// TestNoiseIsNotAViolation: on text the parser found noisy, rules that OCR
// fakes are warnings at most (a lost colon after Số) or not checked (a
// lost capital in the issuer); a breach noise cannot fake stays an error
// (a number without its zero).
func TestNoiseIsNotAViolation(t *testing.T) {
	// OCR drops the dot of "Hạnh": the text is noisy.
	noisy := strings.Replace(readDoc(t, "state-qd.txt"), "Hạnh phúc", "Hanh phúc", 1)
	for _, c := range []struct{ old, new, rule, severity string }{
		{"Số: 05/QĐ-UBND", "Số 05/QĐ-UBND", "ND30-SO-1", "warn"},
		{"05/QĐ-UBND", "05/QĐ - UBND", "ND30-SO-3", "warn"},
		{"Bắc Ninh, ngày", "Bắc Ninh ngày", "ND30-DD-1", "warn"},
		{"ỦY BAN NHÂN DÂN ", "Ủy ban nhân dân ", "ND30-CQ-1", ""},
		{"05/QĐ-UBND", "5/QĐ-UBND", "ND30-SO-2", "error"},
		{"Nơi nhận:", "Nơi nhận", "ND30-NN-1", "warn"},
		{"Nơi nhận:", "Noi nhận", "ND30-NN-1", ""},   // a misread word
		{"Nơi nhận:", "Nơi nhận“.", "ND30-NN-1", ""}, // a misread colon
	} {
		_, r := checkText(t, c.rule, strings.Replace(noisy, c.old, c.new, 1))
		if !r.Noisy {
			t.Fatalf("%s: the text is not found noisy", c.rule)
		}
		got := ""
		for _, f := range r.Findings {
			if f.Rule == c.rule {
				got = f.Severity
			}
		}
		if got != c.severity {
			t.Errorf("%s on noisy text: %q, want %q (%s)", c.rule, got, c.severity, describe(r.Findings))
		}
	}
}

// TestMassOrganisation: a mass organisation is checked only by what the
// State and Party layouts share (the place-date), at most as a warning;
// nothing Party- or State-specific (its "Số:" with a colon is no finding).
func TestMassOrganisation(t *testing.T) {
	doc := `ĐOÀN TNCS HỒ CHÍ MINH              ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH
BCH TỈNH ĐOÀN BẮC NINH
***
Số: 367-QĐ/TĐTN-VP                     Bắc Ninh, ngày 5 tháng 01 năm 2021

QUYẾT ĐỊNH
Về việc khen thưởng

Điều 1. Khen thưởng các tập thể./.

Nơi nhận:                                   TM. BAN THƯỜNG VỤ TỈNH ĐOÀN
- Như Điều 1;                               BÍ THƯ
- Lưu VP.

                                            Nguyễn Văn Bình
`
	d, r := checkText(t, "mass", doc)
	if d.System != vanban.SystemMassOrg {
		t.Fatalf("system %q, want mass_org", d.System)
	}
	if len(r.Findings) != 1 || r.Findings[0].Rule != "ND30-DD-3" || r.Findings[0].Severity != "warn" || r.Findings[0].Line != 4 {
		t.Errorf("findings %s, want one ND30-DD-3 warning on line 4", describe(r.Findings))
	}
}
