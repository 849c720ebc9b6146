package archive

import (
	"errors"
	"strings"

	"github.com/vanban/vanban/internal/check"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// parseRecord is the one way import and reparse make a record of a
// document's bytes: decode them (parse.Decode) and parse the text
// (recordOf). The caller adds what only it knows: the source of a new
// record, the kept warnings of an old one. A parse error is returned as the
// parser's message alone (the caller names the file).
func parseRecord(path string, src []byte, opt parse.Options) (*store.Record, error) {
	dt, err := parse.Decode(path, src, opt)
	if err != nil {
		return nil, parseError(err)
	}
	return recordOf(path, dt)
}

// recordOf parses decoded text into a record keyed by the text's hash,
// stamped with the parser's version. Import calls it once it has let the
// file's bytes go (a large document would otherwise be held twice).
func recordOf(path string, dt *parse.Decoded) (*store.Record, error) {
	doc, err := dt.Parse(path)
	if err != nil {
		return nil, parseError(err)
	}
	doc.Findings = check.Check(doc, dt.Text).Findings
	sum := store.TextSHA256(dt.Text)
	return &store.Record{Doc: doc, Text: dt.Text, TextSHA256: sum[:], ParserVersion: parse.Version}, nil
}

// parseError is a parse failure as the parser's message alone.
func parseError(err error) error {
	var pe *parse.Error
	if errors.As(err, &pe) {
		return errors.New(pe.Msg)
	}
	return err
}

// keepImportWarnings carries the warnings given at import, not by the
// parser (possible duplicates), from old to a reparsed doc.
func keepImportWarnings(old, doc *vanban.Document) {
	for _, w := range old.Warnings {
		if strings.HasPrefix(w.Message, vanban.PossibleDuplicate) {
			doc.Warnings = append(doc.Warnings, w)
		}
	}
}
