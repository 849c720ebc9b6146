package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

// TestHistoryAppendOnly: the history takes rows and refuses to change or
// lose one, through vanban or any SQLite client.
func TestHistoryAppendOnly(t *testing.T) {
	db := openTestDB(t)
	db.Actor, db.Command = "lan", "vanban import a.txt"
	ids := putDocs(t, db, &vanban.Document{System: "state", Issuer: "BỘ Y TẾ", Symbol: "12/BYT-KCB", Date: "2020-03-02"})
	hs, err := db.History(context.Background(), ids[0])
	if err != nil || len(hs) != 1 || hs[0].Action != "import" || hs[0].Actor != "lan" || hs[0].Command != "vanban import a.txt" {
		t.Fatalf("history after import: %+v, %v", hs, err)
	}
	for _, q := range []string{`UPDATE history SET actor = 'x'`, `DELETE FROM history`} {
		if _, err := db.SQL().Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused", q, err)
		}
	}
	if _, err := db.Delete(context.Background(), ids); err != nil {
		t.Fatal(err)
	}
	hs, _ = db.History(context.Background(), ids[0])
	if len(hs) != 2 || hs[1].Action != "rm" {
		t.Errorf("history after rm: %+v", hs)
	}
	orig, tr, err := db.TrashedOriginal(context.Background(), ids[0])
	if err != nil || len(orig) == 0 || tr.Symbol != "12/BYT-KCB" {
		t.Errorf("kept original after rm: %q %+v %v", orig, tr, err)
	}
}
