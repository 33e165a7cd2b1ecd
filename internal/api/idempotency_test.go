package api

import (
	"fmt"
	"testing"
	"time"
)

// TestIdempotencyBoundedInBytes keeps answers until their bytes pass the bound: the oldest go
// first, an answer too large for a sixteenth of the bound is not kept, and a released key is
// free again.
func TestIdempotencyBoundedInBytes(t *testing.T) {
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newIdempotency(1000, 64<<10, time.Hour, func() time.Time { return now })
	body := make([]byte, 1000)
	for i := range 200 {
		key := fmt.Sprintf("k%d", i)
		slot, _, err := s.begin(key, [32]byte{1})
		if err != nil {
			t.Fatal(err)
		}
		s.finish(key, slot, &answer{status: 201, contentType: "application/json", body: body})
		if s.bytes > s.maxBytes {
			t.Fatalf("after %d answers the store holds %d bytes; want at most %d", i+1, s.bytes, s.maxBytes)
		}
	}
	if _, a, _ := s.begin("k199", [32]byte{1}); a == nil {
		t.Error("the newest answer was pushed out")
	}
	if slot, a, _ := s.begin("k0", [32]byte{1}); a != nil || slot == nil {
		t.Error("the oldest answer is still kept past the bound")
	}
	total := 0
	for _, slot := range s.slots {
		total += slot.size
	}
	if total != s.bytes {
		t.Errorf("the slots hold %d bytes; the store counts %d", total, s.bytes)
	}

	slot, _, _ := s.begin("huge", [32]byte{2})
	s.finish("huge", slot, &answer{status: 422, body: make([]byte, s.maxBytes/8)})
	if _, a, _ := s.begin("huge", [32]byte{2}); a != nil {
		t.Error("an answer of an eighth of the bound was kept")
	}

	slot, _, _ = s.begin("released", [32]byte{3})
	s.release("released", slot)
	if _, a, err := s.begin("released", [32]byte{4}); a != nil || err != nil {
		t.Errorf("a released key: %v, %v; want it free for another body", a, err)
	}
}
