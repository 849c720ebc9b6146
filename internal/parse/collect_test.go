package parse

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestCollectClosely: the collector settings for a large document are set
// and then restored, a caller's lower memory limit is raised to 2.7 times
// the document and a higher one kept.
func TestCollectClosely(t *testing.T) {
	gc0 := debug.SetGCPercent(100)
	lim0 := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetGCPercent(gc0)
	defer debug.SetMemoryLimit(lim0)
	for _, c := range []struct{ before, size, during int64 }{
		{math.MaxInt64, 100 << 20, 270 << 20}, // none set: set
		{80 << 20, 100 << 20, 270 << 20},      // lower: raised
		{80 << 20, 10 << 20, 80 << 20},        // higher: kept
	} {
		debug.SetMemoryLimit(c.before)
		restore := CollectClosely(c.size)
		if got := debug.SetMemoryLimit(-1); got != c.during {
			t.Errorf("limit %d, document %d: limit during the parse %d, want %d", c.before, c.size, got, c.during)
		}
		if gc := debug.SetGCPercent(25); gc != 25 {
			t.Errorf("GOGC during the parse %d, want 25", gc)
		}
		restore()
		if got := debug.SetMemoryLimit(-1); got != c.before {
			t.Errorf("limit after %d, want %d", got, c.before)
		}
		if gc := debug.SetGCPercent(100); gc != 100 {
			t.Errorf("GOGC after %d, want 100", gc)
		}
	}
}
