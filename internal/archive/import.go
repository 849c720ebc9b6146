// Package archive holds the use cases that write the archive: import and
// reparse, which make records from documents' bytes the same way (record.go).
//
// Import feeds documents into the archive: it expands the paths
// given (files, folders, globs, "-" for standard input), parses in parallel
// and writes through one writer in batched transactions, so that every
// record is stored whole or not at all and a killed import leaves a valid
// archive that the same import, run again, completes without duplicates.
package archive

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
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/store"
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
	MaxSize   int           // largest file in bytes (0: parse.DefaultMaxSize)
	Stdin     io.Reader     // for "-"
	BatchSize int           // records per transaction (default 500)
	BatchTime time.Duration // longest a transaction stays open (default 1s)
	Now       func() time.Time

	// Progress, when set, is called as files are settled with the number
	// settled, the number found so far, and whether the folders have been
	// walked to the end (until then the total is not known).
	Progress func(done, found int, walked bool)
	// OnFile, when set, is called for each file, in input order, once its
	// record is committed.
	OnFile func(FileResult)
	// KeepFiles keeps every file's result in Summary.Files; otherwise only
	// the failed ones are kept, so that memory does not grow with the number
	// of files.
	KeepFiles bool
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
	Settled     int          `json:"-"` // files settled so far
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
	rec *store.Record
	err error
}

// Run imports opt.Paths into db (which may be nil with DryRun and no
// archive yet).
func Run(ctx context.Context, db store.Store, opt Options) (*Summary, error) {
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
	// What the engine computes of a record (PostgreSQL: its full-text
	// vectors) is computed by the parse workers, in parallel, not by the
	// single writer.
	prep, _ := db.(store.Preparer)
	// The paths are walked as the import goes (a million files are not
	// listed in memory first); the total is known once the walk ends.
	var total atomic.Int64
	var walked atomic.Bool

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
		n := 0
		expandTo(opt.Paths, opt.Exts, func(in input) bool {
			in.seq = n
			n++
			total.Store(int64(n))
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- in:
				return true
			case <-ctx.Done():
				return false
			}
		})
		walked.Store(true)
	}()
	done := make(chan struct{})
	for w := 0; w < opt.Jobs; w++ {
		go func() {
			for in := range jobs {
				results <- work(in, opt, prep)
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

	s := &Summary{DryRun: opt.DryRun, Files: []FileResult{}}
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
					// next inputs are parsed and written (committed with
					// their batch): the bar moves file by file.
					opt.Progress(next, int(total.Load()), walked.Load())
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
	if ctx.Err() != nil || !walked.Load() || int64(s.Settled) < total.Load() {
		s.Interrupted = true
		return s, context.Canceled
	}
	return s, nil
}

// expandTo calls emit for each input of paths, in a stable order: each
// argument in turn; a folder's files in lexical order of their paths
// (filepath.WalkDir's order); a glob's matches sorted. It stops when emit
// returns false.
func expandTo(paths []string, exts []string, emit func(input) bool) {
	for _, p := range paths {
		if p == "-" {
			if !emit(input{path: "-", stdin: true}) {
				return
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil && strings.ContainsAny(p, "*?[") {
			matches, gerr := filepath.Glob(p)
			switch {
			case gerr != nil:
				if !emit(input{path: p, err: fmt.Errorf("bad pattern: %w", gerr)}) {
					return
				}
			case len(matches) == 0:
				if !emit(input{path: p, err: errors.New("no file matches this pattern")}) {
					return
				}
			}
			sort.Strings(matches)
			for _, m := range matches {
				if mfi, err := os.Stat(m); err == nil && mfi.IsDir() {
					if !walk(m, exts, emit) {
						return
					}
				} else if !emit(input{path: m}) {
					return
				}
			}
			continue
		}
		ok := true
		switch {
		case err != nil:
			ok = emit(input{path: p, err: unwrapPath(err)})
		case fi.IsDir():
			ok = walk(p, exts, emit)
		default:
			ok = emit(input{path: p})
		}
		if !ok {
			return
		}
	}
}

var errStop = errors.New("stop")

// walk emits the files of root with one of exts, in lexical order.
func walk(root string, exts []string, emit func(input) bool) bool {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if !emit(input{path: path, err: unwrapPath(err)}) {
				return errStop
			}
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
				if !emit(input{path: path}) {
					return errStop
				}
				break
			}
		}
		return nil
	})
	return err != errStop
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// work reads and parses one input.
func work(in input, opt Options, prep store.Preparer) result {
	r := result{input: in}
	if in.err != nil {
		r.err = in.err
		return r
	}
	var src []byte
	var err error
	var abs string
	large := false
	if in.stdin {
		if opt.Stdin == nil {
			r.err = errors.New("no standard input")
			return r
		}
		src, err = io.ReadAll(io.LimitReader(opt.Stdin, int64(opt.limit())+1))
		if err == nil && len(src) > opt.limit() {
			err = errors.New(parse.TooLarge(int64(len(src)), opt.limit()))
		}
		abs = "<stdin>"
	} else {
		// A large document is read and parsed alone, with the collector
		// kept close behind it: its bytes, text and body are each the size
		// of the file, and two at once (or a lazy collector) would be the
		// peak of the whole import.
		if fi, serr := os.Stat(in.path); serr == nil && fi.Size() > parse.LargeFile && fi.Size() <= int64(opt.limit()) {
			large = true
			largeMu.Lock()
			defer largeMu.Unlock()
			defer parse.CollectClosely(fi.Size())()
		}
		src, err = readRegular(in.path, opt.limit())
		if abs, _ = filepath.Abs(in.path); abs == "" {
			abs = in.path
		}
	}
	if err != nil {
		r.err = unwrapPath(err)
		return r
	}
	// What the archive keeps of the bytes is taken before parsing (their
	// hash, size and compressed copy), so that they are not held while a
	// large document is parsed: the parse itself needs them only to decode.
	sum := sha256.Sum256(src)
	size := len(src)
	var origS2 []byte
	if !opt.DryRun {
		origS2 = store.CompressOriginal(src)
	}
	// The text is decoded, then the bytes let go before it is parsed (for
	// a large document, collected at once: the parse's text, lines and
	// body then take their memory instead of adding to it).
	dt, err := parse.Decode(in.path, src, parse.Options{Encoding: opt.Encoding, MaxSize: opt.MaxSize})
	src = nil
	if err != nil {
		r.err = parseError(err)
		return r
	}
	if large {
		runtime.GC()
	}
	rec, err := recordOf(in.path, dt)
	dt = nil
	if err != nil {
		r.err = err
		return r
	}
	doc := rec.Doc
	doc.Source = &vanban.Source{
		Path:       abs,
		SHA256:     hex.EncodeToString(sum[:]),
		Size:       int64(size),
		ImportedAt: opt.Now().UTC().Format(time.RFC3339),
	}
	// The text equals the bytes (the common case: UTF-8 already clean)
	// when their hashes do; then the archive stores the bytes alone.
	rec.OriginalS2, rec.TextIsOriginal = origS2, string(rec.TextSHA256) == string(sum[:])
	r.rec = rec
	if !opt.DryRun {
		r.rec.Prepare()
		if prep != nil {
			prep.PrepareRecord(r.rec)
		}
		// What the writer stores is ready (compressed bytes, text and
		// body, index values): the originals need not wait in memory for
		// their batch, which matters for a large document.
		r.rec.Original, r.rec.Text, doc.Body = nil, "", ""
		if large {
			// What the parse and Prepare let go goes back to the system
			// before SQLite builds the index entries (in its own memory,
			// about twice the folded body): otherwise both add up.
			debug.FreeOSMemory()
		}
	}
	return r
}

// writer settles results in input order, batching writes.
type writer struct {
	db    store.Store
	opt   Options
	s     *Summary
	tx    store.Writer
	since time.Time
	seen  map[string]int64 // dry run: text hashes of this run (as strings)
	batch []pendingFile    // files of the open transaction
	// queued are the indexes in batch of the records waiting for the
	// engine's PutBatch (store.BatchPutter), written a group at a time.
	queued []int
}

// pendingFile is a result waiting for its transaction to commit (which may
// add possible-duplicate warnings to its record).
type pendingFile struct {
	fr  FileResult
	doc *vanban.Document
	rec *store.Record // queued for PutBatch; nil once written
}

// putGroup is how many records one PutBatch writes.
const putGroup = 128

// flushQueued writes the queued records with the engine's PutBatch and
// settles their results.
func (w *writer) flushQueued() error {
	if len(w.queued) == 0 {
		return nil
	}
	recs := make([]*store.Record, len(w.queued))
	for i, k := range w.queued {
		recs[i] = w.batch[k].rec
	}
	res, err := w.tx.(store.BatchPutter).PutBatch(context.Background(), recs)
	for i, k := range w.queued {
		p := &w.batch[k]
		p.rec = nil
		switch {
		case err != nil:
			p.fr.Status, p.fr.Error = Failed, "not stored: "+err.Error()
		case res[i].DupOf != 0:
			dup := res[i].DupOf
			p.fr.Status, p.fr.DuplicateOf = Duplicate, &dup
		default:
			id := res[i].ID
			p.fr.Status, p.fr.ID = Imported, &id
			p.doc = recs[i].Doc
		}
	}
	w.queued = w.queued[:0]
	return err
}

func (w *writer) settle(r result) error {
	fr := FileResult{Path: r.path, Warnings: []vanban.Warning{}}
	var doc *vanban.Document
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
			doc = r.rec.Doc
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
		if _, ok := w.tx.(store.BatchPutter); ok {
			// Written with the next group; the result is known then.
			w.queued = append(w.queued, len(w.batch))
			w.batch = append(w.batch, pendingFile{fr: fr, rec: r.rec})
			if len(w.queued) >= putGroup {
				if err := w.flushQueued(); err != nil {
					return fmt.Errorf("%s: %w", r.path, err)
				}
			}
			if w.tx.Count()+len(w.queued) >= w.opt.BatchSize || time.Since(w.since) >= w.opt.BatchTime {
				return w.commit()
			}
			return nil
		}
		id, dup, err := w.tx.Put(context.Background(), r.rec)
		if err != nil {
			// This file is not stored; the batch before it stands or
			// falls with the commit that finish attempts.
			fr.Status, fr.Error = Failed, "not stored: "+err.Error()
			w.batch = append(w.batch, pendingFile{fr: fr})
			return fmt.Errorf("%s: %w", r.path, err)
		}
		if dup != 0 {
			fr.Status, fr.DuplicateOf = Duplicate, &dup
		} else {
			fr.Status, fr.ID = Imported, &id
			doc = r.rec.Doc
		}
	}
	// Results wait for their transaction to commit: only then are they true
	// (and their possible-duplicate warnings known).
	w.batch = append(w.batch, pendingFile{fr: fr, doc: doc})
	if w.tx == nil || w.tx.Count() >= w.opt.BatchSize || time.Since(w.since) >= w.opt.BatchTime {
		return w.commit()
	}
	return nil
}

// commit commits the open transaction, then reports its files in order.
func (w *writer) commit() error {
	var cerr error
	if w.tx != nil {
		if err := w.flushQueued(); err != nil {
			// The group was not stored, and the transaction is broken:
			// nothing of the batch is committed.
			w.tx.Rollback()
			w.tx = nil
			for i := range w.batch {
				if fr := &w.batch[i].fr; fr.Status == Imported {
					fr.Status, fr.ID, fr.Error = Failed, nil, "not stored: "+err.Error()
					w.batch[i].doc = nil
				}
			}
			cerr = err
		}
	}
	if w.tx != nil {
		cerr = w.tx.Commit()
		w.tx = nil
		if cerr != nil {
			// Nothing of the batch was stored (disk full, I/O error): its
			// files are reported failed with the reason, never imported.
			for i := range w.batch {
				if w.batch[i].fr.Status == Imported {
					fr := &w.batch[i].fr
					fr.Status, fr.ID, fr.Error = Failed, nil, "not stored: the commit failed: "+cerr.Error()
					w.batch[i].doc = nil
				}
			}
		}
	}
	for _, p := range w.batch {
		fr := p.fr
		if p.doc != nil {
			fr.Warnings = p.doc.Warnings
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
		w.s.Settled++
		if w.opt.KeepFiles || fr.Status == Failed {
			w.s.Files = append(w.s.Files, fr)
		}
		if w.opt.OnFile != nil {
			w.opt.OnFile(fr)
		}
	}
	w.batch = w.batch[:0]
	return cerr
}

func (w *writer) finish() error { return w.commit() }

// readRegular reads a document file. Only regular files are read (a FIFO
// would block forever, /dev/zero never ends, a device is no document),
// also through a symbolic link; the size limit holds while reading, for a
// file that grows.
func readRegular(path string, limit int) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s); only files are read", kindOf(fi.Mode()))
	}
	if fi.Size() > int64(limit) {
		return nil, errors.New(parse.TooLarge(fi.Size(), limit))
	}
	// O_NONBLOCK: should the file have been swapped for a FIFO since the
	// Stat, opening it does not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file; only files are read")
	}
	src, err := readAllSized(io.LimitReader(f, int64(limit)+1), fi.Size())
	if err != nil {
		return nil, err
	}
	if len(src) > limit {
		return nil, errors.New(parse.TooLarge(int64(len(src)), limit))
	}
	return src, nil
}

// largeMu lets one file over parse.LargeFile be read and parsed at a time.
var largeMu sync.Mutex

// readAllSized is io.ReadAll with a first buffer of the size the file had
// when it was opened: a large file is read without the copies of a growing
// buffer. It still reads to the end should the file have grown since.
func readAllSized(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

func kindOf(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "not a file"
}

func (o Options) limit() int { return parse.Options{MaxSize: o.MaxSize}.Limit() }
