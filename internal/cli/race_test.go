//go:build race

package cli

// raceEnabled: the race detector multiplies memory use, so memory tests skip.
const raceEnabled = true
