package cli

import (
	"io"
	"time"

	"golang.org/x/term"
)

// Streams are the command's standard streams, with the terminal questions
// answerable by a test (as gh's IOStreams): nil TTY and zero Width ask the
// operating system.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// TTY, when set, says whether a stream is a terminal.
	TTY func(w io.Writer) bool
	// Width, when set, is the terminal's width.
	Width int
	// Now, when set, is the clock (import times).
	Now func() time.Time
}

// isTerminal reports whether w is a terminal.
func (app *App) isTerminal(w io.Writer) bool {
	if app.TTY != nil {
		return app.TTY(w)
	}
	return isTerminal(w)
}

// termWidth is the width of the terminal w writes to, or 0.
func (app *App) termWidth(w io.Writer) int {
	if app.Width > 0 {
		return app.Width
	}
	if app.TTY != nil {
		return 0
	}
	return termWidth(w)
}

// now is the app's clock.
func (app *App) now() time.Time {
	if app.Now != nil {
		return app.Now()
	}
	return time.Now()
}

// isTerminal reports whether w is a terminal (an *os.File, or a writer that
// wraps one and tells its descriptor, such as checkedWriter).
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && f.Fd() != ^uintptr(0) && term.IsTerminal(int(f.Fd()))
}

// termWidth is the width of the terminal w writes to, or 0.
func termWidth(w io.Writer) int {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok || f.Fd() == ^uintptr(0) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}
