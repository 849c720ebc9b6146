package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/check"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/vanban"
)

type parseOptions struct {
	format   string
	encoding string
	files    []string
}

func newParseCmd(app *App) *cobra.Command {
	opts := &parseOptions{}
	cmd := &cobra.Command{
		Use:   "parse FILE...",
		Short: "Parse documents and print their records without storing them",
		Long: `Parse each FILE (or standard input for "-") into a record (the fields of
'vanban export --help') and print it. Nothing is stored. With --format json one file prints one object and
several print an array; ndjson prints one object per line; text prints a
readable summary. A file that is not a document (empty, binary, no header and
no signature) is reported on stderr and the others still go through.

The encoding is detected: UTF-8 with or without BOM, UTF-16, Windows-1258,
and the legacy Vietnamese font encodings TCVN3 (ABC), VNI-Windows and
VISCII, also mixed by paragraph; mojibake and TCVN3's lost capitals and ư
are repaired where certain. The record's "encoding" says what was used and
its warnings what could not be known; --encoding forces one.` + exitStatusPartialHelp,
		Example: `  vanban parse testdata/corpus/seed-bentre-275.txt
  vanban parse --format ndjson testdata/corpus/*.txt > records.ndjson
  cat doc.txt | vanban parse -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			switch opts.format {
			case "json", "ndjson", "text":
			default:
				return usageErrorf("--format %q: want json, ndjson or text", opts.format)
			}
			if opts.encoding != "" && !charset.IsKnownEncoding(opts.encoding) {
				return usageErrorf("--encoding %q: want one of %s", opts.encoding, strings.Join(charset.Encodings, ", "))
			}
			return runParse(app, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "json", "output format: json, ndjson or text")
	cmd.Flags().StringVar(&opts.encoding, "encoding", "", encodingFlagHelp)
	return cmd
}

// parseResult is one input's outcome, in input order.
type parseResult struct {
	doc  *vanban.Document
	line []byte // ndjson: the encoded record, newline included
	err  error
}

// runParse parses the inputs on every core and prints the records in input
// order: a window of inputs is in flight at once, so memory does not grow
// with the number of files (ndjson and text stream; json needs them all for
// its array). Standard input ("-") is read by the first worker that gets it.
func runParse(app *App, opts *parseOptions) error {
	workers := runtime.GOMAXPROCS(0)
	// A large document is parsed alone, with the collector close behind it
	// (measured: 60 MB in 162 MB instead of 251 MB, same time).
	largest := int64(0)
	for _, f := range opts.files {
		if fi, err := os.Stat(f); err == nil && fi.Size() > largest {
			largest = fi.Size()
		}
	}
	if largest > parse.LargeFile {
		defer parse.CollectClosely(largest)()
		workers = 1 // two large documents at once would double it
	}
	window := 4 * workers
	results := make([]chan parseResult, len(opts.files))
	for i := range results {
		results[i] = make(chan parseResult, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] <- parseOne(app, opts, opts.files[i])
			}
		}()
	}
	// A slot is taken for each input handed to the workers and given back
	// when the output loop has printed it.
	slots := make(chan struct{}, window)
	go func() {
		defer close(jobs)
		for i := range opts.files {
			slots <- struct{}{}
			jobs <- i
		}
	}()
	out := bufio.NewWriterSize(app.Out, 64<<10)
	var docs []*vanban.Document
	failed := 0
	var werr error
	for i := range opts.files {
		r := <-results[i]
		<-slots
		if r.err != nil {
			// Records printed so far go out before the error that follows
			// them, so that stdout and stderr interleave in input order.
			if werr == nil {
				werr = out.Flush()
			}
			fmt.Fprintf(app.Err, "vanban: %s\n", visible(r.err.Error(), true))
			failed++
			continue
		}
		switch opts.format {
		case "ndjson":
			if werr == nil && r.doc != nil {
				werr = writeDocJSON(out, r.doc, false)
			} else if werr == nil {
				_, werr = out.Write(r.line)
			}
		case "text":
			if werr == nil {
				if len(docs) > 0 {
					fmt.Fprintln(out)
				}
				if len(opts.files) > 1 {
					// Several files: say which record is which.
					fmt.Fprintf(out, "%-17s %s\n", "file:", visible(opts.files[i], false))
				}
				writeText(out, r.doc)
			}
			docs = append(docs, nil) // counts records printed
		default:
			docs = append(docs, r.doc)
		}
	}
	wg.Wait()
	if opts.format == "json" && werr == nil {
		if len(opts.files) == 1 {
			if len(docs) == 1 {
				werr = writeDocJSON(out, docs[0], true)
			}
		} else {
			if docs == nil {
				docs = []*vanban.Document{}
			}
			werr = writeJSON(out, docs, true)
		}
	}
	if werr == nil {
		werr = out.Flush()
	}
	if werr != nil {
		return werr
	}
	if failed > 0 {
		return &PartialError{Failed: failed, Total: len(opts.files)}
	}
	return nil
}

// parseOne reads and parses one input; for ndjson it also encodes the
// record, so that encoding runs on the workers too.
func parseOne(app *App, opts *parseOptions, name string) parseResult {
	src, err := readInput(app, name)
	if err != nil {
		return parseResult{err: err}
	}
	// Decoded, then the bytes let go before the text is parsed: a large
	// document is not held twice.
	dt, err := parse.Decode(name, src, parse.Options{Encoding: opts.encoding, MaxSize: app.sizeLimit()})
	src = nil
	if err != nil {
		return parseResult{err: err}
	}
	doc, err := dt.Parse(name)
	if err != nil {
		return parseResult{err: err}
	}
	// The findings import would store (vanban check).
	doc.Findings = check.Check(doc, dt.Text).Findings
	r := parseResult{doc: doc}
	if opts.format == "ndjson" && len(doc.Body) < 1<<20 {
		// Encoded here, on the workers; a large record is streamed by the
		// output loop instead (writeDocJSON), not held encoded.
		var buf bytes.Buffer
		if err := writeDocJSON(&buf, doc, false); err != nil {
			return parseResult{err: err}
		}
		r.line = buf.Bytes()
		r.doc = nil
	}
	return r
}

func readInput(app *App, name string) ([]byte, error) {
	if name == "-" {
		lim := app.sizeLimit()
		b, err := io.ReadAll(io.LimitReader(app.In, int64(lim)+1))
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		if len(b) > lim {
			return nil, fmt.Errorf("standard input: %s", parse.TooLarge(int64(len(b)), lim))
		}
		return b, nil
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPathErr(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a folder; parse takes files (import reads folders)", name)
	}
	if lim := app.sizeLimit(); fi.Size() > int64(lim) {
		return nil, fmt.Errorf("%s: %s", name, parse.TooLarge(fi.Size(), lim))
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPathErr(err))
	}
	return b, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// writeJSON writes v as JSON without HTML escaping.
func writeJSON(w io.Writer, v any, indent bool) error {
	// The encoder builds the whole value before it writes (nothing half
	// written on an error), so no buffer of our own: a large record's JSON
	// is held once less.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// encodingFlagHelp describes --encoding: the names a record's encoding field
// takes, and the aliases accepted for them.
var encodingFlagHelp = "force the input encoding instead of detecting it: " + strings.Join(charset.Encodings, ", ") +
	" (also abc/tcvn/vn3 for tcvn3, vni-win for vni, cp1258, utf8)"

// writeDocJSON writes one record as JSON, the same bytes as writeJSON, with
// its body escaped and written piece by piece: the JSON encoder would build
// the whole document (and, indented, a second copy) in memory first, which
// for a large document is several times its body.
func writeDocJSON(w io.Writer, d *vanban.Document, indent bool) error {
	if len(d.Body) < 1<<20 {
		return writeJSON(w, d, indent)
	}
	rest := *d
	rest.Body = ""
	var head bytes.Buffer
	if err := writeJSON(&head, &rest, indent); err != nil {
		return err
	}
	marker := []byte(`"body":""`)
	if indent {
		marker = []byte(`"body": ""`)
	}
	k := bytes.Index(head.Bytes(), marker)
	if k < 0 {
		return writeJSON(w, d, indent) // not expected: the field is always written
	}
	k += len(marker) - 1 // at the closing quote of the empty body
	if _, err := w.Write(head.Bytes()[:k]); err != nil {
		return err
	}
	for body := d.Body; body != ""; {
		n := min(len(body), 64<<10)
		for n < len(body) && !utf8.RuneStart(body[n]) {
			n++
		}
		q, err := marshalNoEscape(body[:n])
		if err != nil {
			return err
		}
		if _, err := w.Write(q[1 : len(q)-1]); err != nil { // without its quotes
			return err
		}
		body = body[n:]
	}
	_, err := w.Write(head.Bytes()[k:])
	return err
}

// marshalNoEscape is json.Marshal without HTML escaping (SPEC §3: as show
// and parse write JSON).
func marshalNoEscape(v any) (json.RawMessage, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return json.RawMessage(strings.TrimSuffix(b.String(), "\n")), nil
}
