package store

import (
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

// TestScoreIsDeterministic: a score is the same number every time. It was
// summed in map order, whose last bits differ from run to run; equal
// scores then broke their ties differently in each run (and in each
// engine), so the same search listed tied documents in changing orders.
func TestScoreIsDeterministic(t *testing.T) {
	q := &vanban.Query{}
	for _, w := range []string{"thanh", "tra", "kiem", "tra", "thue", "nam"} {
		q.Groups = append(q.Groups, []vanban.Term{{Words: []string{w}}})
	}
	dfs := map[string]int64{"thanh": 19, "tra": 12, "kiem": 11, "thue": 7, "nam": 30}
	r, err := NewRanker(q, 41, func(w string, _ bool) (int64, error) { return dfs[w], nil })
	if err != nil {
		t.Fatal(err)
	}
	d := &vanban.Document{Type: "Công văn", Subject: "Tăng cường công tác thanh tra, kiểm tra thuế", Issuer: "CỤC THUẾ TỈNH THANH HÓA"}
	first, field := r.ScoreDoc(d)
	if field != "subject" {
		t.Errorf("field %q, want subject", field)
	}
	for i := 0; i < 200; i++ {
		if s, _ := r.ScoreDoc(d); s != first {
			t.Fatalf("score %v, then %v (bits differ: %v)", first, s, s-first)
		}
	}
}

// TestYearOfTheDate: a year typed in the query is most often the year of
// the document sought. Of two documents holding the same words, the one
// issued that year ranks first, whatever their ids or other dates; a year
// that only stands in the text ranks as any body word.
func TestYearOfTheDate(t *testing.T) {
	q := &vanban.Query{}
	for _, w := range []string{"thanh", "tra", "thue", "2020"} {
		q.Groups = append(q.Groups, []vanban.Term{{Words: []string{w}}})
	}
	dfs := map[string]int64{"thanh": 900, "tra": 800, "thue": 700, "2020": 2000}
	r, err := NewRanker(q, 10000, func(w string, _ bool) (int64, error) { return dfs[w], nil })
	if err != nil {
		t.Fatal(err)
	}
	doc := func(date, subject string) *vanban.Document {
		return &vanban.Document{Type: "Công văn", Subject: subject, Issuer: "CỤC THUẾ TỈNH NAM ĐỊNH", Date: date}
	}
	score := func(d *vanban.Document) float64 { s, _ := r.ScoreDoc(d); return s }
	of2020 := score(doc("2020-03-02", "Tăng cường công tác thanh tra"))
	of2025 := score(doc("2025-12-01", "Tăng cường công tác thanh tra"))
	undated := score(doc("", "Tăng cường công tác thanh tra"))
	if of2020 <= of2025 || of2025 != undated {
		t.Errorf("scores: dated 2020 %v, 2025 %v, undated %v; want the first highest, the others equal", of2020, of2025, undated)
	}
}
