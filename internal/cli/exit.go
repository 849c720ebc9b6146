package cli

import (
	"context"
	"errors"
	"fmt"
)

// Exit codes (SPEC.md §4).
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitPartial     = 3
	ExitInterrupted = 130
)

// UsageError is a bad flag, argument or value: exit status 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usageErrorf(format string, a ...any) error {
	return &UsageError{fmt.Errorf(format, a...)}
}

// PartialError reports that some inputs failed while the rest went through:
// exit status 3.
type PartialError struct {
	Failed, Total int
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("%d of %d inputs failed", e.Failed, e.Total)
}

// hintError carries a hint line printed under the error.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// ExitCode maps an error returned by a command to the process exit status.
// It is the one place where exit codes are decided.
func ExitCode(err error) int {
	var ue *UsageError
	var pe *PartialError
	var fe *FindingsError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &fe):
		return ExitFindings
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &pe):
		if pe.Failed >= pe.Total {
			return ExitError
		}
		return ExitPartial
	}
	// Everything else, a bug or the system refusing something ("invalid
	// argument" from the OS is not a usage error), is an error. Usage
	// errors are typed where they arise (Run types cobra's own).
	return ExitError
}

const exitStatusHelp = `
EXIT STATUS
  0    success
  1    error
  2    bad usage: unknown flag, bad argument or value
  130  interrupted`

// exitStatusPartialHelp is the EXIT STATUS of the commands that take many
// inputs (parse, import, reparse): they also exit 3.
const exitStatusPartialHelp = `
EXIT STATUS
  0    success
  1    error, or every input failed
  2    bad usage: unknown flag, bad argument or value
  3    some inputs failed, the others were processed
  130  interrupted`
