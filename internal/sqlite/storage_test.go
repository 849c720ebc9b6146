package sqlite

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/vanban/vanban/internal/store"
)

// corpusText is a real document of the dev corpus.
func corpusText(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "002.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// putOne stores r in a transaction of its own and returns its id.
func putOne(t *testing.T, db *DB, r *store.Record) int64 {
	t.Helper()
	w, err := db.BeginWrite(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := w.Put(context.Background(), r)
	if err != nil || id == 0 {
		t.Fatal(id, err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestOriginalStoredCompressed(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	doc := corpusText(t)
	// A Windows copy: the original has CRLF, the decoded text LF.
	crlf := []byte(strings.ReplaceAll(string(doc), "\n", "\r\n"))
	for _, prepared := range []bool{true, false} {
		r := testRecord(string(doc))
		r.Original = crlf
		r.Doc.Source.SHA256 = hexSHA256(crlf)
		r.TextSHA256 = []byte(fmt.Sprint("key ", prepared))
		if prepared {
			r.Prepare() // as the importer does; Put compresses otherwise
		}
		id := putOne(t, db, r)
		var raw, packed, packedText []byte
		var text *string
		db.SQL().QueryRow(`SELECT original, original_s2, text, text_s2 FROM contents WHERE doc_id = ?`, id).Scan(&raw, &packed, &text, &packedText)
		if len(raw) != 0 || text != nil {
			t.Errorf("prepared=%v: uncompressed columns hold %d bytes and %v", prepared, len(raw), text)
		}
		if len(packed) == 0 || len(packed) > len(crlf)*3/4 {
			t.Errorf("prepared=%v: original_s2 is %d bytes for %d original bytes", prepared, len(packed), len(crlf))
		}
		if len(packedText) == 0 {
			t.Errorf("prepared=%v: the text differs from the original and was not stored", prepared)
		}
		orig, got, err := db.Original(ctx, id)
		if err != nil || string(orig) != string(crlf) || got != string(doc) {
			t.Errorf("prepared=%v: Original = %d bytes, %d chars, %v; want the CRLF bytes and the LF text", prepared, len(orig), len(got), err)
		}
	}
}

func TestOriginalEqualToTextStoredOnce(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	r := testRecord(string(corpusText(t)))
	want := r.Text // Prepare consumes the text
	r.Prepare()
	id := putOne(t, db, r)
	var n int
	db.SQL().QueryRow(`SELECT count(*) FROM contents WHERE doc_id = ? AND text IS NULL AND text_s2 IS NULL`, id).Scan(&n)
	if n != 1 {
		t.Error("a text equal to the original bytes was stored a second time")
	}
	if orig, text, err := db.Original(ctx, id); err != nil || text != string(orig) || string(orig) != want {
		t.Errorf("Original = %d bytes, %d chars, %v", len(orig), len(text), err)
	}
}

func TestDamagedOriginalIsReported(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	r := testRecord("văn bản gốc")
	id := putOne(t, db, r)
	for _, c := range []struct {
		name string
		blob []byte
		want string
	}{
		{"not an S2 block", []byte{0xff, 0xff, 0xff, 0x00}, "damaged"},
		{"other bytes", s2.Encode(nil, []byte("văn bản khác")), "do not match their SHA-256"},
	} {
		if _, err := db.SQL().Exec(`UPDATE contents SET original_s2 = ? WHERE doc_id = ?`, c.blob, id); err != nil {
			t.Fatal(err)
		}
		_, _, err := db.Original(ctx, id)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "record 1") {
			t.Errorf("%s: Original error = %v, want it to name record 1 and say %q", c.name, err, c.want)
		}
	}
}

// TestSchema1Archive: an archive written before the texts were compressed
// is read as it is (also read-only), then upgraded by the next writer
// without touching its old rows.
func TestSchema1Archive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Back to schema 1, with one record stored the schema 1 way.
	for _, q := range []string{
		`DROP INDEX documents_facets`, `DROP TRIGGER findings_insert`, `DROP TRIGGER findings_update`, `DROP TRIGGER findings_delete`, `DROP TABLE findings`, `ALTER TABLE documents DROP COLUMN spans`, `ALTER TABLE documents DROP COLUMN findings`, // schema 8
		`DROP TABLE overrides`, // schema 7
		`DROP TABLE history`, `DROP TABLE trash`,
		`DROP TABLE links`, // schema 6
		`DROP TABLE links_fill`,
		`DROP TABLE documents_head_fts`, // schema 4
		`DROP TABLE head_fill`,
		`DROP TRIGGER documents_id_floor`, // schema 3
		`DROP TABLE id_floor`,
		`ALTER TABLE contents DROP COLUMN original_s2`,
		`ALTER TABLE contents DROP COLUMN text_s2`,
		`PRAGMA user_version = 1`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	old := testRecord("văn bản cũ")
	old.Original = []byte("v\xe3n b\xe1n c\xf5") // bytes that are not the text
	old.Doc.Source.SHA256 = hexSHA256(old.Original)
	cols, vals := columnsAt(old, 1)
	if _, err := db.SQL().Exec(`INSERT INTO documents (text_sha256, `+strings.Join(cols, ", ")+`) VALUES (?`+strings.Repeat(", ?", len(cols))+`)`, vals...); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO contents (doc_id, original, text, body_s2) VALUES (1, ?, ?, ?)`, old.Original, old.Text, store.CompressBody(old.Doc.Body)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	check := func(db *DB, id int64, wantOrig, wantText string) {
		t.Helper()
		orig, text, err := db.Original(ctx, id)
		if err != nil || string(orig) != wantOrig || text != wantText {
			t.Errorf("record %d: Original = %q, %q, %v; want %q, %q", id, orig, text, err, wantOrig, wantText)
		}
		if d, err := db.Get(ctx, id); err != nil || d.Body != wantText {
			t.Errorf("record %d: Get = %v; body %q", id, err, d.Body)
		}
	}
	ro, err := Open(ctx, path, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a schema 1 archive: %v", err)
	}
	check(ro, 1, string(old.Original), old.Text)
	ro.Close()

	rw, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	var v int
	rw.SQL().QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion() {
		t.Errorf("user_version = %d after a writing open, want %d", v, SchemaVersion())
	}
	check(rw, 1, string(old.Original), old.Text)
	id := putOne(t, rw, testRecord("văn bản mới"))
	check(rw, id, "văn bản mới", "văn bản mới")
	var raw []byte
	rw.SQL().QueryRow(`SELECT original FROM contents WHERE doc_id = 1`).Scan(&raw)
	if string(raw) != string(old.Original) {
		t.Error("the upgrade changed an old record's original bytes")
	}

	// A reparse of the old record (decoding has improved) stores the new
	// text the schema 2 way and leaves the original bytes as they were.
	re := testRecord("văn bản cũ, giải mã lại")
	re.Original = old.Original
	w, _ := rw.BeginWrite(ctx)
	if err := w.Update(ctx, 1, re); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	check(rw, 1, string(old.Original), "văn bản cũ, giải mã lại")
	var text []byte
	rw.SQL().QueryRow(`SELECT original, text FROM contents WHERE doc_id = 1`).Scan(&raw, &text)
	if string(raw) != string(old.Original) || text != nil {
		t.Errorf("after a reparse: original %q, text %q; want the old bytes and NULL", raw, text)
	}
}

// TestCheckpointsRestartWAL: with checkpoints on their own connection, the
// WAL still starts again from its beginning, so it stays a few commits long
// however much is imported; and Close ends the background goroutine.
func TestCheckpointsRestartWAL(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	// As in an import, where the writer never waits: the writer has begun
	// its next transaction when a background round copies, and commits it
	// before the round ends, so the round never copies every frame.
	started, copied, resume := make(chan struct{}), make(chan struct{}), make(chan struct{})
	ckptRoundStart = func() { started <- struct{}{}; <-resume }
	ckptRoundEnd = func() { copied <- struct{}{}; <-resume }
	defer func() { ckptRoundStart, ckptRoundEnd = nil, nil }()

	rng := rand.New(rand.NewSource(1))
	const commits, perCommit, size = 48, 8, 64 << 10
	n := 0
	begin := func() *Writer {
		w, err := db.beginWrite(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	commit := func(w *Writer) {
		for i := 0; i < perCommit; i++ {
			b := make([]byte, size) // incompressible: every commit writes ~0.5 MB
			rng.Read(b)
			r := testRecord("văn bản")
			r.Original, r.Text = b, string(b)
			r.TextSHA256 = b[:32]
			r.Doc.Symbol = fmt.Sprintf("%d/BYT-KCB", n) // no possible duplicates
			n++
			if _, _, err := w.Put(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	rounds := 0
	for c := 0; c < commits; c++ {
		commit(begin())
		db.ckptMu.Lock()
		ck := db.ckpt
		db.ckptMu.Unlock()
		ck.mu.Lock()
		running, caught := ck.running, ck.caught
		ck.mu.Unlock()
		if running && ck.commits == ckptEvery { // this commit started a round
			rounds++
			<-started
			w := begin()
			resume <- struct{}{}
			<-copied
			commit(w)
			c++
			resume <- struct{}{}
			<-caught
		}
	}
	fi, err := os.Stat(db.Path() + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	total := int64(commits * perCommit * size)
	if rounds < commits/(ckptEvery+2) {
		t.Errorf("%d background rounds for %d commits", rounds, commits)
	}
	if fi.Size() > total/4 {
		t.Errorf("WAL is %d bytes after %d bytes were written: it did not restart", fi.Size(), total)
	}
	db.ckptMu.Lock()
	ck := db.ckpt
	db.ckptMu.Unlock()
	db.Close()
	select {
	case <-ck.stopped:
	default:
		t.Error("Close left the checkpoint goroutine running")
	}
}

func TestRoundEvery(t *testing.T) {
	for _, c := range []struct {
		frames  int64
		commits int
		want    int
	}{
		{5000, 5, ckptEvery},  // 1,000 frames a commit: the most commits
		{15000, 5, ckptEvery}, // 3,000: 4 commits still fit in 16,384 frames
		{25000, 5, 3},         // 5,000
		{60000, 5, 1},         // 12,000 (FTS5 merges at a million documents)
		{300000, 2, 1},        // one commit larger than the WAL target
		{10, 0, ckptEvery},    // nothing known
		{0, 3, ckptEvery},
	} {
		if got := roundEvery(c.frames, c.commits); got != c.want {
			t.Errorf("roundEvery(%d, %d) = %d, want %d", c.frames, c.commits, got, c.want)
		}
	}
}

// TestTextSHA256: the hash taken without a copy is the hash of the text.
func TestTextSHA256(t *testing.T) {
	for _, s := range []string{"", "Quyết định", strings.Repeat("Điều 1. Lưu trữ hồ sơ.\n", 1<<16)} {
		if store.TextSHA256(s) != sha256.Sum256([]byte(s)) {
			t.Errorf("TextSHA256 of %d bytes differs from sha256.Sum256", len(s))
		}
	}
}

// columnsAt is store.WriteColumns and the values of r for them, without the
// columns of schemas later than schema.
func columnsAt(r *store.Record, schema int) ([]string, []any) {
	later := map[string]bool{}
	for _, f := range store.StoredFields {
		if f.Since > schema {
			later[f.StorageColumn()] = true
		}
	}
	all := store.Columns(r)
	cols, vals := []string{}, []any{all[0]}
	for i, c := range store.WriteColumns {
		if !later[c] {
			cols = append(cols, c)
			vals = append(vals, all[i+1])
		}
	}
	return cols, vals
}
