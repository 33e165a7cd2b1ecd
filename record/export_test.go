package record

// WithTable returns k with its table of multiples built, as after tableAfter checks, whatever
// the number of tables alive.
func WithTable(k *VerifyingKey) *VerifyingKey {
	k.table.Store(newTable(&k.negA, 4))
	return k
}

// HasTable reports whether k has its table.
func HasTable(k *VerifyingKey) bool { return k.table.Load() != nil }

// TableAfter is how many checks a key makes before its table is built.
const TableAfter = tableAfter

// FillTables counts maxTables tables alive, until the function it returns is called.
func FillTables() (restore func()) {
	n := tables.Swap(maxTables)
	return func() { tables.Store(n) }
}

var SignedDigits = signedDigits

var ActContext = actContext
