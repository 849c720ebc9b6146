// Command vanban archives Vietnamese official documents. See README.md.
package main

import (
	"os"

	"github.com/vanban/vanban/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
