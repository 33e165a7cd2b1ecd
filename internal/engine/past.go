package engine

import (
	"sync"

	"github.com/peaceboard/peaceboard/board"
)

// pastStates keeps the states that views as of past instants made (reshapedAt), by the count of
// entries they are of: the record's first n entries never change, so a view as of any instant
// with the same count uses the state kept without applying acts again. A state kept is never
// changed: each view grafts on a copy of it (board.State.Grafted).
//
// They are bounded by their weight, an estimate of their memory from the count of acts each
// applied (board.State.Acts of a reshaped state): on a million-act mixed record ("bench --mix
// all"), eight states of about 30,000 such acts each held 150 MB, some 640 bytes an act. The
// bound keeps one such state, or every state of the demo's 250 entries.
type pastStates struct {
	mu     sync.Mutex
	weight int
	items  map[uint64]*pastState
	tick   uint64
}

type pastState struct {
	state  *board.State
	weight int
	used   uint64
}

// pastStatesWeight bounds the weight of the states kept, in bytes; bytesPerAct is the estimate.
const (
	pastStatesWeight = 24 << 20
	bytesPerAct      = 640
)

func (c *pastStates) get(n uint64) (*board.State, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.items[n]
	if !ok {
		return nil, false
	}
	c.tick++
	it.used = c.tick
	return it.state, true
}

// put keeps s, the state of the acts that reshaped the first n entries, and forgets the least
// recently used until the weight is within its bound. A state heavier than the bound is not kept.
func (c *pastStates) put(n uint64, s *board.State) {
	w := bytesPerAct * max(1, s.Acts)
	if w > pastStatesWeight {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil {
		c.items = map[uint64]*pastState{}
	}
	if old, ok := c.items[n]; ok {
		c.weight -= old.weight
	}
	c.tick++
	c.items[n] = &pastState{state: s, weight: w, used: c.tick}
	c.weight += w
	for c.weight > pastStatesWeight {
		var oldest uint64
		at := ^uint64(0)
		for k, it := range c.items {
			if it.used < at {
				oldest, at = k, it.used
			}
		}
		c.weight -= c.items[oldest].weight
		delete(c.items, oldest)
	}
}
