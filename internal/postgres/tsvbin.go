package postgres

import (
	"context"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// A group of records is sent with its vectors in PostgreSQL's binary
// tsvector format, built by the parse workers: the server then reads them
// without parsing text (tsvector's text input was a fifth of its time in
// an import). The format (tsvectorsend/tsvectorrecv): the number of words
// (int32), then for each word, in byte order, the word and a NUL, the
// number of its places (uint16) and the places (uint16 each, weight bits
// clear). Words in order and places ascending are what the server checks.

// tsvBin is a tsvector in binary form.
type tsvBin struct{ b []byte }

// The OIDs of tsvector and tsvector[] (built-in types: fixed).
const (
	tsvectorOID      = 3614
	tsvectorArrayOID = 3643
)

// binary is the vector in binary form; strip leaves out the places.
func (v *vector) binary(strip bool) tsvBin {
	order := make([]int32, len(v.ents))
	size := 4
	for i, e := range v.ents {
		order[i] = int32(i)
		size += len(e.word) + 3
		if !strip {
			size += 2 * int(e.n)
		}
	}
	sort.Slice(order, func(a, b int) bool { return v.ents[order[a]].word < v.ents[order[b]].word })
	b := make([]byte, 0, size)
	b = binary.BigEndian.AppendUint32(b, uint32(len(v.ents)))
	for _, k := range order {
		e := v.ents[k]
		b = append(b, e.word...)
		b = append(b, 0)
		if strip {
			b = binary.BigEndian.AppendUint16(b, 0)
			continue
		}
		b = binary.BigEndian.AppendUint16(b, uint16(e.n))
		for at := e.first; at >= 0; at = v.arena[at].next {
			b = binary.BigEndian.AppendUint16(b, uint16(v.arena[at].pos))
		}
	}
	return tsvBin{b}
}

// registerTSVector teaches a connection to send tsvBin values.
func registerTSVector(_ context.Context, c *pgx.Conn) error {
	t := &pgtype.Type{Name: "tsvector", OID: tsvectorOID, Codec: tsvCodec{}}
	c.TypeMap().RegisterType(t)
	c.TypeMap().RegisterType(&pgtype.Type{Name: "_tsvector", OID: tsvectorArrayOID, Codec: &pgtype.ArrayCodec{ElementType: t}})
	return nil
}

// tsvCodec encodes tsvBin in the binary format; vanban never reads a
// tsvector back.
type tsvCodec struct{}

func (tsvCodec) FormatSupported(format int16) bool { return format == pgtype.BinaryFormatCode }
func (tsvCodec) PreferredFormat() int16            { return pgtype.BinaryFormatCode }

func (tsvCodec) PlanEncode(_ *pgtype.Map, _ uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(tsvBin); ok && format == pgtype.BinaryFormatCode {
		return tsvEncodePlan{}
	}
	return nil
}

func (tsvCodec) PlanScan(*pgtype.Map, uint32, int16, any) pgtype.ScanPlan { return nil }

var errTSVectorRead = errors.New("vanban does not read tsvector values")

func (tsvCodec) DecodeDatabaseSQLValue(*pgtype.Map, uint32, int16, []byte) (driver.Value, error) {
	return nil, errTSVectorRead
}

func (tsvCodec) DecodeValue(*pgtype.Map, uint32, int16, []byte) (any, error) {
	return nil, errTSVectorRead
}

type tsvEncodePlan struct{}

func (tsvEncodePlan) Encode(value any, buf []byte) ([]byte, error) {
	return append(buf, value.(tsvBin).b...), nil
}
