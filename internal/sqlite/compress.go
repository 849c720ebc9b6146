package sqlite

import (
	"github.com/klauspost/compress/zstd"
)

// One encoder and decoder for the process: EncodeAll and DecodeAll are safe
// for concurrent use.
var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

// CompressBody compresses a record's body for the contents table.
func CompressBody(body string) []byte {
	return zenc.EncodeAll([]byte(body), make([]byte, 0, len(body)/3+16))
}

// DecompressBody reverses CompressBody.
func DecompressBody(b []byte) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	out, err := zdec.DecodeAll(b, nil)
	return string(out), err
}
