package cosigners

import (
	"time"

	"github.com/peaceboard/peaceboard/record"
)

// A WitnessStatus is what the client knows of one witness of its policy.
type WitnessStatus struct {
	Witness record.Witness
	Size    uint64    // of the latest checkpoint it cosigned for the log (0: none yet)
	At      time.Time // that cosignature's time
	Err     error     // why its last request failed; nil if it cosigned, or was not asked yet
}

// Witnesses returns the state of each witness, in the policy's order.
func (c *Client) Witnesses() []WitnessStatus {
	ws := c.policy.Witnesses()
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]WitnessStatus, len(ws))
	for i, w := range ws {
		s := c.witnesses[i]
		out[i] = WitnessStatus{Witness: w, Size: s.size, At: s.at, Err: s.err}
	}
	return out
}

// Quorum reports whether the published checkpoint's cosignatures meet the policy's quorum.
func (c *Client) Quorum() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for size, cs := range c.cosigs {
		if c.policy.Quorum(c.names(cs)) == nil && size == c.publishedSize {
			return true
		}
	}
	return !c.policy.NeedsCosignatures()
}
