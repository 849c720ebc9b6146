// Package importer feeds documents into the archive: it expands the paths
// given (files, folders, globs, "-" for standard input), parses in parallel
// and writes through one writer in batched transactions, so that every
// record is stored whole or not at all and a killed import leaves a valid
// archive that the same import, run again, completes without duplicates.
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
)

// Status values of FileResult.Status.
const (
	Imported  = "imported"
	Duplicate = "duplicate"
	Failed    = "failed"
)

// Options configure Run.
type Options struct {
	Paths     []string      // files, folders, globs, "-"
	Exts      []string      // extensions read from folders (".txt", ".md" by default)
	Jobs      int           // parsers in parallel (default: number of CPUs)
	DryRun    bool          // parse and check duplicates, write nothing
	Encoding  string        // force an input encoding ("" detects)
	Stdin     io.Reader     // for "-"
	BatchSize int           // records per transaction (default 500)
	BatchTime time.Duration // longest a transaction stays open (default 1s)
	Now       func() time.Time

	// Progress, when set, is called after each file with the counts so far
	// and the total known (0 while folders are still being walked).
	Progress func(done, total int)
	// OnFile, when set, is called for each file as it is settled.
	OnFile func(FileResult)
}

// FileResult is the outcome for one input, as in the JSON summary of
// SPEC.md §4.
type FileResult struct {
	Path        string           `json:"path"`
	Status      string           `json:"status"`
	ID          *int64           `json:"id"`
	DuplicateOf *int64           `json:"duplicate_of"`
	Error       string           `json:"error"`
	Warnings    []vanban.Warning `json:"warnings"`
}

// Summary is the outcome of a run.
type Summary struct {
	Imported    int          `json:"imported"`
	Duplicates  int          `json:"duplicates"`
	Failed      int          `json:"failed"`
	Warnings    int          `json:"warnings"` // warnings on the records imported
	Files       []FileResult `json:"files"`
	Interrupted bool         `json:"-"`
	DryRun      bool         `json:"-"`
}

// input is one document to read.
type input struct {
	seq   int
	path  string // as the user will recognise it
	stdin bool
	err   error // set when the path could not be read or expanded
}

// result is a parsed input on its way to the writer.
type result struct {
	input
	rec *sqlite.Record
	err error
}

// Run imports opt.Paths into db (which may be nil with DryRun and no
// archive yet).
func Run(ctx context.Context, db *sqlite.DB, opt Options) (*Summary, error) {
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.NumCPU()
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if opt.BatchTime <= 0 {
		opt.BatchTime = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if len(opt.Exts) == 0 {
		opt.Exts = []string{".txt", ".md"}
	}
	inputs := expand(opt.Paths, opt.Exts)
	total := len(inputs)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The window lets the parsers run a batch ahead, so that they keep
	// working while the writer commits (and indexes) the previous batch.
	window := opt.BatchSize + 4*opt.Jobs
	slots := make(chan struct{}, window)
	jobs := make(chan input)
	results := make(chan result, window)

	// Dispatcher: bounded by the reorder window.
	go func() {
		defer close(jobs)
		for _, in := range inputs {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- in:
			case <-ctx.Done():
				return
			}
		}
	}()
	done := make(chan struct{})
	for w := 0; w < opt.Jobs; w++ {
		go func() {
			for in := range jobs {
				results <- work(in, opt)
			}
			done <- struct{}{}
		}()
	}
	go func() {
		for w := 0; w < opt.Jobs; w++ {
			<-done
		}
		close(results)
	}()

	s := &Summary{DryRun: opt.DryRun, Files: make([]FileResult, 0, total)}
	wr := &writer{db: db, opt: opt, s: s, seen: map[string]int64{}}
	pending := map[int]result{}
	next := 0
	var werr error
	for r := range results {
		pending[r.seq] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if werr == nil && ctx.Err() == nil {
				werr = wr.settle(p)
				if opt.Progress != nil {
					opt.Progress(len(s.Files), total)
				}
			}
			if werr != nil {
				cancel()
			}
		}
	}
	if err := wr.finish(); err != nil && werr == nil {
		werr = err
	}
	if werr != nil {
		return s, werr
	}
	if ctx.Err() != nil || len(s.Files) < total {
		s.Interrupted = true
		return s, context.Canceled
	}
	return s, nil
}

// expand turns the paths into inputs in a stable order: each argument in
// turn; a folder's files sorted by path.
func expand(paths []string, exts []string) []input {
	var out []input
	add := func(in input) {
		in.seq = len(out)
		out = append(out, in)
	}
	for _, p := range paths {
		if p == "-" {
			add(input{path: "-", stdin: true})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil && strings.ContainsAny(p, "*?[") {
			matches, gerr := filepath.Glob(p)
			if gerr != nil {
				add(input{path: p, err: fmt.Errorf("bad pattern: %v", gerr)})
				continue
			}
			if len(matches) == 0 {
				add(input{path: p, err: errors.New("no file matches this pattern")})
				continue
			}
			sort.Strings(matches)
			for _, m := range matches {
				if mfi, err := os.Stat(m); err == nil && mfi.IsDir() {
					walk(m, exts, add)
				} else {
					add(input{path: m})
				}
			}
			continue
		}
		switch {
		case err != nil:
			add(input{path: p, err: unwrapPath(err)})
		case fi.IsDir():
			walk(p, exts, add)
		default:
			add(input{path: p})
		}
	}
	return out
}

func walk(root string, exts []string, add func(input)) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			add(input{path: path, err: unwrapPath(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(path))
		for _, e := range exts {
			if ext == e {
				files = append(files, path)
				break
			}
		}
		return nil
	})
	if err != nil {
		add(input{path: root, err: unwrapPath(err)})
	}
	sort.Strings(files)
	for _, f := range files {
		add(input{path: f})
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// work reads and parses one input.
func work(in input, opt Options) result {
	r := result{input: in}
	if in.err != nil {
		r.err = in.err
		return r
	}
	var src []byte
	var err error
	var abs string
	if in.stdin {
		if opt.Stdin == nil {
			r.err = errors.New("no standard input")
			return r
		}
		src, err = io.ReadAll(io.LimitReader(opt.Stdin, parse.MaxSize+1))
		abs = "<stdin>"
	} else {
		var fi os.FileInfo
		if fi, err = os.Stat(in.path); err == nil && fi.Size() > parse.MaxSize {
			err = fmt.Errorf("file is %d MB, more than the %d MB a document may have", fi.Size()>>20, parse.MaxSize>>20)
		} else if err == nil {
			src, err = os.ReadFile(in.path)
		}
		if abs, _ = filepath.Abs(in.path); abs == "" {
			abs = in.path
		}
	}
	if err != nil {
		r.err = unwrapPath(err)
		return r
	}
	doc, text, err := parse.ParseWithText(in.path, src, parse.Options{Encoding: opt.Encoding})
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			err = errors.New(pe.Msg)
		}
		r.err = err
		return r
	}
	sum := sha256.Sum256(src)
	tsum := sha256.Sum256([]byte(text))
	doc.Source = &vanban.Source{
		Path:       abs,
		SHA256:     hex.EncodeToString(sum[:]),
		Size:       int64(len(src)),
		ImportedAt: opt.Now().UTC().Format(time.RFC3339),
	}
	r.rec = &sqlite.Record{Doc: doc, Original: src, Text: text, TextSHA256: tsum[:], ParserVersion: parse.Version}
	if !opt.DryRun {
		r.rec.Prepare()
	}
	return r
}

// writer settles results in input order, batching writes.
type writer struct {
	db    *sqlite.DB
	opt   Options
	s     *Summary
	tx    *sqlite.Writer
	since time.Time
	seen  map[string]int64 // dry run: text hashes of this run (as strings)
	batch []pendingFile    // files of the open transaction
}

// pendingFile ties a summary entry to its record until the transaction
// commits (which may add possible-duplicate warnings).
type pendingFile struct {
	file int
	doc  *vanban.Document
}

func (w *writer) settle(r result) error {
	fr := FileResult{Path: r.path, Warnings: []vanban.Warning{}}
	switch {
	case r.err != nil:
		fr.Status = Failed
		fr.Error = r.err.Error()
	case w.opt.DryRun:
		dup := w.seen[string(r.rec.TextSHA256)]
		if dup == 0 && w.db != nil {
			id, err := w.db.Lookup(context.Background(), r.rec.TextSHA256)
			if err != nil {
				return err
			}
			dup = id
		}
		switch {
		case dup < 0:
			fr.Status = Duplicate // of a file earlier in this dry run: no id yet
		case dup > 0:
			fr.Status, fr.DuplicateOf = Duplicate, &dup
		default:
			fr.Status = Imported
			fr.Warnings = r.rec.Doc.Warnings
			w.seen[string(r.rec.TextSHA256)] = -int64(r.seq + 1) // would-be record: no id yet
		}
	default:
		if w.tx == nil {
			tx, err := w.db.BeginWrite(context.Background())
			if err != nil {
				return err
			}
			w.tx, w.since = tx, time.Now()
		}
		id, dup, err := w.tx.Put(context.Background(), r.rec)
		if err != nil {
			return fmt.Errorf("%s: %w", r.path, err)
		}
		if dup != 0 {
			fr.Status, fr.DuplicateOf = Duplicate, &dup
		} else {
			fr.Status, fr.ID = Imported, &id
			fr.Warnings = r.rec.Doc.Warnings
			w.batch = append(w.batch, pendingFile{file: len(w.s.Files), doc: r.rec.Doc})
		}
	}
	switch fr.Status {
	case Imported:
		w.s.Imported++
		w.s.Warnings += len(fr.Warnings)
	case Duplicate:
		w.s.Duplicates++
	case Failed:
		w.s.Failed++
	}
	w.s.Files = append(w.s.Files, fr)
	if w.opt.OnFile != nil {
		w.opt.OnFile(fr)
	}
	if w.tx != nil && (w.tx.Count() >= w.opt.BatchSize || time.Since(w.since) >= w.opt.BatchTime) {
		return w.commit()
	}
	return nil
}

func (w *writer) commit() error {
	if w.tx == nil {
		return nil
	}
	err := w.tx.Commit()
	w.tx = nil
	if err == nil {
		for _, p := range w.batch {
			f := &w.s.Files[p.file]
			w.s.Warnings += len(p.doc.Warnings) - len(f.Warnings)
			f.Warnings = p.doc.Warnings
		}
	}
	w.batch = w.batch[:0]
	return err
}

func (w *writer) finish() error { return w.commit() }
