// Package vanban holds the domain types of the archiver: the record parsed
// from one Vietnamese official document (SPEC.md §3) and its parts. It imports
// nothing but the standard library; every other package depends on it, never
// the other way round.
package vanban

// System values of Document.System.
const (
	SystemParty   = "party"
	SystemState   = "state"
	SystemMassOrg = "mass_org"
)

// Document is the structured record of one document. JSON field names are the
// contract of SPEC.md §3: every key is always present, "" and [] stand for
// absent values.
type Document struct {
	ID              int64       `json:"id,omitempty"`
	System          string      `json:"system"`
	Motto           string      `json:"motto"`
	ParentIssuer    string      `json:"parent_issuer"`
	Issuer          string      `json:"issuer"`
	Number          string      `json:"number"`
	Symbol          string      `json:"symbol"`
	TypeCode        string      `json:"type_code"`
	IssuerCode      string      `json:"issuer_code"`
	UnitCode        string      `json:"unit_code"`
	Type            string      `json:"type"`
	Place           string      `json:"place"`
	Date            string      `json:"date"`
	Subject         string      `json:"subject"`
	Recipients      []string    `json:"recipients"`
	Body            string      `json:"body"`
	References      []Reference `json:"references"`
	Distribution    []string    `json:"distribution"`
	SignerAuthority []string    `json:"signer_authority"`
	SignerTitle     string      `json:"signer_title"`
	SignerName      string      `json:"signer_name"`
	Urgency         string      `json:"urgency"`
	Secrecy         string      `json:"secrecy"`
	Encoding        string      `json:"encoding"`
	Warnings        []Warning   `json:"warnings"`
	Source          *Source     `json:"source,omitempty"`
}

// Reference is a document cited in the text. Fields the text does not give
// are "".
type Reference struct {
	Type   string `json:"type"`
	Symbol string `json:"symbol"`
	Date   string `json:"date"`
	Issuer string `json:"issuer"`
}

// Warning says what the parser could not find or found doubtful, naming the
// field of Document it concerns ("" for the document as a whole).
type Warning struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Source describes the original file of an archived record.
type Source struct {
	Path       string `json:"path"`
	SHA256     string `json:"sha256"`
	Size       int64  `json:"size"`
	ImportedAt string `json:"imported_at"`
}

// Warn appends a warning about field.
func (d *Document) Warn(field, msg string) {
	d.Warnings = append(d.Warnings, Warning{Field: field, Message: msg})
}

// Normalize replaces nil slices by empty ones so that JSON shows [] rather
// than null, as SPEC.md §3 requires.
func (d *Document) Normalize() {
	if d.Recipients == nil {
		d.Recipients = []string{}
	}
	if d.References == nil {
		d.References = []Reference{}
	}
	if d.Distribution == nil {
		d.Distribution = []string{}
	}
	if d.SignerAuthority == nil {
		d.SignerAuthority = []string{}
	}
	if d.Warnings == nil {
		d.Warnings = []Warning{}
	}
}
