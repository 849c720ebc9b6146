// Package synth generates a deterministic synthetic corpus of Vietnamese
// official documents for benchmarks: State and Party documents with the
// real header layouts of format-spec.md (column-wise, row-interleaved, one
// line, Markdown), realistic vocabulary, citations, Nơi nhận and signature,
// about 5 KB each. Document i of seed s is always the same bytes.
package synth

import (
	"fmt"
	"math/rand"
	"strings"
	"unicode/utf8"
)

var provinces = []string{"HÀ NAM", "BẮC GIANG", "LẠNG SƠN", "KON TUM", "HẬU GIANG", "BẾN TRE", "BÌNH DƯƠNG",
	"THANH HÓA", "NGHỆ AN", "QUẢNG NINH", "HẢI DƯƠNG", "ĐẮK LẮK", "LÂM ĐỒNG", "CẦN THƠ", "HẢI PHÒNG",
	"ĐÀ NẴNG", "QUẢNG NAM", "NINH BÌNH", "THÁI BÌNH", "PHÚ THỌ", "TUYÊN QUANG", "LÀO CAI", "YÊN BÁI",
	"SƠN LA", "ĐIỆN BIÊN", "GIA LAI", "BÌNH ĐỊNH", "KHÁNH HÒA", "TÂY NINH", "AN GIANG", "CÀ MAU", "VĨNH LONG"}

var ministries = []struct{ name, code, place string }{
	{"BỘ TÀI CHÍNH", "BTC", "Hà Nội"}, {"BỘ Y TẾ", "BYT", "Hà Nội"}, {"BỘ NỘI VỤ", "BNV", "Hà Nội"},
	{"BỘ TƯ PHÁP", "BTP", "Hà Nội"}, {"BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "BKHĐT", "Hà Nội"},
	{"BỘ GIÁO DỤC VÀ ĐÀO TẠO", "BGDĐT", "Hà Nội"}, {"VĂN PHÒNG CHÍNH PHỦ", "VPCP", "Hà Nội"},
	{"BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BNNMT", "Hà Nội"}, {"BẢO HIỂM XÃ HỘI VIỆT NAM", "BHXH", "Hà Nội"},
}

var units = []string{"VX", "KT", "NC", "TH", "KGVX", "TCCB", "PC", "KHTC", "TTHT", "QLĐT", "ĐMDN", "CST", "KCB", "BH"}

var stateTypes = []struct{ name, code, title string }{
	{"Quyết định", "QĐ", "QUYẾT ĐỊNH"}, {"Kế hoạch", "KH", "KẾ HOẠCH"}, {"Thông báo", "TB", "THÔNG BÁO"},
	{"Báo cáo", "BC", "BÁO CÁO"}, {"Chỉ thị", "CT", "CHỈ THỊ"}, {"Hướng dẫn", "HD", "HƯỚNG DẪN"},
	{"Tờ trình", "TTr", "TỜ TRÌNH"}, {"Chương trình", "CTr", "CHƯƠNG TRÌNH"},
}

var partyTypes = []struct{ name, code, title string }{
	{"Nghị quyết", "NQ", "NGHỊ QUYẾT"}, {"Chỉ thị", "CT", "CHỈ THỊ"}, {"Kết luận", "KL", "KẾT LUẬN"},
	{"Kế hoạch", "KH", "KẾ HOẠCH"}, {"Thông báo", "TB", "THÔNG BÁO"}, {"Báo cáo", "BC", "BÁO CÁO"},
	{"Hướng dẫn", "HD", "HƯỚNG DẪN"}, {"Quy định", "QĐ", "QUY ĐỊNH"},
}

var topics = []string{
	"tăng cường công tác phòng, chống dịch bệnh trên địa bàn",
	"triển khai thực hiện chương trình chuyển đổi số năm 2025",
	"nâng cao hiệu quả công tác cải cách hành chính",
	"tổ chức kỳ thi tốt nghiệp trung học phổ thông",
	"quản lý, sử dụng tài sản công tại cơ quan, đơn vị",
	"thực hiện chính sách bảo hiểm y tế cho người dân",
	"phòng, chống thiên tai và tìm kiếm cứu nạn",
	"đẩy mạnh công tác tuyên truyền, phổ biến giáo dục pháp luật",
	"kiện toàn tổ chức bộ máy sau sắp xếp đơn vị hành chính",
	"thanh tra, kiểm tra việc chấp hành pháp luật về thuế",
	"xây dựng nông thôn mới và đô thị văn minh",
	"giải quyết khiếu nại, tố cáo của công dân",
	"bảo đảm trật tự, an toàn giao thông dịp Tết Nguyên đán",
	"học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
	"công tác phát triển đảng viên và củng cố tổ chức cơ sở đảng",
}

var sentences = []string{
	"Các cơ quan, đơn vị, địa phương chủ động rà soát, đánh giá tình hình thực hiện nhiệm vụ được giao, kịp thời báo cáo những khó khăn, vướng mắc phát sinh",
	"Người đứng đầu cơ quan, đơn vị chịu trách nhiệm trước cấp trên về kết quả thực hiện các nội dung nêu tại văn bản này",
	"Tăng cường công tác kiểm tra, giám sát, đôn đốc việc triển khai thực hiện, bảo đảm đúng tiến độ và chất lượng",
	"Đẩy mạnh ứng dụng công nghệ thông tin trong xử lý công việc, giảm thời gian và chi phí cho người dân, doanh nghiệp",
	"Phối hợp chặt chẽ với Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong công tác tuyên truyền, vận động nhân dân",
	"Bố trí kinh phí thực hiện từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn huy động hợp pháp khác",
	"Định kỳ hằng quý tổng hợp kết quả thực hiện, gửi về cơ quan thường trực trước ngày 20 của tháng cuối quý",
	"Nghiêm túc quán triệt quan điểm chỉ đạo của Trung ương, của Tỉnh ủy và Ủy ban nhân dân tỉnh đến toàn thể cán bộ, công chức",
	"Xử lý nghiêm các tổ chức, cá nhân vi phạm theo quy định của pháp luật, công khai kết quả xử lý trên cổng thông tin điện tử",
	"Rà soát, sửa đổi, bổ sung các quy chế, quy định nội bộ cho phù hợp với tình hình thực tế và quy định mới của pháp luật",
	"Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các đơn vị phản ánh kịp thời để được hướng dẫn, giải quyết",
	"Tiếp tục thực hiện có hiệu quả các giải pháp tháo gỡ khó khăn cho sản xuất, kinh doanh, bảo đảm an sinh xã hội",
}

var citations = []string{
	"Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư",
	"Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15",
	"Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị",
	"Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ",
	"Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ",
	"Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
	"Công văn số 2739/VPCP-ĐMDN ngày 05/4/2019 của Văn phòng Chính phủ",
	"Kế hoạch số 97-KH/ĐUK ngày 30/7/2019 của Đảng ủy Khối",
}

var surnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"}
var middles = []string{"Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu"}
var givens = []string{"Hùng", "Lan", "Dũng", "Hương", "Sơn", "Hà", "Tuấn", "Mai", "Khoa", "Bình", "Thảo", "Long", "Phúc", "Trang"}

// Doc returns document i of the corpus for seed.
func Doc(seed int64, i int) []byte {
	r := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	var b strings.Builder
	b.Grow(6000)
	g := gen{r: r, b: &b, i: i}
	if r.Intn(10) < 3 {
		g.party()
	} else {
		g.state()
	}
	return []byte(b.String())
}

type gen struct {
	r *rand.Rand
	b *strings.Builder
	i int
}

func (g *gen) pick(s []string) string { return s[g.r.Intn(len(s))] }

func (g *gen) date() (d, m, y int) {
	return 1 + g.r.Intn(28), 1 + g.r.Intn(12), 2010 + g.r.Intn(16)
}

func (g *gen) name() string {
	return g.pick(surnames) + " " + g.pick(middles) + " " + g.pick(givens)
}

func title(s string) string {
	w := strings.Fields(strings.ToLower(s))
	for i, x := range w {
		r := []rune(x)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		w[i] = string(r)
	}
	return strings.Join(w, " ")
}

func (g *gen) state() {
	r := g.r
	prov := g.pick(provinces)
	var parent, issuer, code, place string
	switch r.Intn(3) {
	case 0:
		m := ministries[r.Intn(len(ministries))]
		issuer, code, place = m.name, m.code, m.place
	case 1:
		issuer, code, place = "ỦY BAN NHÂN DÂN\nTỈNH "+prov, "UBND", title(prov)
	default:
		parent, issuer, code, place = "TỔNG CỤC THUẾ", "CỤC THUẾ TỈNH "+prov, "CT", title(prov)
	}
	num := 1 + r.Intn(9000)
	d, m, y := g.date()
	congvan := r.Intn(2) == 0
	t := stateTypes[r.Intn(len(stateTypes))]
	symbol := fmt.Sprintf("%d/%s-%s", num, code, g.pick(units))
	if !congvan {
		symbol = fmt.Sprintf("%d/%s-%s", num, t.code, code)
	}
	subject := g.pick(topics)
	motto := "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	if r.Intn(4) == 0 {
		motto = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	}
	placeDate := fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", place, d, m, y)
	left := strings.Split(strings.TrimSpace(parent+"\n"+issuer), "\n")
	b := g.b
	switch r.Intn(3) {
	case 0: // column-wise
		for _, l := range left {
			b.WriteString(l + "\n")
		}
		b.WriteString("-------\n" + motto + "\nĐộc lập - Tự do - Hạnh phúc\n---------------\n")
		b.WriteString("Số: " + symbol + "\n")
		if congvan {
			b.WriteString("V/v " + subject + "\n")
		}
		b.WriteString(placeDate + "\n\n")
	case 1: // row-interleaved
		right := []string{motto, "Độc lập - Tự do - Hạnh phúc"}
		for k := 0; k < len(left) || k < len(right); k++ {
			l, rr := "", ""
			if k < len(left) {
				l = left[k]
			}
			if k < len(right) {
				rr = right[k]
			}
			b.WriteString(l + "      " + rr + "\n")
		}
		b.WriteString("Số: " + symbol + "      " + placeDate + "\n")
		if congvan {
			b.WriteString("V/v " + subject + "\n")
		}
		b.WriteString("\n")
	default: // Markdown copy
		for _, l := range left {
			b.WriteString("**" + l + "**\n")
		}
		b.WriteString("\n**" + motto + "**\n*Độc lập - Tự do - Hạnh phúc*\n\n**Số: " + symbol + "**\n\n")
		if congvan {
			b.WriteString("*V/v " + subject + "*\n\n")
		}
		b.WriteString("*" + placeDate + "*\n\n")
	}
	if congvan {
		b.WriteString("Kính gửi:\n- Các sở, ban, ngành tỉnh;\n- Ủy ban nhân dân các huyện, thị xã, thành phố.\n\n")
	} else {
		_, n := utf8.DecodeRuneInString(subject) // the first letter, not its first byte
		b.WriteString(t.title + "\n" + strings.ToUpper(subject[:n]) + subject[n:] + "\n\n")
	}
	g.body()
	b.WriteString("Nơi nhận:\n- Như trên;\n- Thường trực Tỉnh ủy;\n- Lãnh đạo các phòng;\n- Lưu: VT, " + g.pick(units) + ".\n\n")
	switch r.Intn(3) {
	case 0:
		b.WriteString("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n")
	case 1:
		b.WriteString("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\n")
	default:
		b.WriteString("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\n\n")
	}
	b.WriteString(g.name() + "\n")
}

func (g *gen) party() {
	r := g.r
	prov := g.pick(provinces)
	var parent, issuer, code string
	switch r.Intn(3) {
	case 0:
		issuer, code = "TỈNH ỦY "+prov, "TU"
	case 1:
		parent, issuer, code = "ĐẢNG BỘ TỈNH "+prov, "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", "ĐUK"
	default:
		parent, issuer, code = "TỈNH ỦY "+prov, "BAN TUYÊN GIÁO", "BTGTU"
	}
	t := partyTypes[r.Intn(len(partyTypes))]
	congvan := r.Intn(3) == 0
	tc := t.code
	if congvan {
		tc = "CV"
	}
	num := 1 + r.Intn(2000)
	d, m, y := g.date()
	subject := g.pick(topics)
	b := g.b
	if parent != "" {
		b.WriteString(parent + "\n")
	}
	b.WriteString(issuer + "\n*\n")
	fmt.Fprintf(b, "Số %d-%s/%s\n", num, tc, code)
	if congvan {
		b.WriteString("V/v " + subject + "\n")
	}
	fmt.Fprintf(b, "ĐẢNG CỘNG SẢN VIỆT NAM\n%s, ngày %02d tháng %02d năm %d\n\n", title(prov), d, m, y)
	if congvan {
		b.WriteString("Kính gửi: Các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc.\n\n")
	} else {
		b.WriteString(t.title + "\nvề " + subject + "\n\n")
	}
	g.body()
	b.WriteString("Nơi nhận:\n- Các đồng chí Tỉnh ủy viên,\n- Các huyện ủy, thị ủy, thành ủy,\n- Lưu Văn phòng Tỉnh ủy.\n\n")
	b.WriteString("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\n\n" + g.name() + "\n")
}

func (g *gen) body() {
	r := g.r
	b := g.b
	target := 4200 + r.Intn(1600)
	start := b.Len()
	fmt.Fprintf(b, "Căn cứ %s;\n\nThực hiện %s, để triển khai kịp thời các nhiệm vụ, yêu cầu các cơ quan, đơn vị thực hiện tốt một số nội dung sau:\n\n",
		g.pick(citations), g.pick(citations))
	for k := 1; b.Len()-start < target; k++ {
		fmt.Fprintf(b, "%d. ", k)
		n := 2 + r.Intn(3)
		for s := 0; s < n; s++ {
			b.WriteString(g.pick(sentences))
			if r.Intn(5) == 0 {
				b.WriteString(" theo " + g.pick(citations))
			}
			b.WriteString(". ")
		}
		b.WriteString("\n\n")
	}
	b.WriteString("Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.\n\n")
}
