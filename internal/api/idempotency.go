package api

import (
	"container/list"
	"net/http"
	"sync"
	"time"
)

// Idempotency-Key (POST /api/v1/acts): the first answer to a key is kept, in memory, and given
// again to every later request with the same key and the same body; the same key with another
// body is refused (422). Answers are kept for a bounded time (IdempotencyTTL) and in a bounded
// number (IdempotencyKeys, oldest first out), per server process: a restart forgets them, and
// so does another server process. Only answers that a retry would get again are kept: 201 and
// the refusals of the act (4xx); 5xx and 429 are not, so that a retry is decided afresh.

// An answer is a kept response.
type answer struct {
	status      int
	contentType string
	location    string
	body        []byte
}

// final reports whether an answer is kept for retries.
func (a *answer) final() bool {
	return a.status < 500 && a.status != http.StatusTooManyRequests && a.status != http.StatusRequestEntityTooLarge
}

func (a *answer) replay(w http.ResponseWriter) {
	w.Header().Set("Content-Type", a.contentType)
	if a.location != "" {
		w.Header().Set("Location", a.location)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(a.status)
	w.Write(a.body)
}

// An idemSlot is one key's place in the store: in flight until its answer is set.
type idemSlot struct {
	key     string
	sum     [32]byte
	answer  *answer // nil while in flight
	expires time.Time
	elem    *list.Element
}

type idempotency struct {
	max int
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	slots map[string]*idemSlot
	order *list.List // of *idemSlot, oldest first
}

func newIdempotency(max int, ttl time.Duration, now func() time.Time) *idempotency {
	return &idempotency{max: max, ttl: ttl, now: now, slots: map[string]*idemSlot{}, order: list.New()}
}

// begin looks key up. It returns the kept answer when the key was answered before with the same
// body; an error when it was used with another body, or is still in flight; otherwise it
// reserves the key and returns its slot, for finish.
func (s *idempotency) begin(key string, sum [32]byte) (*idemSlot, *answer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		old := e.Value.(*idemSlot)
		if old.answer == nil || now.Before(old.expires) {
			break
		}
		s.remove(old)
	}
	if slot, ok := s.slots[key]; ok {
		switch {
		case slot.sum != sum:
			return nil, nil, errorf(IdempotencyMismatch, "Idempotency-Key %q was used before with another request body", key)
		case slot.answer == nil:
			return nil, nil, errorf(IdempotencyInFlight, "a request with Idempotency-Key %q is in progress", key)
		}
		return nil, slot.answer, nil
	}
	slot := &idemSlot{key: key, sum: sum}
	slot.elem = s.order.PushBack(slot)
	s.slots[key] = slot
	for s.order.Len() > s.max {
		s.remove(s.order.Front().Value.(*idemSlot))
	}
	return slot, nil, nil
}

// finish keeps a final answer for slot's key, or frees the key for a retry.
func (s *idempotency) finish(key string, slot *idemSlot, a *answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.slots[key] != slot {
		return // pushed out meanwhile
	}
	if !a.final() {
		s.remove(slot)
		return
	}
	slot.answer, slot.expires = a, s.now().Add(s.ttl)
	s.order.MoveToBack(slot.elem)
}

func (s *idempotency) remove(slot *idemSlot) {
	s.order.Remove(slot.elem)
	delete(s.slots, slot.key)
}
