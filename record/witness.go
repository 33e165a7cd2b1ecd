package record

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// The body of a C2SP tlog-witness add-checkpoint request: the size of the checkpoint the
// witness last cosigned, the consistency proof from it, an empty line, and the signed checkpoint.

// MaxConsistencyProof is the longest consistency proof an add-checkpoint request may carry.
const MaxConsistencyProof = 63

// An AddCheckpoint is the body of a tlog-witness add-checkpoint request.
type AddCheckpoint struct {
	OldSize    uint64
	Proof      tlog.TreeProof // from OldSize to the checkpoint's size (empty if OldSize is 0)
	Checkpoint []byte         // the signed checkpoint note
}

// Marshal returns the request body.
func (a AddCheckpoint) Marshal() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "old %d\n", a.OldSize)
	for _, h := range a.Proof {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.Write(a.Checkpoint)
	return b.Bytes()
}

// ParseAddCheckpoint reads an add-checkpoint request body. It checks the form only: the
// checkpoint's signatures and the proof are the witness's to check.
func ParseAddCheckpoint(body []byte) (AddCheckpoint, error) {
	var a AddCheckpoint
	line, rest, ok := bytes.Cut(body, []byte("\n"))
	if !ok {
		return a, errors.New("add-checkpoint: no old size line")
	}
	n, found := strings.CutPrefix(string(line), "old ")
	size, err := strconv.ParseUint(n, 10, 64)
	if !found || err != nil || strconv.FormatUint(size, 10) != n {
		return a, fmt.Errorf("add-checkpoint: bad old size line %q", line)
	}
	a.OldSize = size
	for {
		line, rest, ok = bytes.Cut(rest, []byte("\n"))
		if !ok {
			return a, errors.New("add-checkpoint: no empty line before the checkpoint")
		}
		if len(line) == 0 {
			break
		}
		if len(a.Proof) == MaxConsistencyProof {
			return a, fmt.Errorf("add-checkpoint: more than %d proof lines", MaxConsistencyProof)
		}
		h, err := base64.StdEncoding.DecodeString(string(line))
		if err != nil || len(h) != tlog.HashSize {
			return a, fmt.Errorf("add-checkpoint: bad proof line %q", line)
		}
		a.Proof = append(a.Proof, tlog.Hash(h))
	}
	if a.OldSize == 0 && len(a.Proof) > 0 {
		return a, errors.New("add-checkpoint: a proof from size 0")
	}
	a.Checkpoint = rest
	return a, nil
}
