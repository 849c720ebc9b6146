package archive

import (
	"errors"
	"strings"

	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
)

// parseRecord is the one way import and reparse make a record of a
// document's bytes: decode and parse them (parse.ParseWithText) and key the
// record by its text's hash, stamped with the parser's version. The caller
// adds what only it knows: the source of a new record, the kept warnings of
// an old one. A parse error is returned as the parser's message alone (the
// caller names the file).
func parseRecord(path string, src []byte, opt parse.Options) (*sqlite.Record, error) {
	doc, text, err := parse.ParseWithText(path, src, opt)
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			err = errors.New(pe.Msg)
		}
		return nil, err
	}
	sum := sqlite.TextSHA256(text)
	return &sqlite.Record{Doc: doc, Text: text, TextSHA256: sum[:], ParserVersion: parse.Version}, nil
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
