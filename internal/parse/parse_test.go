package parse

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/vanban"
	"golang.org/x/text/unicode/norm"
)

func mustParse(t *testing.T, text string) *vanban.Document {
	t.Helper()
	d, err := Parse("test.txt", []byte(text), Options{})
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, text)
	}
	return d
}

// field returns a record field by its JSON name.
func field(d *vanban.Document, name string) any {
	v := reflect.ValueOf(*d)
	tp := v.Type()
	for i := 0; i < tp.NumField(); i++ {
		tag := strings.Split(tp.Field(i).Tag.Get("json"), ",")[0]
		if tag == name {
			return v.Field(i).Interface()
		}
	}
	panic("no field " + name)
}

type ruleCase struct {
	name string
	text string
	want map[string]any // JSON field name → value (string or []string)
}

func runRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := mustParse(t, tc.text)
			for k, want := range tc.want {
				got := field(d, k)
				if w, ok := want.([]string); ok && len(w) == 0 {
					if g, ok := got.([]string); ok && len(g) == 0 {
						continue
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", k, got, want)
				}
			}
		})
	}
}

const stateHead = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"

// Numbers and symbols: format-spec.md §2.4, §3.3 and edge cases 10–12.
func TestRuleNumbers(t *testing.T) {
	runRules(t, []ruleCase{
		{"state colon", stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\n",
			map[string]any{"number": "07", "symbol": "07/KH-UBND", "type_code": "KH", "issuer_code": "UBND", "unit_code": "", "type": "Kế hoạch"}},
		{"legal act with year", "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 30/2020/NĐ-CP\nHà Nội, ngày 05 tháng 3 năm 2020\nNGHỊ ĐỊNH\nVề công tác văn thư\n",
			map[string]any{"number": "30", "symbol": "30/2020/NĐ-CP", "type_code": "NĐ", "issuer_code": "CP", "type": "Nghị định"}},
		{"space before slash", "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 55 /2005/TTLT-BNV-VPCP\nHà Nội, ngày 06 tháng 5 năm 2005\nTHÔNG TƯ LIÊN TỊCH\nHướng dẫn về thể thức\n",
			map[string]any{"number": "55", "symbol": "55/2005/TTLT-BNV-VPCP", "type_code": "TTLT", "issuer_code": "BNV-VPCP", "type": "Thông tư liên tịch"}},
		{"cong van issuer-unit", "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 15764/BTC-TĐKT\nV/v: tổng kết công tác thi đua, khen thưởng\nnăm 2013\nHà Nội, ngày 15 tháng 11 năm 2013\n",
			map[string]any{"symbol": "15764/BTC-TĐKT", "type_code": "", "issuer_code": "BTC", "unit_code": "TĐKT", "type": "Công văn", "subject": "tổng kết công tác thi đua, khen thưởng năm 2013"}},
		{"cong van whose issuer code is also a type code", "TỔNG CỤC THUẾ   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCỤC THUẾ TỈNH THANH HÓA   Độc lập - Tự do - Hạnh phúc\nSố: 1864 /CT-TTHT   Thanh Hóa, ngày 13 tháng 04 năm 2021\nV/v giá tính thuế\n",
			map[string]any{"number": "1864", "symbol": "1864/CT-TTHT", "type_code": "", "issuer_code": "CT", "unit_code": "TTHT", "type": "Công văn"}},
		{"party no colon", "TỈNH ỦY BÌNH DƯƠNG\n*\nSố 71 -CV/TU\nV/v tăng cường phòng, chống dịch\nĐẢNG CỘNG SẢN VIỆT NAM\nBình Dương, ngày 03 tháng 12 năm 2020\n",
			map[string]any{"system": "party", "number": "71", "symbol": "71-CV/TU", "type_code": "CV", "issuer_code": "TU", "type": "Công văn"}},
		{"party en dash, mass organisation", "BAN CHẤP HÀNH TRUNG ƯƠNG\nHỘI NÔNG DÂN VIỆT NAM\nSố 357 –CV/HNDTW\nV/v thực hiện Quy chế làm việc\nHà Nội, ngày 02 tháng 3 năm 2015\n",
			map[string]any{"system": "mass_org", "symbol": "357-CV/HNDTW", "type_code": "CV", "issuer_code": "HNDTW"}},
		{"party QĐ under a QUY ĐỊNH title", "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 66-QĐ/TW\nHà Nội, ngày 06 tháng 02 năm 2017\nQUY ĐỊNH\nvề thể loại, thẩm quyền ban hành văn bản của Đảng\n",
			map[string]any{"type_code": "QĐ", "type": "Quy định", "subject": "về thể loại, thẩm quyền ban hành văn bản của Đảng"}},
		{"party TT is Thông tri", "TỈNH ỦY BẾN TRE\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 05-TT/TU\nBến Tre, ngày 10 tháng 8 năm 2019\n",
			map[string]any{"type_code": "TT", "type": "Thông tri"}},
		{"blank number", "ĐẠI HỌC ĐÀ NẴNG   CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG ĐẠI HỌC SƯ PHẠM   Độc lập - Tự do - Hạnh phúc\nSố:      /HC-TH   Đà Nẵng, ngày      tháng 3 năm 2010\nV/v thực hiện thống nhất thể thức\nvà kỹ thuật trình bày văn bản\nKính gửi: Thủ trưởng các đơn vị\n",
			map[string]any{"number": "", "issuer_code": "HC", "unit_code": "TH", "parent_issuer": "ĐẠI HỌC ĐÀ NẴNG", "issuer": "TRƯỜNG ĐẠI HỌC SƯ PHẠM", "date": "", "place": "Đà Nẵng",
				"subject": "thực hiện thống nhất thể thức và kỹ thuật trình bày văn bản", "recipients": []string{"Thủ trưởng các đơn vị"}}},
		{"slash read as I by OCR", "CUC THUE TP HA NOI   CONG HOA XA HOI CHU NGHIA VIET NAM\nSố: S¥O¥OICT-TTHT Ha Nội, ngày 26 tháng 6 năm 2020\nV/v vướng mắc\n",
			map[string]any{"number": "", "issuer_code": "CT", "unit_code": "TTHT", "place": "Ha Nội", "date": "2020-06-26"}},
	})
}

// Dates and places: format-spec.md §2.6 and edge cases 14–16.
func TestRuleDates(t *testing.T) {
	runRules(t, []ruleCase{
		{"row-interleaved, unpadded day", "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HẬU GIANG   Độc Lập - Tự Do - Hạnh Phúc\nSố: 454/UBND-NCTH   Vị Thanh, ngày 6 tháng 4 năm 2011\nV/v bình chọn\n",
			map[string]any{"place": "Vị Thanh", "date": "2011-04-06", "issuer": "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "parent_issuer": ""}},
		{"split across lines", stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13\ntháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\n",
			map[string]any{"place": "Lạng Sơn", "date": "2020-01-13", "subject": "Phòng chống lụt bão"}},
		{"over-padded month", stateHead + "Số: 8/UBND-VX\nLạng Sơn, ngày 09 tháng 05 năm 2019\nV/v lịch công tác\n",
			map[string]any{"date": "2019-05-09"}},
		{"city named in full", "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/UBND-ĐT\nThành phố Hồ Chí Minh, ngày 2 tháng 2 năm 2024\nV/v giao thông\n",
			map[string]any{"place": "Thành phố Hồ Chí Minh", "date": "2024-02-02"}},
		{"one-line party header, year after the number", "BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG * Số 36-HD/VPTW ĐẢNG CỘNG SẢN VIỆT NAM Hà Nội, ngày 03 tháng 4 năm 2018\nHƯỚNG DẪN\nthể thức và kỹ thuật trình bày văn bản của Đảng\n",
			map[string]any{"system": "party", "place": "Hà Nội", "date": "2018-04-03", "symbol": "36-HD/VPTW", "type": "Hướng dẫn"}},
		{"impossible date", stateHead + "Số: 8/UBND-VX\nLạng Sơn, ngày 31 tháng 02 năm 2019\nV/v lịch công tác\n",
			map[string]any{"date": "", "place": "Lạng Sơn"}},
		{"month in words", stateHead + "Số: 8/UBND-VX\nHà Nội, ngày 03 tháng bốn năm 2018\nV/v lịch\n",
			map[string]any{"date": "2018-04-03"}},
	})
}

// Signatures: format-spec.md §2.8, §3.8 and edge cases 5, 17–18.
func TestRuleSignatures(t *testing.T) {
	head := stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\nThực hiện chỉ đạo của tỉnh./.\n"
	runRules(t, []ruleCase{
		{"stacked TM. KT.", head + "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(đã ký)\nĐoàn Thị Hậu\n",
			map[string]any{"signer_authority": []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"}, "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Đoàn Thị Hậu"}},
		{"one line KT.", head + "Nơi nhận:\n- Như trên;\n- Lưu: VT, BH.\nKT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Trường Sơn\n",
			map[string]any{"signer_authority": []string{"KT. BỘ TRƯỞNG"}, "signer_title": "THỨ TRƯỞNG", "signer_name": "Nguyễn Trường Sơn", "distribution": []string{"Như trên", "Lưu: VT, BH"}}},
		{"TL. on its own line", head + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL.\nBỘ TRƯỞNG CHÁNH VĂN PHÒNG Nguyễn Đức Tâm\n",
			map[string]any{"signer_authority": []string{"TL. BỘ TRƯỞNG"}, "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": "Nguyễn Đức Tâm"}},
		{"party T/M, name after blanks", head + "Nơi nhận:\n- Như kính gửi,\n- Lưu VT.\n\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\n\n\nPhạm Hữu Dự\n",
			map[string]any{"signer_authority": []string{"T/M BAN THƯỜNG VỤ"}, "signer_title": "PHÓ BÍ THƯ", "signer_name": "Phạm Hữu Dự"}},
		{"head signs in own name", head + "THỦ TƯỚNG\n\nLê Minh Hưng\n",
			map[string]any{"signer_authority": []string{}, "signer_title": "THỦ TƯỚNG", "signer_name": "Lê Minh Hưng"}},
		{"signature column beside Nơi nhận", head + "Nơi nhận: KT. CỤC TRƯỞNG\n- Như trên;\nPHÓ CỤC TRƯỞNG\n- Phòng TTKT1;\n- Lưu: VT, TTHT.\n\nLê Văn Hùng\n",
			map[string]any{"signer_authority": []string{"KT. CỤC TRƯỞNG"}, "signer_title": "PHÓ CỤC TRƯỞNG", "signer_name": "Lê Văn Hùng", "distribution": []string{"Như trên", "Phòng TTKT1", "Lưu: VT, TTHT"}}},
		{"title printed beside an entry", head + "Nơi nhận: KT. TỔNG CỤC TRƯỞNG\n- Như trên; PHÓ TỔNG CỤC TRƯỞNG\n- Vụ PC - BTC;\n- Lưu: VT, CS (3b).\n",
			map[string]any{"signer_authority": []string{"KT. TỔNG CỤC TRƯỞNG"}, "signer_title": "PHÓ TỔNG CỤC TRƯỞNG", "distribution": []string{"Như trên", "Vụ PC - BTC", "Lưu: VT, CS (3b)"}}},
	})
}

// Headers: linearisations of format-spec.md §1 and edge cases 1–4, 9.
func TestRuleHeaders(t *testing.T) {
	runRules(t, []ruleCase{
		{"column-wise with pipes and rules", "BỘ TÀI CHÍNH\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 15764/BTC-TĐKT\nV/v: tổng kết công tác\n|\nHà Nội, ngày 15\ntháng 11 năm 2013\n",
			map[string]any{"motto": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "issuer": "BỘ TÀI CHÍNH", "date": "2013-11-15", "place": "Hà Nội"}},
		{"parent and issuer", "BỘ TÀI CHÍNH\nKHO BẠC NHÀ NƯỚC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 6905/TB-KBNN\nHà Nội, ngày 01 tháng 12 năm 2020\nTHÔNG BÁO\nVề lịch nghỉ\n",
			map[string]any{"parent_issuer": "BỘ TÀI CHÍNH", "issuer": "KHO BẠC NHÀ NƯỚC", "type": "Thông báo", "subject": "lịch nghỉ"}},
		{"party issuer over three lines", "ĐẢNG BỘ TỈNH BẾN TRE\nĐẢNG ỦY KHỐI\nCƠ QUAN - DOANH NGHIỆP TỈNH\nĐẢNG CỘNG SẢN VIỆT NAM\nBến Tre, ngày 21 tháng 5 năm 2021\n*\nSố 275-CV/ĐUK\nTăng cường lãnh đạo công tác\nphòng, chống dịch\n\nKính gửi: - Các chi ủy,\n- Ban Thường vụ Đoàn Khối.\n",
			map[string]any{"parent_issuer": "ĐẢNG BỘ TỈNH BẾN TRE", "issuer": "ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH", "subject": "Tăng cường lãnh đạo công tác phòng, chống dịch",
				"recipients": []string{"Các chi ủy", "Ban Thường vụ Đoàn Khối"}}},
		{"markdown debris", "**TỈNH ỦY BÌNH DƯƠNG**\n\n\\*\n\n**Số 71 -CV/TU**\n\n*V/v tăng cường phòng,  \nchống dịch*\n\n**ĐẢNG CỘNG SẢN VIỆT NAM**\n\n*Bình Dương, ngày 03 tháng 12 năm 2020*\n",
			map[string]any{"issuer": "TỈNH ỦY BÌNH DƯƠNG", "subject": "tăng cường phòng, chống dịch", "motto": "ĐẢNG CỘNG SẢN VIỆT NAM", "date": "2020-12-03"}},
		{"two-line motto", "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 2516/KH-UBND\nKon Tum, ngày 03 tháng 10 năm 2014\n",
			map[string]any{"motto": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "issuer": "ỦY BAN NHÂN DÂN TỈNH KON TUM"}},
		{"QUYẾT ĐỊNH: in the body is not a title", "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 119/QĐ-UBND\nBắc Giang, ngày 23 tháng 11 năm 2009\nQUYẾT ĐỊNH\nVỀ VIỆC BỔ SUNG THỦ TỤC HÀNH CHÍNH\nỦY BAN NHÂN DÂN TỈNH BẮC GIANG\nCăn cứ Luật Tổ chức HĐND và UBND;\nQUYẾT ĐỊNH:\nĐiều 1. Bổ sung.\n",
			map[string]any{"type": "Quyết định", "subject": "BỔ SUNG THỦ TỤC HÀNH CHÍNH", "motto": "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}},
		{"crawler title and YAML front matter", "---\ntitle: \"CV 1\"\nsource: x\n---\nCông văn 2739/VPCP-ĐMDN năm 2019 về việc X do Văn phòng Chính phủ ban hành. VĂN PHÒNG CHÍNH PHỦ -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\nSố: 2739/VPCP-ĐMDN V/v quy định về quản trị doanh nghiệp\nHà Nội, ngày 05 tháng 04 năm 2019 Kính gửi: Bộ Kế hoạch và Đầu tư.\n",
			map[string]any{"issuer": "VĂN PHÒNG CHÍNH PHỦ", "subject": "quy định về quản trị doanh nghiệp", "date": "2019-04-05", "recipients": []string{"Bộ Kế hoạch và Đầu tư"}}},
		{"urgency and secrecy marks", "BỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/BYT-KCB\nHà Nội, ngày 2 tháng 3 năm 2020\nHỎA TỐC\nMẬT\nV/v phòng dịch\n",
			map[string]any{"urgency": "HỎA TỐC", "secrecy": "MẬT", "issuer": "BỘ Y TẾ"}},
	})
}

// References: the citation rules of LABELING.md.
func TestRuleReferences(t *testing.T) {
	head := stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\n"
	d := mustParse(t, head+"Thực hiện Công văn số 687-CV/TU, ngày 21/5/2021 của Ban Thường vụ Tỉnh ủy; Công điện số 1852, ngày 30/11/2020 của Ban Chỉ đạo; "+
		"Nghị định 125/2020/NĐ- CP; theo mẫu số 01-1/TB-TĐT; Đề án 06/CP; Tờ trình số357/TTr-CP; Nghị quyết số 66-\nNQ/TW; Kế hoạch số 07/KH-UBND (chính văn bản này).\n")
	want := []vanban.Reference{
		{Type: "Công văn", Symbol: "687-CV/TU", Date: "2021-05-21", Issuer: "Ban Thường vụ Tỉnh ủy", Kind: "implements"},
		{Type: "Nghị định", Symbol: "125/2020/NĐ-CP", Kind: "implements"},
		{Type: "Tờ trình", Symbol: "357/TTr-CP", Kind: "implements"},
		{Type: "Nghị quyết", Symbol: "66-NQ/TW", Kind: "implements"},
		{Type: "Công điện", Symbol: "1852", Date: "2020-11-30", Issuer: "Ban Chỉ đạo", Kind: "implements"},
	}
	if !reflect.DeepEqual(d.References, want) {
		t.Errorf("References =\n%+v\nwant\n%+v", d.References, want)
	}
}

// TestRefKinds: the kind of a citation is read from its wording, one
// sentence of a body at a time (the body is the same letter's).
func TestRefKinds(t *testing.T) {
	head := stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\n"
	for _, c := range []struct {
		body string
		want map[string]string // symbol → kind
	}{
		{"Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13;\nCăn cứ Nghị định số 154/2020/NĐ-CP sửa đổi, bổ sung Nghị định số 34/2016/NĐ-CP;\nTheo đề nghị của Giám đốc Sở Nội vụ.\n",
			map[string]string{"77/2015/QH13": "basis", "154/2020/NĐ-CP": "basis", "34/2016/NĐ-CP": "basis"}},
		{"Thực hiện Chỉ thị số 05-CT/TU ngày 02/3/2020 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành kế hoạch.\n",
			map[string]string{"05-CT/TU": "implements"}},
		{"Triển khai Nghị quyết số 12-NQ/TU của Tỉnh ủy; Kết luận số 30-KL/TU của Ban Thường vụ.\n",
			map[string]string{"12-NQ/TU": "implements", "30-KL/TU": "implements"}},
		{"Trả lời Công văn số 45/SNV-TCBC ngày 05/01/2020 của Sở Nội vụ, Ủy ban nhân dân tỉnh có ý kiến như sau.\n",
			map[string]string{"45/SNV-TCBC": "answers"}},
		{"Ủy ban nhân dân tỉnh nhận được Công văn số 88/STC-QLNS của Sở Tài chính.\n",
			map[string]string{"88/STC-QLNS": "answers"}},
		{"Kế hoạch này thay thế Kế hoạch số 15/KH-UBND ngày 20/01/2019 của Ủy ban nhân dân tỉnh.\n",
			map[string]string{"15/KH-UBND": "replaces"}},
		{"Sửa đổi, bổ sung khoản 2 Điều 3 Quyết định số 20/2019/QĐ-UBND của Ủy ban nhân dân tỉnh.\n",
			map[string]string{"20/2019/QĐ-UBND": "amends"}},
		{"Bãi bỏ Quyết định số 21/2018/QĐ-UBND của Ủy ban nhân dân tỉnh.\n",
			map[string]string{"21/2018/QĐ-UBND": "repeals"}},
		{"Sở Tài chính hướng dẫn thực hiện Thông tư số 61/2017/TT-BTC của Bộ Tài chính.\n",
			map[string]string{"61/2017/TT-BTC": "implements"}},
		{"Các sở hướng dẫn Quyết định số 99/QĐ-UBND.\n",
			map[string]string{"99/QĐ-UBND": "guides"}},
		// What happened to the cited law, and a cited title, are not this
		// document's doing; a list continues its first item's kind.
		{"Thực hiện Luật Bảo hiểm y tế số 25/2008/QH12 đã được sửa đổi, bổ sung theo Luật số 46/2014/QH13.\n",
			map[string]string{"25/2008/QH12": "implements", "46/2014/QH13": "implements"}},
		{"Thực hiện Thông tư số 156/2013/TT-BTC hướng dẫn thi hành Luật Quản lý thuế và Nghị định số 83/2013/NĐ-CP.\n",
			map[string]string{"156/2013/TT-BTC": "implements", "83/2013/NĐ-CP": "implements"}},
		{"Hướng dẫn này thay thế Hướng dẫn số 01-HD/TU ngày 05/5/2015.\n",
			map[string]string{"01-HD/TU": "replaces"}},
		{"Thực hiện Nghị quyết số 86/2019/QH14, Bộ Tài chính đã ban hành Quyết định số 2503/QĐ-BTC giao dự toán.\n",
			map[string]string{"86/2019/QH14": "implements", "2503/QĐ-BTC": "cites"}},
		{"Mẫu biểu ban hành kèm theo Quyết định số 4210/QĐ-BYT của Bộ Y tế.\n",
			map[string]string{"4210/QĐ-BYT": "cites"}},
		{"Thể chế hóa Kết luận số 182-KL/TW của Bộ Chính trị.\n",
			map[string]string{"182-KL/TW": "implements"}},
		{"Trả lời Công văn số 35A/THB-TV của Công ty, Cục Thuế có ý kiến như sau: khoản 1 Điều 4 Nghị định số 108/2015/NĐ-CP quy định.\n",
			map[string]string{"35A/THB-TV": "answers", "108/2015/NĐ-CP": "cites"}},
	} {
		d := mustParse(t, head+c.body)
		got := map[string]string{}
		for _, r := range d.References {
			got[r.Symbol] = r.Kind
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %v\nwant %v", c.body, got, c.want)
		}
	}
}

// fixed bugs: every bug fixed stays here as a named case.
func TestFixedBugs(t *testing.T) {
	head := stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nPhòng chống lụt bão\nNội dung./.\n"
	runRules(t, []ruleCase{
		// "KTNB" in an entry was read as the authority prefix KT.
		{"code starting with KT is not an authority", head + "Nơi nhận:\n- Các Vụ: DNL, CC, KTNB, QLN;\n- Lưu: VT.\n",
			map[string]any{"distribution": []string{"Các Vụ: DNL, CC, KTNB, QLN", "Lưu: VT"}}},
		// A file path under the list was read as the signer "Ha Long".
		{"path is not a name", head + "Nơi nhận:\n- Lưu: VT, NCTH.HH\nd:\\2011\\CV\\Bau cho Vinh Ha Long\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Thành Lập\n",
			map[string]any{"signer_name": "Trần Thành Lập", "signer_title": "PHÓ CHỦ TỊCH"}},
		// A subject ending with the issuer's name lost it ("… của Chính phủ").
		{"subject ending with issuer name in lower case", "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 97/NQ-CP\nHà Nội, ngày 06 tháng 4 năm 2026\nNGHỊ QUYẾT\nSửa đổi nhiệm vụ của Chính phủ\nthực hiện Nghị quyết số 66-NQ/TW\n_____________\nCHÍNH PHỦ\nCăn cứ Luật.\n",
			map[string]any{"subject": "Sửa đổi nhiệm vụ của Chính phủ thực hiện Nghị quyết số 66-NQ/TW"}},
		// A subject starting "Thực hiện" under a title was taken for the body.
		{"subject under a title that starts like a body", stateHead + "Số: 07/KH-UBND\nLạng Sơn, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nThực hiện Chỉ thị số 8008/CT-TCTL\n\nCăn cứ Luật.\n",
			map[string]any{"subject": "Thực hiện Chỉ thị số 8008/CT-TCTL"}},
		// A date in the body ("04/6/2021" at a line start) split a paragraph.
		{"body date is not a list item", head + "Ngày\n04/6/2021 Cục Thuế nhận được.\n",
			map[string]any{"body": "Nội dung./.\n\nNgày 04/6/2021 Cục Thuế nhận được."}},
	})
}

// The same document in every supported encoding and shape gives the same
// record (but for the encoding field).
func TestEncodingVariants(t *testing.T) {
	for _, f := range corpusFiles(t) {
		src, _ := os.ReadFile(f)
		base, err := Parse(f, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		text := charset.Decode(src).Text
		variants := map[string][]byte{
			"bom+crlf": append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(text, "\n", "\r\n")...),
			"utf-16le": utf16le(text),
			"nfd":      []byte(norm.NFD.String(text)),
		}
		if cp, err := charset.EncodeWindows1258(text); err == nil {
			variants["windows-1258"] = cp
		} else {
			t.Logf("%s: no Windows-1258 variant: %v", filepath.Base(f), err)
		}
		for name, v := range variants {
			d, err := Parse(f, v, Options{})
			if err != nil {
				t.Errorf("%s %s: %v", filepath.Base(f), name, err)
				continue
			}
			d.Encoding = base.Encoding
			if !reflect.DeepEqual(d, base) {
				t.Errorf("%s as %s: record differs\n%s", filepath.Base(f), name, lineDiff(string(marshal(t, base)), string(marshal(t, d))))
			}
		}
	}
}

func utf16le(s string) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, c := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(c))
		b.WriteByte(byte(c >> 8))
	}
	return b.Bytes()
}

// Hostile inputs: a clear error or a record, never a panic, in bounded time.
func TestHostileInputs(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	random := make([]byte, 1<<20)
	rng.Read(random)
	long := bytes.Repeat([]byte("Căn cứ Nghị định số 125/2020/NĐ-CP ngày 19/10/2020 của Chính phủ; "), 30<<20/70)
	tests := []struct {
		name    string
		src     []byte
		wantErr string
	}{
		{"empty", nil, "empty file"},
		{"blank", []byte(" \n\t\r\n "), "empty file"},
		{"binary", append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00"), bytes.Repeat([]byte{0, 1, 2, 3}, 4096)...), "binary"},
		{"random", random, "binary"},
		{"text but not a document", []byte("Hôm nay trời đẹp. Chúng tôi đi chơi công viên.\n"), "not an official document"},
		{"invalid utf-8 in a document", []byte("BỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/BYT-KCB\nHà Nội, ngày 2 tháng 3 năm 2020\xff\xfe\nV/v phòng dịch\n"), ""},
		{"30 MB on one line", long, ""},
		{"only markup", []byte(strings.Repeat("**|---|***\n", 1000)), "not an official document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d, err := Parse(tt.name, tt.src, Options{})
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %v", took)
			}
			switch {
			case tt.wantErr == "" && err != nil && !strings.Contains(err.Error(), "not an official document"):
				t.Errorf("err = %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			case err == nil && d == nil:
				t.Errorf("nil record and nil error")
			}
			if err == nil {
				checkInvariants(t, d)
			}
		})
	}
}

var reISODate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkInvariants holds for every record the parser returns.
func checkInvariants(t *testing.T, d *vanban.Document) {
	t.Helper()
	if d.Date != "" {
		if !reISODate.MatchString(d.Date) {
			t.Errorf("date %q is not ISO", d.Date)
		} else if _, err := time.Parse("2006-01-02", d.Date); err != nil {
			t.Errorf("date %q is not a calendar date", d.Date)
		}
	}
	if d.Symbol != "" {
		if d.Number != "" && !strings.HasPrefix(d.Symbol, d.Number) {
			t.Errorf("symbol %q does not start with number %q", d.Symbol, d.Number)
		}
		if d.TypeCode != "" && !strings.Contains(d.Symbol, d.TypeCode) {
			t.Errorf("symbol %q lacks type code %q", d.Symbol, d.TypeCode)
		}
		if d.IssuerCode != "" && !strings.Contains(d.Symbol, d.IssuerCode) {
			t.Errorf("symbol %q lacks issuer code %q", d.Symbol, d.IssuerCode)
		}
		if strings.ContainsAny(d.Symbol, " \t\n–—") {
			t.Errorf("symbol %q has spaces or long dashes", d.Symbol)
		}
	} else if d.Number != "" {
		t.Errorf("number %q without a symbol", d.Number)
	}
	for _, r := range d.References {
		if r.Date != "" && !reISODate.MatchString(r.Date) {
			t.Errorf("reference date %q is not ISO", r.Date)
		}
	}
	if d.Recipients == nil || d.Distribution == nil || d.References == nil || d.SignerAuthority == nil || d.Warnings == nil {
		t.Errorf("nil list in record")
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	legacy, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "legacy", "*.txt"))
	files = append(append(files, legacy...), filepath.Join("testdata", "word-export.htm"))
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("Số: /\nngày tháng năm\nNơi nhận:\nKT.\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse("fuzz", src, Options{})
		if (d == nil) == (err == nil) {
			t.Fatalf("record %v, error %v: want exactly one", d != nil, err)
		}
		if err == nil {
			checkInvariants(t, d)
		}
	})
}
