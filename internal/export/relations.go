package export

import "github.com/vanban/vanban/internal/vanban"

// The shapes of a record's relations as JSON (vanban refs --format json,
// the web view's record page).

// Link is one link as JSON and NDJSON write it: the other record of
// the link (id null when the cited document is not archived).
type Link struct {
	Direction string `json:"direction"` // "cites" or "cited_by"
	Depth     int    `json:"depth"`
	Kind      string `json:"kind"`
	From      int64  `json:"from"`
	To        *int64 `json:"to"`
	Type      string `json:"type"`
	Symbol    string `json:"symbol"`
	Date      string `json:"date"`
	Issuer    string `json:"issuer"`
	Subject   string `json:"subject"`
}

// Relations are a record and its links, both ways.
type Relations struct {
	Record  Brief  `json:"record"`
	Cites   []Link `json:"cites"`
	CitedBy []Link `json:"cited_by"`
}

// Links are the links both ways, what it cites first.
func (r Relations) Links() []Link {
	return append(append([]Link{}, r.Cites...), r.CitedBy...)
}

// Brief is a record in a few fields.
type Brief struct {
	ID      int64  `json:"id"`
	Symbol  string `json:"symbol"`
	Type    string `json:"type"`
	Date    string `json:"date"`
	Issuer  string `json:"issuer"`
	Subject string `json:"subject"`
}

// BriefOf is d in brief.
func BriefOf(d *vanban.Document) Brief {
	return Brief{ID: d.ID, Symbol: d.Symbol, Type: d.Type, Date: d.Date, Issuer: d.Issuer, Subject: d.Subject}
}

// LinkOf describes link l from the side of the record asked about: for
// what a record cites, the cited document (the archived record, or what
// the reference says of it); for what cites it, the citing record.
func LinkOf(l vanban.Link, out bool) Link {
	j := Link{Depth: l.Depth, Kind: l.Ref.KindOf(), From: l.From.ID}
	if l.To != nil {
		id := l.To.ID
		j.To = &id
	}
	other := l.To
	if out {
		j.Direction = "cites"
		j.Type, j.Symbol, j.Date, j.Issuer = l.Ref.Type, l.Ref.Symbol, l.Ref.Date, l.Ref.Issuer
	} else {
		j.Direction = "cited_by"
		other = l.From
	}
	if other != nil {
		j.Type, j.Symbol, j.Date, j.Issuer, j.Subject = other.Type, other.Symbol, other.Date, other.Issuer, other.Subject
	}
	return j
}

// RelationsJSON is r in the shape of Relations.
func RelationsJSON(r *vanban.Relations) Relations {
	o := Relations{Record: BriefOf(r.Doc), Cites: []Link{}, CitedBy: []Link{}}
	for _, l := range r.Out {
		o.Cites = append(o.Cites, LinkOf(l, true))
	}
	for _, l := range r.In {
		o.CitedBy = append(o.CitedBy, LinkOf(l, false))
	}
	return o
}
