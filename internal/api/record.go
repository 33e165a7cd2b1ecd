package api

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// maxScan bounds how many entries one page of a filtered listing reads, so that a filter that
// matches nothing costs a bounded amount: the page then ends early, with a cursor.
const maxScan = 20000

func (a *API) entries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	from, err := uintParam(q.Get("from"), "from")
	if err != nil {
		return err
	}
	if after, ok, err := decodeCursor(r); err != nil {
		return err
	} else if ok {
		if from, err = strconv.ParseUint(after, 10, 63); err != nil {
			return board.Errorf(board.Invalid, "the cursor is not one this API gave")
		}
	}
	kind, actor := q.Get("kind"), q.Get("actor")
	if kind != "" {
		if _, ok := board.NewBody(board.Kind(kind)); !ok {
			return board.Errorf(board.Invalid, "kind %q is not an act of the catalogue", kind)
		}
	}
	if actor != "" {
		if _, err := board.ParseActor(actor); err != nil {
			return board.Errorf(board.Invalid, "actor: %v", err)
		}
	}
	page := apiv1.Page[apiv1.Entry]{Items: []apiv1.Entry{}}
	next, scanned := from, 0
	errFull := board.Errorf(board.Internal, "page full")
	err = a.engine.ReadEntries(r.Context(), from, math.MaxUint64, func(en record.Entry) error {
		if len(page.Items) == limit || scanned == maxScan {
			return errFull
		}
		scanned++
		next = en.Index + 1
		if (kind == "" || en.Kind == kind) && (actor == "" || en.Actor == actor) {
			page.Items = append(page.Items, NewEntry(en))
		}
		return nil
	})
	if err != nil && err != errFull {
		return err
	}
	if next < a.engine.Len() {
		page.NextCursor = encodeCursor(strconv.FormatUint(next, 10))
	}
	return writeJSON(w, page)
}

// uintParam parses a number that names an entry or a tree size of the log (an index, a size,
// a from): "" is 0; anything but a whole number from 0 to maxLogNumber is refused as invalid. A
// log's indexes and sizes are int64 (tlog's, the stores'), so a larger number names nothing a
// log can hold: it is the client's mistake, refused before it could wrap into a negative size.
func uintParam(v, name string) (uint64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(v, 10, 63)
	if err != nil {
		return 0, board.Errorf(board.Invalid, "%s %q: want a whole number from 0 to %d", name, v, maxLogNumber)
	}
	return n, nil
}

// maxLogNumber is the largest index or tree size the API takes (2^63-1).
const maxLogNumber = math.MaxInt64

func indexParam(r *http.Request) (uint64, error) {
	return uintParam(r.PathValue("index"), "entry index")
}

func (a *API) entry(w http.ResponseWriter, r *http.Request) error {
	i, err := indexParam(r)
	if err != nil {
		return err
	}
	en, err := a.engine.Entry(r.Context(), i)
	if err != nil {
		return err
	}
	rc, err := a.engine.Receipt(r.Context(), i)
	if err != nil {
		return err
	}
	out := NewEntry(en)
	out.Receipt = &rc
	return writeJSON(w, out)
}

func (a *API) receipt(w http.ResponseWriter, r *http.Request) error {
	i, err := indexParam(r)
	if err != nil {
		return err
	}
	rc, err := a.engine.Receipt(r.Context(), i)
	if err != nil {
		return err
	}
	return writeJSON(w, rc)
}

// inclusionProof answers the proof that an entry is in a tree of the log, from the tree in
// memory alone: a client that holds the entry (its receipt) checks it against a newer
// checkpoint without fetching the entry again. A question no log can answer (no index, a
// tree_size of 0 or not above the index) is invalid; one about a tree or an entry this log does
// not hold yet is not found.
func (a *API) inclusionProof(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("index") == "" {
		return board.Errorf(board.Invalid, "index is required")
	}
	i, err := uintParam(q.Get("index"), "index")
	if err != nil {
		return err
	}
	cp := a.engine.Checkpoint()
	size := cp.Size
	if v := q.Get("tree_size"); v != "" {
		if size, err = uintParam(v, "tree_size"); err != nil {
			return err
		}
		if i >= size {
			return board.Errorf(board.Invalid, "index %d is not in a tree of %d entries: want an index below tree_size", i, size)
		}
	}
	proof, err := a.engine.Prove(i, size)
	if err != nil {
		return err
	}
	out := apiv1.InclusionProof{Index: i, TreeSize: size, Proof: proof}
	if size == cp.Size {
		note := string(cp.Note)
		out.Checkpoint = &note
	}
	return writeJSON(w, out)
}

// consistencyProof answers the proof that a tree of the log is a prefix of a larger one. As
// for inclusion proofs, a question no log can answer (no from, a from of 0, a from above to) is
// invalid, and one about trees this log does not hold yet is not found. The tree of 0 entries is
// left out: RFC 9162 defines no proof from it (it is a prefix of every tree).
func (a *API) consistencyProof(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, err := uintParam(q.Get("from"), "from")
	if err != nil {
		return err
	}
	if from == 0 {
		return board.Errorf(board.Invalid, "from: want the size of the older tree, 1 or more (no proof starts from the empty tree)")
	}
	to := a.engine.Checkpoint().Size
	if v := q.Get("to"); v != "" {
		if to, err = uintParam(v, "to"); err != nil {
			return err
		}
		if from > to {
			return board.Errorf(board.Invalid, "from %d is above to %d: want the older tree's size first", from, to)
		}
	}
	proof, err := a.engine.ProveConsistency(from, to)
	if err != nil {
		return err
	}
	if proof == nil {
		proof = []tlog.Hash{}
	}
	return writeJSON(w, apiv1.ConsistencyProof{From: from, To: to, Proof: proof})
}

// NewEntry returns the wire form of a record entry, without its receipt.
func NewEntry(e record.Entry) apiv1.Entry {
	return apiv1.Entry{Index: e.Index, At: e.At.UTC().Format(time.RFC3339Nano), Actor: e.Actor, Kind: e.Kind,
		Act: json.RawMessage(e.Act), KeyID: e.KeyID, Signature: e.Signature, Events: json.RawMessage(e.Events)}
}
