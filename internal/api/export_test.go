package api

// IdempotencyKept returns how many keys the API's idempotency store holds, answered or in flight.
func IdempotencyKept(a *API) int {
	a.idem.mu.Lock()
	defer a.idem.mu.Unlock()
	return a.idem.order.Len()
}
