package sqlite

import (
	"github.com/klauspost/compress/s2"
)

// The body is stored as an S2 block (github.com/klauspost/compress/s2, a
// faster Snappy): compressing in the parse workers costs a few microseconds
// per document and cuts what the single writer writes. Original bytes and
// decoded text are never compressed.

// CompressBody compresses a record's body for the contents table.
func CompressBody(body string) []byte {
	return s2.Encode(nil, []byte(body))
}

// DecompressBody reverses CompressBody.
func DecompressBody(b []byte) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	out, err := s2.Decode(nil, b)
	return string(out), err
}
