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
	Spans           []Span      `json:"spans"`
	Findings        []Finding   `json:"findings"`
}

// Fields lists the fields of Document in their order (SPEC.md §3), with
// what storage, renderers, --fields and reparse derive from them (Field). A
// new field is a line of the struct above and a line here (and a migration
// adding its column, with Since set to its schema version).
var Fields = []Field{
	{Name: "id", Kind: KindID, Column: "-", ptr: func(d *Document) any { return &d.ID }},
	{Name: "system", Label: "system", ptr: func(d *Document) any { return &d.System }},
	{Name: "motto", Label: "motto", ptr: func(d *Document) any { return &d.Motto }},
	{Name: "parent_issuer", FoldColumn: "parent_fold", Label: "parent issuer", ptr: func(d *Document) any { return &d.ParentIssuer }},
	{Name: "issuer", FoldColumn: "issuer_fold", Label: "issuer", ptr: func(d *Document) any { return &d.Issuer }},
	{Name: "number", ptr: func(d *Document) any { return &d.Number }},
	{Name: "symbol", FoldColumn: "symbol_fold", Label: "symbol", ptr: func(d *Document) any { return &d.Symbol }},
	{Name: "type_code", ptr: func(d *Document) any { return &d.TypeCode }},
	{Name: "issuer_code", ptr: func(d *Document) any { return &d.IssuerCode }},
	{Name: "unit_code", ptr: func(d *Document) any { return &d.UnitCode }},
	{Name: "type", FoldColumn: "type_fold", Label: "type", ptr: func(d *Document) any { return &d.Type }},
	{Name: "place", FoldColumn: "place_fold", Label: "place", ptr: func(d *Document) any { return &d.Place }},
	{Name: "date", Label: "date", ptr: func(d *Document) any { return &d.Date }},
	{Name: "subject", Label: "subject", ptr: func(d *Document) any { return &d.Subject }},
	{Name: "recipients", Kind: KindList, Label: "kính gửi", ptr: func(d *Document) any { return &d.Recipients }},
	{Name: "body", Column: "-", ptr: func(d *Document) any { return &d.Body }},
	{Name: "references", Kind: KindRefs, Column: "refs", Label: "cites", ptr: func(d *Document) any { return &d.References }},
	{Name: "distribution", Kind: KindList, Label: "nơi nhận", ptr: func(d *Document) any { return &d.Distribution }},
	{Name: "signer_authority", Kind: KindList, Label: "authority", ptr: func(d *Document) any { return &d.SignerAuthority }},
	{Name: "signer_title", Label: "signer title", ptr: func(d *Document) any { return &d.SignerTitle }},
	{Name: "signer_name", FoldColumn: "signer_fold", Label: "signer", ptr: func(d *Document) any { return &d.SignerName }},
	{Name: "urgency", Label: "urgency", ptr: func(d *Document) any { return &d.Urgency }},
	{Name: "secrecy", Label: "secrecy", ptr: func(d *Document) any { return &d.Secrecy }},
	{Name: "encoding", Label: "encoding", ptr: func(d *Document) any { return &d.Encoding }},
	{Name: "warnings", Kind: KindWarnings, Label: "warning", ptr: func(d *Document) any { return &d.Warnings }},
	{Name: "source", Kind: KindSource, Column: "-", ptr: func(d *Document) any { return &d.Source }},
	{Name: "spans", Kind: KindSpans, Since: 8, Derived: true, ptr: func(d *Document) any { return &d.Spans }},
	{Name: "findings", Kind: KindFindings, Since: 8, Derived: true, Label: "finding", ptr: func(d *Document) any { return &d.Findings }},
}

// Reference is a document cited in the text. Fields the text does not give
// are "".
type Reference struct {
	Type   string `json:"type"`
	Symbol string `json:"symbol"`
	Date   string `json:"date"`
	Issuer string `json:"issuer"`
	// Kind is how the document relates to the cited one, read from the
	// wording before the citation (RefKinds); "" in records parsed before
	// kinds were read, which count as RefCites.
	Kind string `json:"kind"`
}

// Kinds of reference, from the wording that introduces a citation.
const (
	RefBasis      = "basis"      // căn cứ: the legal basis
	RefImplements = "implements" // thực hiện, triển khai, quán triệt
	RefAnswers    = "answers"    // trả lời, phúc đáp
	RefReplaces   = "replaces"   // thay thế
	RefAmends     = "amends"     // sửa đổi, bổ sung
	RefRepeals    = "repeals"    // bãi bỏ, hủy bỏ
	RefGuides     = "guides"     // hướng dẫn
	RefCites      = "cites"      // the text says no more
)

// RefKinds are the kinds of reference, in the order they are listed.
var RefKinds = []string{RefBasis, RefImplements, RefAnswers, RefReplaces, RefAmends, RefRepeals, RefGuides, RefCites}

// KindOf is r's kind, RefCites when none was read.
func (r Reference) KindOf() string {
	if r.Kind == "" {
		return RefCites
	}
	return r.Kind
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
	if d.Spans == nil {
		d.Spans = []Span{}
	}
	if d.Findings == nil {
		d.Findings = []Finding{}
	}
}
