package store

import (
	"context"
	"fmt"

	"github.com/vanban/vanban/internal/vanban"
)

// Searcher is one engine's search of one query under one filter: what
// RunSearch needs of it.
type Searcher interface {
	// SymbolHits are the ids of the records bearing a symbol of the
	// query (and passing the filter), ascending.
	SymbolHits(ctx context.Context) ([]int64, error)
	// Count counts the matches, stopping past budget (0: no budget);
	// exact is false when it stopped.
	Count(ctx context.Context, budget int) (n int64, exact bool, err error)
	// NotMatching returns the ids of ids the query does not match.
	NotMatching(ctx context.Context, ids []int64) ([]int64, error)
	// ByRelevance returns up to n hits (n < 0: all) in score order
	// (Ranker), leaving out skip; total and exact are Count's.
	ByRelevance(ctx context.Context, n int, skip map[int64]bool, total int64, exact bool) ([]vanban.Hit, error)
	// ByDate returns up to n matches' ids (n < 0: all), newest first, or
	// with asc oldest first, the undated last.
	ByDate(ctx context.Context, n int, asc bool) ([]int64, error)
	// Fill reads the hits' records, bodies included.
	Fill(ctx context.Context, hits []vanban.Hit) error
}

// RunSearch is Archive.Search for every engine: the records bearing a
// symbol of the query first, then the matches in opt.Sort's order, paged
// by opt.Offset and opt.Limit, with the number of matches (counted up to
// opt.CountBudget; when no count is asked for, up to exactCap, as far as
// the ranking needs it).
func RunSearch(ctx context.Context, s Searcher, opt vanban.SearchOptions, exactCap int) (*vanban.SearchResult, error) {
	sortBy := opt.Sort
	if sortBy == "" {
		sortBy = "relevance"
	}
	if !vanban.Contains(vanban.SearchSorts, sortBy) {
		return nil, fmt.Errorf("unknown search order %q", opt.Sort)
	}
	res := &vanban.SearchResult{TotalExact: true}
	symIDs, err := s.SymbolHits(ctx)
	if err != nil {
		return nil, err
	}
	var total int64
	exact := false
	if opt.CountBudget >= 0 {
		if total, exact, err = s.Count(ctx, opt.CountBudget); err != nil {
			return nil, err
		}
		onlySym, err := s.NotMatching(ctx, symIDs)
		if err != nil {
			return nil, err
		}
		res.Total, res.TotalExact = total+int64(len(onlySym)), exact
	} else {
		if total, exact, err = s.Count(ctx, exactCap); err != nil {
			return nil, err
		}
		res.TotalExact = false
	}
	want := -1 // every match
	if opt.Limit >= 0 {
		want = opt.Offset + opt.Limit
	}
	var ordered []vanban.Hit
	seen := map[int64]bool{}
	for _, id := range symIDs {
		ordered = append(ordered, vanban.Hit{Doc: &vanban.Document{ID: id}, Rank: vanban.SymbolRank, Field: "symbol"})
		seen[id] = true
	}
	need := -1
	if want >= 0 {
		need = want - len(ordered)
	}
	if need != 0 {
		var more []vanban.Hit
		if sortBy == "relevance" {
			more, err = s.ByRelevance(ctx, need, seen, total, exact)
			if r, ok := s.(interface{ Ranker() *Ranker }); ok && err == nil && r.Ranker() != nil {
				res.Docs, res.DF = r.Ranker().Rarity()
			}
		} else {
			n := need
			if n >= 0 {
				n += len(seen) // the symbol hits may be among them
			}
			var ids []int64
			ids, err = s.ByDate(ctx, n, sortBy == "date")
			for _, id := range ids {
				more = append(more, vanban.Hit{Doc: &vanban.Document{ID: id}})
			}
		}
		if err != nil {
			return nil, err
		}
		for _, h := range more {
			if !seen[h.Doc.ID] {
				seen[h.Doc.ID] = true
				ordered = append(ordered, h)
			}
		}
	}
	if opt.Offset >= len(ordered) {
		return res, nil
	}
	ordered = ordered[opt.Offset:]
	if opt.Limit >= 0 && len(ordered) > opt.Limit {
		ordered = ordered[:opt.Limit]
	}
	if err := s.Fill(ctx, ordered); err != nil {
		return nil, err
	}
	res.Hits = ordered
	return res, nil
}
