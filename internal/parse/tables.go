package parse

import (
	"strings"

	"github.com/vanban/vanban/internal/vntext"
)

// typeNames maps the folded name of a document type to its display form.
// Longer names come first where one is a prefix of another.
var typeNames = []struct{ fold, name string }{
	{"thong tu lien tich", "Thông tư liên tịch"},
	{"nghi quyet lien tich", "Nghị quyết liên tịch"},
	{"nghi quyet", "Nghị quyết"},
	{"quyet dinh", "Quyết định"},
	{"nghi dinh", "Nghị định"},
	{"chi thi", "Chỉ thị"},
	{"quy che", "Quy chế"},
	{"quy dinh", "Quy định"},
	{"quy hoach", "Quy hoạch"},
	{"thong cao", "Thông cáo"},
	{"thong bao", "Thông báo"},
	{"thong tri", "Thông tri"},
	{"thong tu", "Thông tư"},
	{"huong dan", "Hướng dẫn"},
	{"chuong trinh", "Chương trình"},
	{"ke hoach", "Kế hoạch"},
	{"phuong an", "Phương án"},
	{"de an", "Đề án"},
	{"du an", "Dự án"},
	{"bao cao", "Báo cáo"},
	{"bien ban", "Biên bản"},
	{"to trinh", "Tờ trình"},
	{"hop dong", "Hợp đồng"},
	{"cong dien", "Công điện"},
	{"cong van", "Công văn"},
	{"ket luan", "Kết luận"},
	{"ban ghi nho", "Bản ghi nhớ"},
	{"ban thoa thuan", "Bản thỏa thuận"},
	{"giay uy quyen", "Giấy ủy quyền"},
	{"giay moi", "Giấy mời"},
	{"giay gioi thieu", "Giấy giới thiệu"},
	{"giay nghi phep", "Giấy nghỉ phép"},
	{"phieu gui", "Phiếu gửi"},
	{"phieu chuyen", "Phiếu chuyển"},
	{"phieu bao", "Phiếu báo"},
	{"phap lenh", "Pháp lệnh"},
	{"dieu le", "Điều lệ"},
	{"tuyen bo", "Tuyên bố"},
	{"loi keu goi", "Lời kêu gọi"},
	{"chien luoc", "Chiến lược"},
	{"cuong linh", "Cương lĩnh"},
	{"luat", "Luật"},
	{"van kien", "Văn kiện"},
	{"noi quy", "Nội quy"},
}

// stateCodes maps the type codes of State symbols (NĐ 30/2020 Phụ lục III,
// TT 01/2011, TTLT 55/2005 and legal acts) to type names. Keys are upper-cased
// with Đ kept.
var stateCodes = map[string]string{
	"NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
	"QYĐ": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn",
	"CTR": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án",
	"DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTR": "Tờ trình",
	"HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ", "GN": "Bản ghi nhớ",
	"BTT": "Bản thỏa thuận", "TTH": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền",
	"UQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
	"GT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép", "NP": "Giấy nghỉ phép",
	"PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
	"NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
	"NQLT": "Nghị quyết liên tịch", "L": "Luật", "LT": "Luật", "PL": "Pháp lệnh",
	"SY": "Bản sao y", "TRS": "Bản trích sao", "TS": "Bản trích sao", "SL": "Bản sao lục",
	"CV": "Công văn",
}

// partyCodes maps the type codes of Party symbols (36-HD/VPTW) to type names.
// QĐ is ambiguous (Quyết định or Quy định): the title line decides.
var partyCodes = map[string]string{
	"NQ": "Nghị quyết", "QĐ": "Quyết định", "QĐI": "Quy định", "CT": "Chỉ thị",
	"KL": "Kết luận", "HD": "Hướng dẫn", "TB": "Thông báo", "BC": "Báo cáo",
	"KH": "Kế hoạch", "CTR": "Chương trình", "CV": "Công văn", "QC": "Quy chế",
	"TT": "Thông tri", "TTR": "Tờ trình", "ĐA": "Đề án", "PA": "Phương án",
	"BB": "Biên bản", "TC": "Thông cáo", "QH": "Quy hoạch", "DA": "Dự án",
}

// codeKey normalises a type code for the tables: upper case, OCR "D" for "Đ"
// left alone (QD and QĐ are different keys; lookups try both).
func codeKey(s string) string { return strings.ToUpper(s) }

func lookupCode(table map[string]string, code string) (string, bool) {
	k := codeKey(code)
	if n, ok := table[k]; ok {
		return n, true
	}
	// OCR and ASCII-only copies print Đ as D.
	if strings.Contains(k, "D") {
		if n, ok := table[strings.ReplaceAll(k, "D", "Đ")]; ok {
			return n, true
		}
	}
	return "", false
}

// organStarts are folded words that begin the name of an organ (cơ quan) in
// the issuer block. A header line that starts with one of them begins a new
// organ; any other line continues the previous one ("ỦY BAN NHÂN DÂN" /
// "TỈNH LẠNG SƠN").
var organStarts = []string{
	"bo ", "so ", "cuc ", "cyc ", "cvc ", "tong ", "tong", "chi cuc", "uy ban", "ubnd", "hdnd",
	"hoi dong", "ban ", "van phong", "truong ", "kho bac", "tinh uy", "thanh uy",
	"huyen uy", "quan uy", "thi uy", "dang uy", "dang bo", "chi bo", "dang doan",
	"bao hiem", "chinh phu", "thu tuong", "toa an", "vien ", "dai hoc", "hoc vien",
	"cong ty", "tap doan", "ngan hang", "thanh tra", "phong ", "doan ", "hoi ",
	"mat tran", "lien doan", "cong doan", "benh vien", "dai hoi", "kiem toan",
	"trung tam", "bo chi huy", "cong an", "quan khu", "ubkt", "ubmttq",
}

// massOrgMarks are folded phrases that make an issuer a mass organisation.
var massOrgMarks = []string{
	"doan tncs", "doan thanh nien", "hoi nong dan", "hoi lien hiep", "hoi cuu chien binh",
	"mat tran to quoc", "uy ban mat tran", "lien doan lao dong", "cong doan", "hoi chu thap do",
	"hoi nha bao", "hoi luat gia", "hoi phu nu", "hoi sinh vien",
	"mttq", "ubmttq", "thanh doan", "tinh doan", "huyen doan", "hoi lhpn", "hoi ccb",
}

// titleWords are folded words seen in signers' titles. A line made of upper
// case words at least one of which is here reads as a title line.
var titleWords = map[string]bool{
	"truong": true, "pho": true, "giam": true, "doc": true, "chu": true, "tich": true,
	"bi": true, "thu": true, "tuong": true, "nhiem": true, "chanh": true, "tong": true,
	"thong": true, "vien": true, "an": true, "ky": true, "uy": true, "vien.": true,
}

// titles are the signers' titles, folded, longest first within a family, used
// to split a line such as "KT. BỘ TRƯỞNG THỨ TRƯỞNG".
var titles = []string{
	"pho tong cuc truong", "tong cuc truong", "pho cuc truong", "cuc truong",
	"pho chi cuc truong", "chi cuc truong",
	"pho tong giam doc", "tong giam doc", "pho giam doc", "giam doc",
	"pho chu tich thuong truc", "pho chu tich", "chu tich",
	"pho bi thu thuong truc", "pho bi thu", "bi thu",
	"pho thu tuong thuong truc", "pho thu tuong", "thu tuong",
	"thu truong thuong truc", "thu truong", "bo truong",
	"pho chanh van phong", "chanh van phong", "pho chanh thanh tra", "chanh thanh tra",
	"pho chanh an", "chanh an", "pho vien truong", "vien truong",
	"pho truong ban thuong truc", "pho truong ban", "truong ban",
	"pho truong phong", "truong phong", "pho vu truong", "vu truong",
	"pho chu nhiem thuong truc", "pho chu nhiem", "chu nhiem",
	"pho thong doc", "thong doc", "pho hieu truong", "hieu truong",
	"tong thu ky", "tong kiem toan nha nuoc", "pho tong kiem toan nha nuoc",
	"pho tong thanh tra", "tong thanh tra", "pho giam doc thuong truc",
	"uy vien", "truong doan", "pho truong doan", "chu tich nuoc", "pho chu tich nuoc",
	"pho cuc truong thuong truc", "truong", "pho",
}

// surnames are folded Vietnamese family names; a signer's name starts with one.
var surnames = map[string]bool{
	"nguyen": true, "tran": true, "le": true, "pham": true, "hoang": true, "huynh": true,
	"phan": true, "vu": true, "vo": true, "dang": true, "bui": true, "do": true, "ho": true,
	"ngo": true, "duong": true, "ly": true, "mai": true, "dinh": true, "truong": true,
	"doan": true, "luong": true, "to": true, "cao": true, "lam": true, "ha": true,
	"quach": true, "ta": true, "vuong": true, "chau": true, "thai": true, "la": true,
	"trinh": true, "luu": true, "kieu": true, "chu": true, "dao": true, "trieu": true,
	"tang": true, "au": true, "nghiem": true, "hua": true, "tong": true, "lai": true,
	"khuc": true, "tu": true, "ton": true, "mac": true, "than": true, "giang": true,
	"phung": true, "dam": true, "kim": true, "man": true, "luc": true, "nong": true,
	"bach": true, "quan": true, "diep": true, "thach": true, "khong": true, "y": true,
	"lo": true, "ksor": true, "nie": true, "hoa": true, "van": true, "danh": true,
	"son": true, "thieu": true, "ong": true, "tieu": true, "khuat": true, "cu": true,
	"ninh": true, "long": true, "duy": true, "hong": true, "cam": true, "hau": true,
}

// detailPrefixes are folded starts of lines that add details to a recipient
// (address, tax code) rather than naming another one.
var detailPrefixes = []string{
	"dia chi", "(dia chi", "ma so thue", "mst", "(mst", "dien thoai", "(dien thoai",
	"(p/e", "fax", "email", "(sau day", "(l", "(",
}

// bodyOpeners are phrases that begin the body of a công văn; a one-line
// Kính gửi that runs on into the body is cut before them.
var bodyOpeners = []string{
	"thuc hien", "phuc dap", "tra loi", "can cu", "theo de nghi", "hien nay", "tiep nhan",
	"vua qua", "nham ", "trong thoi gian", "sau khi", "ngay ",
}

// TypeFilter reads what a user means by a --type value: a type name in any
// case and with or without accents ("quyet dinh", "Công văn"), or a type code
// (QĐ, qd, CV). It returns the type names that match and the code, if the
// value reads as one.
func TypeFilter(s string) (names []string, code string) {
	f := vntext.Fold(strings.TrimSpace(s))
	for _, t := range typeNames {
		if t.fold == f {
			return []string{t.name}, ""
		}
	}
	seen := map[string]bool{}
	for _, table := range []map[string]string{stateCodes, partyCodes} {
		if n, ok := lookupCode(table, s); ok && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		// Unknown: treat it as a type name to match exactly (folded).
		return []string{s}, strings.ToUpper(strings.TrimSpace(s))
	}
	return names, strings.ToUpper(strings.TrimSpace(s))
}

// TypeNames returns the display names of the document types the parser
// knows ("Quyết định", "Công văn"…), for completion and help.
func TypeNames() []string {
	out := make([]string, 0, len(typeNames))
	for _, t := range typeNames {
		out = append(out, t.name)
	}
	return out
}
