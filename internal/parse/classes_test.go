package parse

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

// The tests in this file check rules for classes of documents (issue 11):
// each is tried on variants written here, not only on the corpus file that
// showed the class.

const partyHead = "TỈNH ỦY THÁI NGUYÊN                  ĐẢNG CỘNG SẢN VIỆT NAM\n            *\n" +
	"Số 120-BC/TU                         Thái Nguyên, ngày 15 tháng 9 năm 2025\n\n" +
	"                  BÁO CÁO\n     tổng kết công tác xây dựng Đảng năm 2025\n\n" +
	"    Năm 2025, Ban Chấp hành Đảng bộ tỉnh đã lãnh đạo toàn diện.\n" +
	"    Trên đây là báo cáo của Ban Chấp hành Đảng bộ tỉnh.\n\n"

// scored are the record fields eval-fields scores.
var scored = []string{"system", "motto", "parent_issuer", "issuer", "number", "symbol", "type_code",
	"issuer_code", "unit_code", "type", "place", "date", "subject", "signer_title", "signer_name",
	"urgency", "secrecy", "recipients", "distribution", "signer_authority"}

// TestDoubleSpacedExport: Word's "save as text" writes a blank line after
// every line. Every corpus document exported that way must give the same
// record (every scored field) as the document itself.
func TestDoubleSpacedExport(t *testing.T) {
	for _, f := range corpusFiles(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(src), "\r\n", "\n")
		want, err := Parse(f, []byte(text), Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Parse(f, []byte(strings.Join(strings.Split(text, "\n"), "\n\n")), Options{})
		if err != nil {
			t.Errorf("%s double-spaced: %v", filepath.Base(f), err)
			continue
		}
		for _, k := range scored {
			if g, w := field(got, k), field(want, k); !reflect.DeepEqual(g, w) {
				t.Errorf("%s double-spaced: %s = %#v, want %#v", filepath.Base(f), k, g, w)
			}
		}
	}
}

// TestDoubleSpacingKept: a file that merely has a blank line between
// paragraphs is not collapsed.
func TestDoubleSpacingKept(t *testing.T) {
	in := []string{"a", "b", "", "c", "d", "", "e", "f", "", "g", "h", "", "i", "j", "", "k", "l", "", "m", "n"}
	if got, _ := undoDoubleSpacing(in, nil); !reflect.DeepEqual(got, in) {
		t.Errorf("single-spaced text changed: %q", got)
	}
	var dbl []string
	for i := 0; i < 14; i++ {
		dbl = append(dbl, "line", "")
	}
	dbl = append(dbl, "", "", "after a paragraph break")
	got, _ := undoDoubleSpacing(dbl, nil)
	if len(got) != 16 || got[14] != "" || got[15] != "after a paragraph break" {
		t.Errorf("double-spaced text: %q", got)
	}
}

// Collective closings (36-HD II.1.7): congress papers end with the body's
// name and no signer.
func TestCollectiveClosing(t *testing.T) {
	runRules(t, []ruleCase{
		{"one line at the end", partyHead + "                          BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\n",
			map[string]any{"signer_title": "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH", "signer_name": "", "signer_authority": []string{}, "type": "Báo cáo"}},
		{"before the page number and the annex", partyHead + "                          BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\n\f                      14\n\n" +
			"                 PHỤ LỤC\n  KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU\n1. Tăng trưởng kinh tế    8%\n",
			map[string]any{"signer_title": "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"}},
		{"three lines, dotted note page after", partyHead + "            BAN CHẤP HÀNH ĐOÀN TRƯỜNG\n        ĐẠI HỌC BÁCH KHOA\n     KHÓA XV, NHIỆM KỲ 2022 - 2024\n\f\n…………………………\n…………………………\n",
			map[string]any{"signer_title": "BAN CHẤP HÀNH ĐOÀN TRƯỜNG ĐẠI HỌC BÁCH KHOA KHÓA XV, NHIỆM KỲ 2022 - 2024"}},
		{"a heading in capitals is not a closing", partyHead + "    III. TỔ CHỨC THỰC HIỆN\n    Các cấp ủy tổ chức thực hiện.\n",
			map[string]any{"signer_title": ""}},
	})
}

// A collective named with title words: T/M BAN BÍ THƯ (the Secretariat),
// T/M ĐOÀN CHỦ TỊCH (a congress presidium) are authorities, not a title.
func TestCollectiveWithTitleWords(t *testing.T) {
	runRules(t, []ruleCase{
		{"T/M BAN BÍ THƯ", partyHead + "                                   T/M BAN BÍ THƯ\nNơi nhận:\n- Các tỉnh ủy, thành ủy,\n- Lưu Văn phòng Trung ương Đảng.\n\n                                   Trần Văn An\n",
			map[string]any{"signer_authority": []string{"T/M BAN BÍ THƯ"}, "signer_title": "", "signer_name": "Trần Văn An"}},
		{"T/M ĐOÀN CHỦ TỊCH", partyHead + "                                   T/M ĐOÀN CHỦ TỊCH\n",
			map[string]any{"signer_authority": []string{"T/M ĐOÀN CHỦ TỊCH"}, "signer_title": ""}},
		{"T/M BAN THƯỜNG VỤ then a title is still split", partyHead + "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ\n\nLê Thị Hoa\n",
			map[string]any{"signer_authority": []string{"T/M BAN THƯỜNG VỤ"}, "signer_title": "PHÓ BÍ THƯ", "signer_name": "Lê Thị Hoa"}},
	})
}

// The signature column printed beside a Nơi nhận entry that wraps.
func TestSignatureBesideWrappedEntry(t *testing.T) {
	runRules(t, []ruleCase{
		{"title after a wide gap", partyHead + "Nơi nhận:                                           T/M BAN CHẤP HÀNH TRUNG ƯƠNG\n" +
			"- Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung             TỔNG BÍ THƯ\nương,\n- Lưu Văn phòng Trung ương Đảng.\n\n\n                          Nguyễn Văn Minh\n",
			map[string]any{"signer_authority": []string{"T/M BAN CHẤP HÀNH TRUNG ƯƠNG"}, "signer_title": "TỔNG BÍ THƯ", "signer_name": "Nguyễn Văn Minh",
				"distribution": []string{"Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương", "Lưu Văn phòng Trung ương Đảng"}}},
		{"name after a wide gap", stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\nThực hiện tốt./.\n" +
			"Nơi nhận:                                   CHỦ TỊCH\n- Văn phòng Chính phủ;\n- Các sở, ban, ngành của\ntỉnh;                                    Hồ Tiến Thiệu\n- Lưu: VT.\n",
			map[string]any{"signer_title": "CHỦ TỊCH", "signer_name": "Hồ Tiến Thiệu", "distribution": []string{"Văn phòng Chính phủ", "Các sở, ban, ngành của tỉnh", "Lưu: VT"}}},
	})
}

// Party numbers left blank for the văn thư to fill in: drafts and copies.
func TestBlankPartyNumber(t *testing.T) {
	for _, num := range []string{"Số -HD/BTCTU", "Số:   -HD/BTCTU", "Số – HD/BTCTU"} {
		d := mustParse(t, "THÀNH ỦY HÀ NỘI\nBAN TỔ CHỨC\n*\n"+num+"      ĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày   tháng 12 năm 2025\nHƯỚNG DẪN\nThực hiện quy trình\n")
		if d.Symbol != "-HD/BTCTU" || d.Number != "" || d.TypeCode != "HD" || d.IssuerCode != "BTCTU" || d.Type != "Hướng dẫn" {
			t.Errorf("%q: symbol %q number %q type_code %q issuer_code %q type %q", num, d.Symbol, d.Number, d.TypeCode, d.IssuerCode, d.Type)
		}
		if !hasWarning(d, "number") {
			t.Errorf("%q: no warning on the blank number: %v", num, d.Warnings)
		}
	}
}

// A booklet's cover page before the page with the real header.
func TestCoverPage(t *testing.T) {
	cover := "           ĐẢNG CỘNG SẢN VIỆT NAM\n  BAN CHẤP HÀNH ĐẢNG BỘ TỈNH THÁI NGUYÊN\n\n\n\n                 BÁO CÁO\nTỔNG KẾT CÔNG TÁC NĂM 2025\n\n\n                LƯU HÀNH NỘI BỘ\n\n\n                 THÁNG 9 - 2025\n"
	// pdftotext ends a page with a form feed, which decoding drops; the
	// page number printed at the foot of the cover is what marks its end.
	for _, brk := range []string{"                                       3\n\n", "\f   3\n", "3\n"} {
		d := mustParse(t, cover+brk+partyHead+"            BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\n")
		want := map[string]string{"issuer": "TỈNH ỦY THÁI NGUYÊN", "parent_issuer": "", "subject": "tổng kết công tác xây dựng Đảng năm 2025", "symbol": "120-BC/TU", "date": "2025-09-15"}
		for k, w := range want {
			if g := field(d, k); g != w {
				t.Errorf("break %q: %s = %q, want %q", brk, k, g, w)
			}
		}
	}
	// A first page that has its own number line is no cover.
	d := mustParse(t, partyHead+"\f   2\n  Nội dung tiếp theo của báo cáo.\n")
	if d.Symbol != "120-BC/TU" || d.Issuer != "TỈNH ỦY THÁI NGUYÊN" {
		t.Errorf("first page taken for a cover: symbol %q issuer %q", d.Symbol, d.Issuer)
	}
}

// Nơi nhận saved from Word without its list bullets, with a side note that
// spans two entries.
func TestUnbulletedDistribution(t *testing.T) {
	runRules(t, []ruleCase{
		{"entries end with ;", stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\nThực hiện tốt./.\n" +
			"Nơi nhận:\nBan TT UBTW MTTQ VN; (Để\nBan Thường vụ Tỉnh ủy;      báo cáo)\nUBND tỉnh;\nCác sở, ban, ngành,\nđoàn thể tỉnh;\n- Lưu VP.\nTM. BAN THƯỜNG TRỰC\nPHÓ CHỦ TỊCH\nNguyễn Văn Bình\n",
			map[string]any{"distribution": []string{"Ban TT UBTW MTTQ VN", "Ban Thường vụ Tỉnh ủy", "UBND tỉnh", "Các sở, ban, ngành, đoàn thể tỉnh", "Lưu VP"},
				"signer_authority": []string{"TM. BAN THƯỜNG TRỰC"}, "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn Bình"}},
	})
}

// "nơi nhận" at the start of a wrapped body line is running text.
func TestNoiNhanInRunningText(t *testing.T) {
	d := mustParse(t, partyHead+"    Chi ủy nơi giao và\nnơi nhận lập biên bản bàn giao sổ danh sách đảng viên.\n    Các cấp ủy thực hiện.\n\nNơi nhận:                                K/T TRƯỞNG BAN\n- Thường trực Thành ủy,\n- Lưu.                                   PHÓ TRƯỞNG BAN\n\n\n                                         Triệu Thị Ngọc\n")
	if !reflect.DeepEqual(d.Distribution, []string{"Thường trực Thành ủy", "Lưu"}) || d.SignerName != "Triệu Thị Ngọc" {
		t.Errorf("distribution %q signer %q", d.Distribution, d.SignerName)
	}
}

func hasWarning(d *vanban.Document, f string) bool {
	for _, w := range d.Warnings {
		if w.Field == f {
			return true
		}
	}
	return false
}

// Congress papers (36-HD: issued by the congress itself): the congress's
// name runs over the issuer lines; no number, no date, a collective closing.
func TestCongressPapers(t *testing.T) {
	runRules(t, []ruleCase{
		{"Party congress with a number-less header", "       ĐẠI HỘI ĐẠI BIỂU                     ĐẢNG CỘNG SẢN VIỆT NAM\n  ĐẢNG BỘ TỈNH BẮC NINH\n LẦN THỨ XX, NHIỆM KỲ 2020 - 2025            Bắc Ninh, ngày 14 tháng 10 năm 2020\n               *\n\n" +
			"                 NỘI QUY\n        của Đại hội đại biểu Đảng bộ tỉnh Bắc Ninh lần thứ XX,\n                          nhiệm kỳ 2020 - 2025\n\n    - Căn cứ Điều lệ Đảng;\n    Đại hội thống nhất như sau:\n\n                          ĐOÀN CHỦ TỊCH ĐẠI HỘI\n",
			map[string]any{"issuer": "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH BẮC NINH LẦN THỨ XX, NHIỆM KỲ 2020 - 2025", "parent_issuer": "", "system": "party",
				"subject": "của Đại hội đại biểu Đảng bộ tỉnh Bắc Ninh lần thứ XX, nhiệm kỳ 2020 - 2025", "date": "2020-10-14"}},
		{"mass organisation congress, no number and no date", "ĐẠI HỘI ĐẠI BIỂU HỘI SINH VIÊN VIỆT NAM\nTRƯỜNG ĐẠI HỌC CẦN THƠ\n     LẦN THỨ VIII, NHIỆM KỲ 2023 - 2025\n                      _______\n\n\n" +
			"                                       BÁO CÁO\n           TỔNG KẾT CÔNG TÁC HỘI\n        CỦA BAN CHẤP HÀNH HỘI SINH VIÊN TRƯỜNG\n                              NHIỆM KỲ VII (2020 - 2023)\n                                      ___________\n" +
			"         Trong nhiệm kỳ, Ban Chấp hành đã hoàn thành các nhiệm vụ.\n\n                                    BAN CHẤP HÀNH HỘI SINH VIÊN TRƯỜNG\n                                              NHIỆM KỲ VII (2020 - 2023)\n",
			map[string]any{"issuer": "ĐẠI HỘI ĐẠI BIỂU HỘI SINH VIÊN VIỆT NAM TRƯỜNG ĐẠI HỌC CẦN THƠ LẦN THỨ VIII, NHIỆM KỲ 2023 - 2025", "type": "Báo cáo", "system": "mass_org",
				"subject": "TỔNG KẾT CÔNG TÁC HỘI CỦA BAN CHẤP HÀNH HỘI SINH VIÊN TRƯỜNG NHIỆM KỲ VII (2020 - 2023)", "signer_title": "BAN CHẤP HÀNH HỘI SINH VIÊN TRƯỜNG NHIỆM KỲ VII (2020 - 2023)"}},
		{"Youth Union congress document", "       ĐẠI HỘI ĐẠI BIỂU                             ĐOÀN TNCS HỒ CHÍ MINH\n    ĐOÀN TNCS HỒ CHÍ MINH\n TỈNH AN GIANG\nLẦN THỨ XI, NHIỆM KỲ 2022 – 2027\n               ***\n\n" +
			"                            VĂN KIỆN\n                        ĐẠI HỘI ĐẠI BIỂU\n             ĐOÀN TNCS HỒ CHÍ MINH TỈNH AN GIANG\n                 LẦN THỨ XI, NHIỆM KỲ 2022 - 2027\n                          ______________\n\n    Phần thứ nhất\n",
			map[string]any{"issuer": "ĐẠI HỘI ĐẠI BIỂU ĐOÀN TNCS HỒ CHÍ MINH TỈNH AN GIANG LẦN THỨ XI, NHIỆM KỲ 2022 – 2027", "type": "Văn kiện", "system": "mass_org",
				"subject": "ĐẠI HỘI ĐẠI BIỂU ĐOÀN TNCS HỒ CHÍ MINH TỈNH AN GIANG LẦN THỨ XI, NHIỆM KỲ 2022 - 2027"}},
	})
}

// Capitals that finish the title line, then the subject in normal case.
func TestTitleContinuation(t *testing.T) {
	head := "TỈNH ỦY THÁI NGUYÊN                  ĐẢNG CỘNG SẢN VIỆT NAM\n            *\nSố 06-CTr/TU                         Thái Nguyên, ngày 15 tháng 9 năm 2025\n\n"
	runRules(t, []ruleCase{
		{"rest of the title line", head + "                   CHƯƠNG TRÌNH HÀNH ĐỘNG\n        thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I,\n                           nhiệm kỳ 2025 - 2030\n\n    I. MỤC TIÊU\n",
			map[string]any{"type": "Chương trình", "subject": "thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030"}},
		{"CỦA … line, then Về", head + "THÔNG BÁO\n____ CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\nVề nội dung, thời gian tổ chức Đại hội đại biểu\nĐảng bộ tỉnh Thái Nguyên lần thứ XXI, nhiệm kỳ 2025 - 2030\n\n- Căn cứ Điều lệ Đảng;\n",
			map[string]any{"type": "Thông báo", "subject": "nội dung, thời gian tổ chức Đại hội đại biểu Đảng bộ tỉnh Thái Nguyên lần thứ XXI, nhiệm kỳ 2025 - 2030"}},
		{"capitals subject, then the body", head + "BÁO CÁO\nTỔNG KẾT CÔNG TÁC NĂM 2025\nTrong năm, Tỉnh ủy đã lãnh đạo toàn diện các mặt công tác và đạt nhiều kết quả.\n",
			map[string]any{"subject": "TỔNG KẾT CÔNG TÁC NĂM 2025"}},
		{"centred second line that starts with a capital", head + "                                 BÁO CÁO\n              tổng hợp ý kiến góp ý vào các dự thảo văn kiện\n             Đại hội đại biểu toàn quốc lần thứ XIV của Đảng\n                                    -----\n\n    Thực hiện Kế hoạch số 01-KH/TU, các cấp ủy đã tổ chức lấy ý kiến.\n",
			map[string]any{"subject": "tổng hợp ý kiến góp ý vào các dự thảo văn kiện Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"}},
		{"authority line under the subject is not the subject", stateHead + "Số: 119/QĐ-UBND\nLạng Sơn, ngày 23 tháng 11 năm 2009\nQUYẾT ĐỊNH\nVỀ VIỆC BỔ SUNG THỦ TỤC HÀNH CHÍNH\nỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nCăn cứ Luật Tổ chức chính quyền địa phương;\n",
			map[string]any{"subject": "BỔ SUNG THỦ TỤC HÀNH CHÍNH"}},
	})
}

// Copies typed without diacritics: the crawler's title line and "Ve viec".
func TestNoDiacriticsHeader(t *testing.T) {
	d := mustParse(t, "Quyet dinh 1500/QD-BHXH nam 2015 ve the bao hiem y te do Tong Giam doc Bao hiem xa hoi Viet Nam ban hanh. BAO HIEM XA HOI VIET NAM -----------\n"+
		"CONG HOA XA HOI CHU NGHIA VIET NAM Doc lap - Tu do - Hanh phuc ---------------\nSo: 1500/QD-BHXH\n"+
		"Ha Noi, ngay 14 thang 12 nam 2015 QUYET DINH VE VIEC BAN HANH THE BAO HIEM Y TE TONG GIAM DOC BAO HIEM XA HOI VIET NAM\nCan cu Luat Bao hiem y te;\n")
	if d.Issuer != "BAO HIEM XA HOI VIET NAM" || d.Subject != "BAN HANH THE BAO HIEM Y TE" || d.Type != "Quyết định" || d.Date != "2015-12-14" {
		t.Errorf("issuer %q subject %q type %q date %q", d.Issuer, d.Subject, d.Type, d.Date)
	}
	for _, s := range []string{"V/v tang cuong", "Ve viec tang cuong", "VE VIEC tang cuong", "Về việc tang cuong", "VỀ tang cuong"} {
		if n := veViec(s); s[n:] != "tang cuong" {
			t.Errorf("veViec(%q) leaves %q", s, s[n:])
		}
	}
	if n := veViec("về quản lý"); n != 0 {
		t.Errorf("a lower-case về is a word of the subject, cut %d", n)
	}
}

// A scanned Party notice whose text layer lost most diacritics: Đ read as
// B, "Số" as "S", "Nơi" as "No'i", seal debris beside the entries.
func TestOCRPartyHeader(t *testing.T) {
	d := mustParse(t, "   TiNH UY BAC KAN                                         BANG CONG SAN VIT NAM\n              *\n"+
		"        S 52-TB/TU                                            BacKan, ngày12 tháng3nám 2024\n                              THÔNG BAO\n"+
		"    - Can cü Quy djnh s 24-QD/TW, ngày 30/7/2021 cüa Ban Chip hành Trung ucing;\n    Ban Thuong vu thông báo nhu sau.\n"+
		" No'i nhân:                                                          T/M BAN THUONG VU\n"+
		" - Các dông chI Uy viên BCH Dâng b tinh,                                   BH\n - Luu Van phOng Tinh üy.\n")
	want := map[string]any{"system": "party", "motto": "BANG CONG SAN VIT NAM", "issuer": "TiNH UY BAC KAN", "symbol": "52-TB/TU", "number": "52",
		"type_code": "TB", "issuer_code": "TU", "signer_authority": []string{"T/M BAN THUONG VU"},
		"distribution": []string{"Các dông chI Uy viên BCH Dâng b tinh", "Luu Van phOng Tinh üy"}}
	for k, w := range want {
		if g := field(d, k); !reflect.DeepEqual(g, w) {
			t.Errorf("%s = %#v, want %#v", k, g, w)
		}
	}
	if len(d.References) != 1 || d.References[0].Symbol != "24-QD/TW" {
		t.Errorf("references %+v", d.References)
	}
	// A bare S before anything but the Party form is not a number line.
	d = mustParse(t, stateHead+"S 15/KH lịch công tác\nSố: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\n")
	if d.Symbol != "07/KH-UBND" {
		t.Errorf("symbol %q", d.Symbol)
	}
}

// Citations whose symbol is cut by spaces, dashes or a second slash, or
// starts with letters; Party and legal-act shapes cited without a cue.
func TestReferenceShapes(t *testing.T) {
	head := stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\n"
	cases := []struct{ body, want string }{
		{"Thay thế Hướng dẫn số 08 –HD/BTCTU ngày 16/8/2017.", "08-HD/BTCTU"},
		{"Căn cứ Thông tư số 21/2025/TT - BNV, ngày 12/10/2025 của Bộ Nội vụ.", "21/2025/TT-BNV"},
		{"Căn cứ Nghị quyết liên tịch số 102/2025/NQLT/UBTVQH15-CP- ĐCTUBTWMTTQVN ngày 26/9/2025.", "102/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN"},
		{"Trả lời công văn số CV-FRVN/02-2015 của Công ty.", "CV-FRVN/02-2015"},
		{"Can cu Quy djnh s 294-QD/TW, ngay 26/5/2025.", "294-QD/TW"},
		{"theo (83/2013/NĐ-CP) đã nêu.", "83/2013/NĐ-CP"},
	}
	for _, c := range cases {
		d := mustParse(t, head+c.body+"\n")
		var got []string
		for _, r := range d.References {
			got = append(got, r.Symbol)
		}
		if !reflect.DeepEqual(got, []string{c.want}) {
			t.Errorf("%q: references %q, want %q", c.body, got, c.want)
		}
	}
	// Shapes that are not citations: a date, a ratio, a code without a cue.
	for _, body := range []string{"Ngày 05/3/2020 họp.", "Tỷ lệ 3/4 số hộ.", "Đề án 06/CP được triển khai.", "Mẫu số 01-1/TB-TĐT kèm theo.", "Chi nhánh HN/02 báo cáo."} {
		if d := mustParse(t, head+body+"\n"); len(d.References) != 0 {
			t.Errorf("%q: references %+v", body, d.References)
		}
	}
}

// Mass organisations: Mặt trận and its member organisations print the
// Quốc hiệu like State bodies, or the Youth Union's title.
func TestMassOrganisations(t *testing.T) {
	for _, head := range []string{
		"ỦY BAN MTTQ VIỆT NAM               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NINH                     Độc lập - Tự do - Hạnh phúc\nSố: 90/TB-BTT                  Quảng Ninh, ngày 12 tháng 3 năm 2021\n",
		"ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nTỈNH QUẢNG NINH\nBAN THƯỜNG TRỰC\nSố: 90/HD-BTT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\nQuảng Ninh, ngày 12 tháng 3 năm 2021\n",
		"UBND TỈNH QUẢNG NINH                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBAN CHỈ ĐẠO                     Độc lập - Tự do - Hạnh phúc\nSố: 90/TB-MTTQ-BTT                  Quảng Ninh, ngày 12 tháng 3 năm 2021\n",
		"LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 90/LĐLĐ                        Độc lập - Tự do - Hạnh phúc\nNghệ An, ngày 12 tháng 3 năm 2021\n",
		"THÀNH ĐOÀN HÀ NỘI                   ĐOÀN TNCS HỒ CHÍ MINH\n***\nSố: 90-CV/TĐTN-VP                   Hà Nội, ngày 12 tháng 3 năm 2021\n",
		"HỘI CỰU CHIẾN BINH VIỆT NAM         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC NINH\nSố: 12/HCCB                        Bắc Ninh, ngày 12 tháng 3 năm 2021\n",
	} {
		d := mustParse(t, head+"THÔNG BÁO\nVề việc tổ chức hội nghị\n")
		if d.System != "mass_org" {
			t.Errorf("system %q for\n%s", d.System, head)
		}
	}
	d := mustParse(t, stateHead+"Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhối hợp với Ủy ban MTTQ tỉnh\n")
	if d.System != "state" {
		t.Errorf("a State plan that names Mặt trận in its subject: system %q", d.System)
	}
}

// The number cell fused into the issuer line by OCR, "Số" lost; and a
// symbol cited in the V/v subject, which is never the document's own.
func TestOwnNumberCell(t *testing.T) {
	d := mustParse(t, "ỦY BAN NHÂN DÂN TỈNH HÀ NAM 1234/QĐ-UBND     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n                                     Độc lập - Tự do - Hạnh phúc\n"+
		"                                     Hà Nam, ngày 12 tháng 3 năm 2021\nQUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
	if d.Symbol != "1234/QĐ-UBND" || d.Issuer != "ỦY BAN NHÂN DÂN TỈNH HÀ NAM" || d.Type != "Quyết định" || !hasWarning(d, "symbol") {
		t.Errorf("fused number: symbol %q issuer %q type %q warnings %v", d.Symbol, d.Issuer, d.Type, d.Warnings)
	}
	for _, vv := range []string{
		"V/v triển khai thực hiện            Hà Nam, ngày 12 tháng 3 năm 2021\nNghị định số 15/2020/NĐ-CP\ncủa Chính phủ\n",
		"V/V TRIỂN KHAI NGHỊ ĐỊNH SỐ 15/2020/NĐ-CP     Hà Nam, ngày 12 tháng 3 năm 2021\n",
		"V/v triển khai Nghị định     Hà Nam, ngày 12 tháng 3 năm 2021\nSố 15/2020/NĐ-CP của Chính phủ\n",
	} {
		d := mustParse(t, "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HÀ NAM                         Độc lập - Tự do - Hạnh phúc\n"+vv+"\nKính gửi: Các sở, ban, ngành.\n\nĐề nghị các đơn vị triển khai./.\n")
		if d.Symbol != "" || d.Type != "Công văn" || !hasWarning(d, "symbol") {
			t.Errorf("cited decree taken for the letter: symbol %q type %q\n%s", d.Symbol, d.Type, vv)
		}
		if !strings.Contains(fold1(d.Subject), "nghi dinh") {
			t.Errorf("subject %q lost the cited decree\n%s", d.Subject, vv)
		}
	}
}

// Weak readings carry a warning naming the field; clean ones do not.
func TestWeakReadingsWarned(t *testing.T) {
	head := stateHead + "Số: 07/CV-RTr\nLạng Sơn, ngày 13 tháng 01 năm 2020\nV/v phòng chống lụt bão\nKính gửi: Các sở, ban, ngành.\nThực hiện tốt./.\n"
	d := mustParse(t, head+"Nơi nhận:\n- Như trên;\n- Lưu: VT, HTr.\nCHỦ TỊCH\nNguyễn Văn An\n")
	if !hasWarning(d, "unit_code") {
		t.Errorf("unit code RTr against Lưu: VT, HTr not warned: %v", d.Warnings)
	}
	d = mustParse(t, head+"Nơi nhận:\n- Như trên;\n- Lưu: VT, RTr.\nCHỦ TỊCH\nNguyễn Văn An\n")
	if hasWarning(d, "unit_code") {
		t.Errorf("matching Lưu line warned: %v", d.Warnings)
	}
	d = mustParse(t, strings.Replace(head, "07/CV-RTr", "07/UBND-VP", 1)+"Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n")
	if hasWarning(d, "unit_code") {
		t.Errorf("unit VP warned against the văn thư's VT: %v", d.Warnings)
	}
	d = mustParse(t, "TONG CỤC THU. cue THUẾ: TỈNH HÒA BÌNH   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/TCT-CS\nHà Nội, ngày 2 tháng 3 năm 2020\nV/v hoàn thuế\n")
	if !hasWarning(d, "issuer") {
		t.Errorf("issuer with a lower-case stamp word not warned: %q %v", d.Issuer, d.Warnings)
	}
	d = mustParse(t, stateHead+"Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\nThực hiện tốt./.\n"+
		"Nơi nhận:\n- Các đồng chí Ủy viên, ⁄ZZ”5ÄY.HÍ THƯ\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n")
	if !hasWarning(d, "distribution") {
		t.Errorf("debris in a Nơi nhận entry not warned: %q %v", d.Distribution, d.Warnings)
	}
	for _, f := range []string{"issuer", "subject", "distribution", "signer_name", "signer_title", "date", "unit_code"} {
		clean := mustParse(t, stateHead+"Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão “mùa mưa” 2020\nThực hiện tốt./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n")
		if hasWarning(clean, f) {
			t.Errorf("clean document warned on %s: %v", f, clean.Warnings)
		}
	}
	d = mustParse(t, "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 30/2020/NĐ-CP\nHà Nội, ngày 05 tháng 3 năm 2021\nNGHỊ ĐỊNH\nVề công tác văn thư\n")
	if !hasWarning(d, "date") {
		t.Errorf("date year 2021 against 30/2020/NĐ-CP not warned: %v", d.Warnings)
	}
}

// Number citations: "Quy định 57" with a capitalised type name, no "số".
func TestNumberCitations(t *testing.T) {
	head := stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\n"
	d := mustParse(t, head+"Theo (Quy định 57, Quy định 75, Quy định\n126) và Công điện số 1852; Cong dien so 1900 ngay 2/3.\n")
	var got []string
	for _, r := range d.References {
		got = append(got, r.Symbol)
	}
	if !reflect.DeepEqual(sortedCopy(got), []string{"126", "1852", "1900", "57", "75"}) {
		t.Errorf("references %q", got)
	}
	for _, body := range []string{"Kế hoạch 2025 được giao.", "Theo quy định 57 đơn vị phải báo cáo.", "Tại Điều 57 Luật Đất đai."} {
		if d := mustParse(t, head+body+"\n"); len(d.References) != 0 {
			t.Errorf("%q: references %+v", body, d.References)
		}
	}
}

// Word's "Save as Web Page" (and web copies saved as .txt): the text of the
// page, not its markup. testdata/word-export.htm is written the way Word
// writes it: the header and the closing as two-cell tables, paragraphs with
// classes, <o:p>, a conditional comment, entities.
func TestWordHTML(t *testing.T) {
	src, err := os.ReadFile("testdata/word-export.htm")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse("word-export.htm", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"system": "mass_org", "issuer": "ỦY BAN MTTQ VIỆT NAM TỈNH QUẢNG NINH", "symbol": "12/KH-MTTQ-BTT", "type": "Kế hoạch",
		"date": "2025-03-05", "place": "Quảng Ninh", "subject": "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2025",
		"distribution": []string{"Ban TT UBTW MTTQ VN", "Các tổ chức thành viên", "Lưu VP"}, "signer_authority": []string{"TM. BAN THƯỜNG TRỰC"},
		"signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Thị Hoa"}
	for k, w := range want {
		if g := field(d, k); !reflect.DeepEqual(g, w) {
			t.Errorf("%s = %#v, want %#v", k, g, w)
		}
	}
	if strings.ContainsAny(d.Body, "<>") && !strings.Contains(d.Body, "<tóm tắt>") || strings.Contains(d.Body, "MsoNormal") || !strings.Contains(d.Body, "Mục đích & yêu cầu <tóm tắt>") {
		t.Errorf("body keeps markup or lost the entities: %q", d.Body)
	}
	// Plain text that merely starts with "<" is not HTML.
	if looksHTML("<Dự thảo>\nỦY BAN NHÂN DÂN") || !looksHTML("\ufeff  <!DOCTYPE html><html>") {
		t.Error("looksHTML")
	}
	// Broken markup gives text, not a failure or a hang.
	for _, s := range []string{"<html><p>Số: 1/UBND-VP<p", "<html><!-- never closed", "<html><style>p{}", strings.Repeat("<p><b>", 200000)} {
		_ = htmlToText(s)
	}
}

// Documents written for these tests in the shapes of format-spec.md: a
// decision typed without diacritics, a công văn with two authorities, a
// Party draft dated without a day, a title wrapped in a narrow signature
// column.
func TestDocumentShapes(t *testing.T) {
	runRules(t, []ruleCase{
		{"decision without diacritics", "UY BAN NHAN DAN                    CONG HOA XA HOI CHU NGHIA VIET NAM\nTINH THAI BINH                      Doc lap - Tu do - Hanh phuc\nSo: 245/QD-UBND                    Thai Binh, ngay 3 thang 2 nam 2022\n\nQUYET DINH\nVe viec thanh lap To cong tac lien nganh\n\nCHU TICH UY BAN NHAN DAN TINH THAI BINH\n\nCan cu Luat To chuc chinh quyen dia phuong;\nQUYET DINH:\nDieu 1. Thanh lap To cong tac.\n\nNoi nhan:                                   KT. CHU TICH\n- Nhu Dieu 3;                               PHO CHU TICH\n- Luu: VT, NC.\n\n                                            Nguyen Quang Hung\n",
			map[string]any{"issuer": "UY BAN NHAN DAN TINH THAI BINH", "symbol": "245/QD-UBND", "type": "Quyết định", "place": "Thai Binh", "date": "2022-02-03",
				"subject": "thanh lap To cong tac lien nganh", "distribution": []string{"Nhu Dieu 3", "Luu: VT, NC"}, "signer_authority": []string{"KT. CHU TICH"},
				"signer_title": "PHO CHU TICH", "signer_name": "Nguyen Quang Hung"}},
		{"công văn without diacritics, TL. and KT.", "BO TAI CHINH                       CONG HOA XA HOI CHU NGHIA VIET NAM\nTONG CUC THUE                       Doc lap - Tu do - Hanh phuc\nSo: 1234/TCT-CS                    Ha Noi, ngay 15 thang 6 nam 2021\nV/v chinh sach thue GTGT\n\nKinh gui: Cuc Thue tinh Binh Duong.\n\nTong cuc Thue nhan duoc cong van so 567/CT-TTHT cua Cuc Thue tinh Binh Duong. Ve van de nay, Tong cuc Thue co y kien nhu sau: thuc hien theo quy dinh./.\n\nNoi nhan:                                   TL. TONG CUC TRUONG\n- Nhu tren;                                 KT. VU TRUONG VU CHINH SACH\n- Luu: VT, CS (2b).                         PHO VU TRUONG\n\n                                            Tran Van Minh\n",
			map[string]any{"parent_issuer": "BO TAI CHINH", "issuer": "TONG CUC THUE", "type": "Công văn", "subject": "chinh sach thue GTGT", "recipients": []string{"Cuc Thue tinh Binh Duong"},
				"signer_authority": []string{"TL. TONG CUC TRUONG", "KT. VU TRUONG VU CHINH SACH"}, "signer_title": "PHO VU TRUONG", "signer_name": "Tran Van Minh"}},
		{"Party draft dated without a day", "HUYỆN ỦY ĐỊNH HÓA                      ĐẢNG CỘNG SẢN VIỆT NAM\n         *\n   Số 125-TB/HU                   Định Hóa, ngày   tháng 8 năm 2025\n       DỰ THẢO\n                       THÔNG BÁO\n      kết luận của Ban Thường vụ Huyện ủy về công tác\n                  chuẩn bị đại hội\n                           -----\n     Ngày 12/8/2025, Ban Thường vụ Huyện ủy họp nghe báo cáo.\nNơi nhận:                                     T/M BAN THƯỜNG VỤ\n- Các đồng chí Huyện ủy viên,                      PHÓ BÍ THƯ\n- Lưu Văn phòng Huyện ủy.\n\n                                                Hoàng Văn Tiến\n",
			map[string]any{"system": "party", "issuer": "HUYỆN ỦY ĐỊNH HÓA", "symbol": "125-TB/HU", "date": "", "place": "Định Hóa",
				"subject": "kết luận của Ban Thường vụ Huyện ủy về công tác chuẩn bị đại hội", "signer_title": "PHÓ BÍ THƯ", "signer_name": "Hoàng Văn Tiến"}},
		{"title wrapped in the signature column", "SỞ Y TẾ LÂM ĐỒNG                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n                                    Độc lập - Tự do - Hạnh phúc\nSố: 88/SYT-NVY                      Lâm Đồng, ngày 10 tháng 5 năm 2024\nV/v tăng cường phòng chống dịch\n\nKính gửi: Các bệnh viện trong tỉnh.\n\nĐề nghị các đơn vị thực hiện nghiêm./.\n\nNơi nhận:                                   KT. GIÁM ĐỐC\n- Như trên;                                 PHÓ\n- UBND tỉnh (b/c);                          GIÁM ĐỐC\n- Lưu: VT, NVY.\n                                            Lâm Văn Đức\n",
			map[string]any{"signer_authority": []string{"KT. GIÁM ĐỐC"}, "signer_title": "PHÓ GIÁM ĐỐC", "signer_name": "Lâm Văn Đức",
				"distribution": []string{"Như trên", "UBND tỉnh (b/c)", "Lưu: VT, NVY"}}},
	})
}

// TestReferencesInLongDocument: a long document is scanned for citations
// in chunks; a citation broken over the lines where a chunk ends is found
// once, and every citation is found in order of first appearance.
func TestReferencesInLongDocument(t *testing.T) {
	var b strings.Builder
	b.WriteString(stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\n")
	filler := strings.Repeat("Các đơn vị thực hiện nghiêm túc các nhiệm vụ được giao trong năm.\n", 40)
	want := []string{}
	for i := 0; i < 120; i++ { // about 1.1 MB: several chunks
		b.WriteString(filler)
		sym := fmt.Sprintf("%d/QĐ-UBND", 100+i)
		want = append(want, sym)
		// Every citation is broken after its dash, at a line end.
		fmt.Fprintf(&b, "Căn cứ Quyết định số %d/QĐ-\nUBND ngày 05/3/2020 của Ủy ban.\n", 100+i)
	}
	d := mustParse(t, b.String())
	var got []string
	for _, r := range d.References {
		got = append(got, r.Symbol)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%d references, want %d; first %v", len(got), len(want), got[:min(len(got), 5)])
	}
}

// TestConcurrentParsesAgree: parses running at once give the records they
// give one at a time (no state or buffer shared between them).
func TestConcurrentParsesAgree(t *testing.T) {
	files := corpusFiles(t)
	want := make([]string, len(files))
	for i, f := range files {
		src, _ := os.ReadFile(f)
		d, err := Parse(f, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = string(marshal(t, d))
	}
	var wg sync.WaitGroup
	got := make([][]string, 4)
	for g := range got {
		got[g] = make([]string, len(files))
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range files {
				i := (k + g*7) % len(files)
				src, _ := os.ReadFile(files[i])
				d, err := Parse(files[i], src, Options{})
				if err == nil {
					got[g][i] = string(marshal(t, d))
				}
			}
		}(g)
	}
	wg.Wait()
	for g := range got {
		for i := range files {
			if got[g][i] != want[i] {
				t.Errorf("goroutine %d, %s: record differs from the serial parse", g, filepath.Base(files[i]))
			}
		}
	}
}

// TestWriteCollapsed: the body's lines are collapsed as strings.Fields and
// a join would collapse them.
func TestWriteCollapsed(t *testing.T) {
	for _, s := range []string{"a  b\tc", "Căn cứ   Luật\u2002số 5", "x\u3000\u3000y", "one", "a \u00a0 b", "end  "} {
		var b strings.Builder
		writeCollapsed(&b, strings.TrimSpace(s))
		if want := strings.Join(strings.Fields(s), " "); b.String() != want {
			t.Errorf("writeCollapsed(%q) = %q, want %q", s, b.String(), want)
		}
	}
}
