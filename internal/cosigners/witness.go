package cosigners

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// The tlog-witness client: one add-checkpoint request, and the answers a witness may give.

// maxAnswer bounds what the client reads of a witness's answer.
const maxAnswer = 64 << 10

// addCheckpoint asks witness i to cosign cp, with a consistency proof from old, the size the
// client believes it last cosigned. When the witness answers that it last cosigned another size
// (409), the client sends the proof from that size instead; when that size is past cp, the latest
// checkpoint, if it reaches that size (another process of the record, or an earlier run, sent
// a newer one). It returns the checkpoint cosigned, the witness's cosignature, and the size the
// witness is now known to hold.
func (c *Client) addCheckpoint(ctx context.Context, i int, old uint64, cp engine.SignedCheckpoint) (engine.SignedCheckpoint, note.Signature, uint64, error) {
	for range 3 {
		if old > cp.Size {
			if latest := c.log.Checkpoint(); latest.Size >= old {
				cp = latest
			} else {
				return cp, note.Signature{}, old, fmt.Errorf("the witness cosigned a tree of %d entries, larger than the log's %d: it saw another history of this log", old, latest.Size)
			}
		}
		var proof []byte
		if old > 0 {
			p, err := c.log.ProveConsistency(old, cp.Size)
			if err != nil {
				return cp, note.Signature{}, old, err
			}
			proof = record.AddCheckpoint{OldSize: old, Proof: p, Checkpoint: cp.Note}.Marshal()
		} else {
			proof = record.AddCheckpoint{Checkpoint: cp.Note}.Marshal()
		}
		status, body, err := c.post(ctx, i, proof)
		if err != nil {
			return cp, note.Signature{}, old, err
		}
		switch status {
		case http.StatusOK:
			sig, err := c.open(cp.Note, body, i)
			if err != nil {
				return cp, note.Signature{}, old, fmt.Errorf("its answer: %w", err)
			}
			return cp, sig, cp.Size, nil
		case http.StatusConflict:
			size, err := strconv.ParseUint(strings.TrimSuffix(string(body), "\n"), 10, 64)
			if err != nil {
				return cp, note.Signature{}, old, fmt.Errorf("409 without a tree size: %q", short(body))
			}
			if size == old {
				// The same size, another root: the witness holds another tree of that size.
				return cp, note.Signature{}, old, fmt.Errorf("the witness cosigned another tree of %d entries (409)", size)
			}
			old = size
			continue
		case http.StatusNotFound:
			return cp, note.Signature{}, old, fmt.Errorf("the witness does not know this log (404): add it to the witness's logs")
		case http.StatusForbidden:
			return cp, note.Signature{}, old, fmt.Errorf("the witness does not know this log or does not trust its key (403): %s", short(body))
		case http.StatusUnprocessableEntity:
			return cp, note.Signature{}, old, fmt.Errorf("the witness refused the checkpoint (422): %s", short(body))
		default:
			return cp, note.Signature{}, old, fmt.Errorf("%d %s: %s", status, http.StatusText(status), short(body))
		}
	}
	return cp, note.Signature{}, old, fmt.Errorf("the witness's tree size keeps changing (409 again)")
}

// post sends an add-checkpoint request to witness i and returns its status and body.
func (c *Client) post(ctx context.Context, i int, body []byte) (int, []byte, error) {
	url := c.policy.Witnesses()[i].URL + "/add-checkpoint"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := c.opts.HTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return 0, nil, fmt.Errorf("reading the witness's answer: %w", err)
	}
	return resp.StatusCode, answer, nil
}

// short returns an answer's body fit for a log line: one line, at most 200 bytes.
func short(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		return "(no body)"
	}
	return s
}
