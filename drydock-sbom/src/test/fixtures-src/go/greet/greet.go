// Package greet is a tiny dependency published to a file:// module proxy by make-fixtures.sh.
package greet

// Greeting returns a fixed word.
func Greeting() string { return "hello" }
