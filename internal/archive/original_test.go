package archive

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/vanban/vanban/internal/parse"
)

// TestOriginalKeptExactly: the archive returns every imported file's bytes
// exactly and the text it was parsed from, whether the text is the bytes
// themselves (clean UTF-8: stored once) or a decoding of them (TCVN3, VNI,
// Windows-1258, mojibake, CRLF line ends, a byte-order mark).
func TestOriginalKeptExactly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var paths []string
	add := func(name string, b []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	clean, err := os.ReadFile("../../testdata/corpus/002.txt")
	if err != nil {
		t.Fatal(err)
	}
	add("clean.txt", clean)
	crlf := []byte{}
	for _, c := range clean {
		if c == '\n' {
			crlf = append(crlf, '\r')
		}
		crlf = append(crlf, c)
	}
	add("crlf.txt", crlf)
	add("bom.txt", append([]byte{0xEF, 0xBB, 0xBF}, []byte("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 9/QĐ-UBND\n\nQUYẾT ĐỊNH\nVề việc thử nghiệm mã BOM\n")...))
	for _, name := range []string{"binhduong-71.tcvn3.txt", "binhduong-71.vni.txt", "binhduong-71.cp1258.txt"} {
		b, err := os.ReadFile(filepath.Join("../../testdata/legacy", name))
		if err != nil {
			t.Fatal(err)
		}
		add(name, b)
	}
	db := openTestDB(t)
	// One file per run: the legacy copies decode to one text, which
	// would otherwise be stored once as duplicates.
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		_, text, err := parse.ParseWithText(p, src, parse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().Exec(`DELETE FROM documents`); err != nil {
			t.Fatal(err)
		}
		s, err := Run(ctx, db, Options{Paths: []string{p}, Jobs: 1, KeepFiles: true})
		if err != nil || s.Imported != 1 {
			t.Fatalf("%s: imported %d (%v)", p, s.Imported, err)
		}
		id := *s.Files[0].ID
		orig, got, err := db.Original(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if string(orig) != string(src) {
			t.Errorf("%s: original bytes differ from the file", filepath.Base(p))
		}
		if got != text {
			t.Errorf("%s: stored text differs from the text parsed", filepath.Base(p))
		}
		var textNull bool
		if err := db.SQL().QueryRow(`SELECT text_s2 IS NULL FROM contents WHERE doc_id = ?`, id).Scan(&textNull); err != nil {
			t.Fatal(err)
		}
		if same := text == string(src); textNull != same {
			t.Errorf("%s: text stored apart: %v, want %v (text is the bytes: %v)", filepath.Base(p), !textNull, !same, same)
		}
	}
}

// TestLargeFilesImportedInParallel: files above parse.LargeFile are read and parsed one
// at a time (their memory would add up); several of them, imported with
// parallel workers, are all stored whole.
func TestLargeFilesImportedInParallel(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 2 × 8.5 MB")
	}
	ctx := context.Background()
	dir := t.TempDir()
	var paths []string
	for i, sym := range []string{"12/QĐ-UBND", "13/QĐ-UBND"} {
		b := []byte("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: " + sym + "\n\nQUYẾT ĐỊNH\nVề việc lưu trữ hồ sơ lớn\n\n")
		line := []byte("Điều 1. Các cơ quan, đơn vị lưu trữ hồ sơ theo đúng quy định của pháp luật về lưu trữ.\n")
		for len(b) < parse.LargeFile+parse.LargeFile/16 {
			b = append(b, line...)
		}
		p := filepath.Join(dir, string(rune('a'+i))+".txt")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	db := openTestDB(t)
	s, err := Run(ctx, db, Options{Paths: paths, Jobs: 2, KeepFiles: true})
	if err != nil || s.Imported != 2 {
		t.Fatalf("imported %d of 2 (%v)", s.Imported, err)
	}
	for i, fr := range s.Files {
		orig, _, err := db.Original(ctx, *fr.ID)
		src, _ := os.ReadFile(paths[i])
		if err != nil || string(orig) != string(src) {
			t.Errorf("%s: original not kept exactly (%v)", paths[i], err)
		}
	}
}
