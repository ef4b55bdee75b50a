// Package local is a dependency replaced by a directory (replace example.com/local => ./local).
package local

// Name returns a fixed word.
func Name() string { return "drydock" }
