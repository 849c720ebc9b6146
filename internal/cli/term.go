package cli

import (
	"io"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal (an *os.File, or a writer that
// wraps one and tells its descriptor, such as checkedWriter).
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && f.Fd() != ^uintptr(0) && term.IsTerminal(int(f.Fd()))
}
