package api

import (
	"container/list"
	"net/http"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// Idempotency-Key (POST /api/v1/acts): the first answer to a key is kept, in memory, and given
// again to every later request with the same key and the same body; the same key with another
// body is refused (422). Answers are kept for a bounded time (IdempotencyTTL), in a bounded
// number (IdempotencyKeys) and in bounded bytes (IdempotencyBytes), the oldest going first, per
// server process: a restart forgets them, and so does another server process.
//
// Only answers that a retry would get again, and that someone who holds a key asked for, are
// kept: 201, and the refusals of an act once its signature checked (403, 404, 409, 422). A
// request refused before (a malformed body, a bad signature: 400, 401) proves nothing about its
// sender, who could make the store keep whatever its refusal echoes for every key it invents:
// its key is freed, and a retry is decided afresh, as are 5xx, 413 and 429.

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
	size    int // the bytes it holds, counted in the store's
}

// slotOverhead is what a slot costs beyond its key and answer: the slot, its list element, its
// map entry, the answer's headers.
const slotOverhead = 256

type idempotency struct {
	max      int
	maxBytes int
	ttl      time.Duration
	now      func() time.Time

	mu    sync.Mutex
	slots map[string]*idemSlot
	order *list.List // of *idemSlot, oldest first
	bytes int        // what the slots hold
}

func newIdempotency(max, maxBytes int, ttl time.Duration, now func() time.Time) *idempotency {
	return &idempotency{max: max, maxBytes: maxBytes, ttl: ttl, now: now, slots: map[string]*idemSlot{}, order: list.New()}
}

// begin looks key up. It returns the kept answer when the key was answered before with the same
// body; an error when it was used with another body, or is still in flight; otherwise it
// reserves the key and returns its slot, for finish or release.
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
	slot := &idemSlot{key: key, sum: sum, size: len(key) + slotOverhead}
	slot.elem = s.order.PushBack(slot)
	s.slots[key] = slot
	s.bytes += slot.size
	s.trim()
	return slot, nil, nil
}

// finish keeps a final answer for slot's key, or frees the key for a retry.
func (s *idempotency) finish(key string, slot *idemSlot, a *answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.slots[key] != slot {
		return // pushed out meanwhile
	}
	size := len(key) + slotOverhead + len(a.body) + len(a.contentType) + len(a.location)
	if !a.final() || size > s.maxBytes/16 {
		s.remove(slot) // an answer that would crowd out a sixteenth of the others is not kept
		return
	}
	slot.answer, slot.expires = a, s.now().Add(s.ttl)
	s.bytes += size - slot.size
	slot.size = size
	s.order.MoveToBack(slot.elem)
	s.trim()
}

// release frees slot's key without keeping an answer: a retry is decided afresh.
func (s *idempotency) release(key string, slot *idemSlot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.slots[key] == slot {
		s.remove(slot)
	}
}

// trim removes the oldest slots until the store is within its bounds. The caller holds s.mu.
func (s *idempotency) trim() {
	for s.order.Len() > s.max || (s.bytes > s.maxBytes && s.order.Len() > 1) {
		s.remove(s.order.Front().Value.(*idemSlot))
	}
}

func (s *idempotency) remove(slot *idemSlot) {
	s.order.Remove(slot.elem)
	delete(s.slots, slot.key)
	s.bytes -= slot.size
}

// verified reports whether a refusal by the engine came after the act's signature checked: the
// act was decided (forbidden, not found, conflict, refused). An act refused before (invalid,
// unauthorized) proves nothing about who sent it, and its answer is not kept (idempotency.go).
func verified(err error) bool {
	switch board.ErrorKindOf(err) {
	case board.Forbidden, board.NotFound, board.Conflict, board.Refused:
		return true
	}
	return false
}
