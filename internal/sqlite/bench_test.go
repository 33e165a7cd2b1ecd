package sqlite_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/internal/storetest"
)

// BenchmarkSubmitSigned: see storetest.BenchmarkSubmitSigned and docs/benchmarks.md.
func BenchmarkSubmitSigned(b *testing.B) { storetest.BenchmarkSubmitSigned(b, newStore) }
