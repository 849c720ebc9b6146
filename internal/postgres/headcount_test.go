package postgres

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/vanban"
)

// letter is a công văn of the Ministry of Health with the subject and body
// given.
func letter(n int, subject, body string) string {
	return fmt.Sprintf(`BỘ Y TẾ                                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
-------                                      Độc lập - Tự do - Hạnh phúc
Số: %d/BYT-BH                               Hà Nội, ngày 27 tháng 01 năm 2021
V/v %s

Kính gửi: Sở Y tế các tỉnh, thành phố trực thuộc Trung ương.

%s
Đề nghị các đơn vị thực hiện nghiêm túc./.

Nơi nhận:                                     TL. BỘ TRƯỞNG
- Như trên;                                   VỤ TRƯỞNG
- Lưu: VT, BH.

                                              Trần Văn Bình
`, n, subject, body)
}

// TestCountFromTheHead: as in the SQLite engine, a count up to the cap is
// settled by the head matches when more of them than the cap hold every
// word; never when an excluded word or a number must be looked for in the
// body. Eleven letters hold "thanh tra" in their subject; eight hold kiểm
// in their body, three the year 2016.
func TestCountFromTheHead(t *testing.T) {
	ctx := context.Background()
	old, oldWin := exactCap, rankWindow
	exactCap, rankWindow = 5, 10
	t.Cleanup(func() { exactCap, rankWindow = old, oldWin })
	db, err := Open(ctx, pgtest.Archive(t), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := t.TempDir()
	var paths []string
	for i := 0; i < 11; i++ {
		body := "Kiểm tra việc chấp hành."
		if i < 3 {
			body = "Năm 2016, không có gì khác."
		}
		p := filepath.Join(dir, fmt.Sprintf("%02d.txt", i))
		os.WriteFile(p, []byte(letter(100+i, "thanh tra thuế", body)), 0o644)
		paths = append(paths, p)
	}
	if s, err := archive.Run(ctx, db, archive.Options{Paths: paths, Jobs: 1}); err != nil || s.Imported != 11 {
		t.Fatalf("import: %+v, %v", s, err)
	}
	for _, c := range []struct {
		q     string
		total int64
		exact bool
	}{
		{"thanh tra", 5, false},
		{"thanh tra -kiem", 3, true},
		{"thanh tra 2016", 3, true},
		{"thanh tra thue 2016", 3, true},
	} {
		cq, err := search.Compile(c.q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Search(ctx, cq, vanban.SearchOptions{Limit: 20, CountBudget: exactCap})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != c.total || res.TotalExact != c.exact {
			t.Errorf("%q: total %d (exact %v), want %d (%v)", c.q, res.Total, res.TotalExact, c.total, c.exact)
		}
		if want := map[bool]int{true: int(c.total), false: 11}[c.exact]; len(res.Hits) != want {
			t.Errorf("%q: %d hits, want %d", c.q, len(res.Hits), want)
		}
	}
}
