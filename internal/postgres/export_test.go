package postgres

// SetSearchWindow sets how many of the latest entries Search tests before it asks GIN, and
// returns a function that sets it back.
func SetSearchWindow(n int64) (restore func()) {
	old := searchWindow
	searchWindow = n
	return func() { searchWindow = old }
}
