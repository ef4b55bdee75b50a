// Command hello is the smallest program that links two dependencies: one from a module proxy
// (a plain "dep path version h1:..." line) and one replaced by a local directory ("=>" line).
// It avoids fmt to keep the binary small.
package main

import (
	"os"

	"example.com/greet"
	"example.com/local"
)

func main() {
	os.Stdout.WriteString(greet.Greeting() + ", " + local.Name() + "\n")
}
