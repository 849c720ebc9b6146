package store

import "github.com/vanban/vanban/internal/vanban"

// WalkRelations follows the links of record doc depth levels each way, the
// same in every engine: cites(id) returns the links of record id in the
// order of its references (Ref set, To holding the cited record's shown
// fields with its id, or nil when not archived or not told apart),
// citedBy(id) the links naming record id (Ref set, From the citing
// record's shown fields), by citing id. A record met twice is followed
// once, and every link points at one Document per record.
func WalkRelations(doc *vanban.Document, depth int, cites, citedBy func(id int64) ([]vanban.Link, error)) (*vanban.Relations, error) {
	rel := &vanban.Relations{Doc: doc}
	docs := map[int64]*vanban.Document{doc.ID: doc}
	shared := func(d *vanban.Document) *vanban.Document {
		if x, ok := docs[d.ID]; ok {
			return x
		}
		docs[d.ID] = d
		return d
	}
	for _, dir := range []bool{true, false} {
		seen := map[int64]bool{doc.ID: true}
		level := []int64{doc.ID}
		for dep := 1; dep <= depth && len(level) > 0; dep++ {
			var next []int64
			for _, id := range level {
				fetch := citedBy
				if dir {
					fetch = cites
				}
				links, err := fetch(id)
				if err != nil {
					return nil, err
				}
				for _, l := range links {
					l.Depth = dep
					var other *vanban.Document
					if dir {
						l.From = docs[id]
						if l.To != nil {
							l.To = shared(l.To)
							other = l.To
						}
						rel.Out = append(rel.Out, l)
					} else {
						l.To = docs[id]
						l.From = shared(l.From)
						other = l.From
						rel.In = append(rel.In, l)
					}
					if other != nil && !seen[other.ID] {
						seen[other.ID] = true
						next = append(next, other.ID)
					}
				}
			}
			level = next
		}
	}
	return rel, nil
}
