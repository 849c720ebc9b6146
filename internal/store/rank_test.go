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
