package board

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// snapshotVersion changes whenever the State's shape does: a snapshot of another version is not
// read (the state is rebuilt from the events instead).
const snapshotVersion = 3

// A snapshot is the State as gob encodes it, without the ledger's entries, followed by the
// entries in blocks of snapshotBlock in their own binary encoding (snapshot_entries.go): gob
// decodes a million entries in seconds, on one core, and reads a message whole, growing its
// buffer as it goes. The blocks decode on every core. The ledger's indexes (balances, what each
// pledge has open, each contributor's entries) are not kept: posting the entries again, in
// order, rebuilds them.
//
// The decisions' comments and ballots, hundreds of thousands of them in a long record, follow
// the snapshot in the gob stream, a chunk of snapshotChunk in each message, decision by decision
// in the order of their ids: in the snapshot they would make one message too.
//
// The bytes: the length of the gob part as a uvarint, the gob part (a snapshot, then the
// chunks of comments and ballots), the blocks of entries, and the CRC-32C of all that, so that
// a snapshot damaged on disk is refused rather than restored.
type snapshot struct {
	Version  int
	State    *State
	Comments map[DecisionID]int // how many comments and ballots each decision has
	Ballots  map[DecisionID]int
	Blocks   []int // each block's length in bytes; every block but the last holds snapshotBlock entries
	Entries  int
}

// snapshotChunk is a variable for tests, which set it small.
var snapshotChunk = 4096

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// snapshotBlock is a variable for tests, which set it small.
var snapshotBlock = 16384

// Snapshot encodes the state, so that a process starting up can restore it instead of applying
// every event again. The encoding is private to this version of the software.
func (s *State) Snapshot() ([]byte, error) {
	c := *s
	t := *s.Treasury
	t.Ledger = Ledger{}
	c.Treasury = &t
	entries := s.Treasury.Ledger.Entries
	head := snapshot{Version: snapshotVersion, State: &c, Entries: len(entries),
		Comments: map[DecisionID]int{}, Ballots: map[DecisionID]int{}}
	c.Decisions = make(map[DecisionID]*Decision, len(s.Decisions))
	ids := slices.Sorted(maps.Keys(s.Decisions))
	for _, id := range ids {
		d := *s.Decisions[id]
		head.Comments[id], head.Ballots[id] = len(d.Comments), len(d.Ballots)
		d.Comments, d.Ballots = nil, nil
		c.Decisions[id] = &d
	}
	var blocks []byte
	for chunk := range slices.Chunk(entries, snapshotBlock) {
		n := len(blocks)
		for _, e := range chunk {
			blocks = appendEntry(blocks, e)
		}
		head.Blocks = append(head.Blocks, len(blocks)-n)
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(head); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	for _, id := range ids {
		d := s.Decisions[id]
		for chunk := range slices.Chunk(d.Comments, snapshotChunk) {
			if err := enc.Encode(chunk); err != nil {
				return nil, fmt.Errorf("snapshot: %w", err)
			}
		}
		for chunk := range slices.Chunk(d.Ballots, snapshotChunk) {
			if err := enc.Encode(chunk); err != nil {
				return nil, fmt.Errorf("snapshot: %w", err)
			}
		}
	}
	out := make([]byte, 0, binary.MaxVarintLen64+buf.Len()+len(blocks)+4)
	out = binary.AppendUvarint(out, uint64(buf.Len()))
	out = append(out, buf.Bytes()...)
	out = append(out, blocks...)
	return binary.BigEndian.AppendUint32(out, crc32.Checksum(out, castagnoli)), nil
}

// RestoreState decodes a snapshot made by Snapshot.
func RestoreState(data []byte) (*State, error) {
	if len(data) < 4 {
		return nil, errors.New("snapshot: truncated")
	}
	// The checksum is computed while the snapshot decodes, and checked before the ledger posts
	// the first entry: decoding damaged bytes fails or decodes nonsense, but posting entries
	// that do not add up could crash.
	data, want := data[:len(data)-4], binary.BigEndian.Uint32(data[len(data)-4:])
	sum := make(chan uint32, 1)
	go func() { sum <- crc32.Checksum(data, castagnoli) }()
	check := sync.OnceValue(func() error {
		if <-sum != want {
			return errors.New("snapshot: damaged (its checksum does not match)")
		}
		return nil
	})
	n, k := binary.Uvarint(data)
	if k <= 0 || n > uint64(len(data)-k) {
		return nil, errors.New("snapshot: truncated")
	}
	var snap snapshot
	dec := gob.NewDecoder(bytes.NewReader(data[k : k+int(n)]))
	if err := dec.Decode(&snap); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if snap.Version != snapshotVersion || snap.State == nil || snap.State.Treasury == nil {
		return nil, fmt.Errorf("snapshot: version %d, not %d", snap.Version, snapshotVersion)
	}
	for _, id := range slices.Sorted(maps.Keys(snap.State.Decisions)) {
		d := snap.State.Decisions[id]
		var err error
		if d.Comments, err = decodeChunks[Statement](dec, snap.Comments[id]); err != nil {
			return nil, fmt.Errorf("snapshot: the comments on %s: %w", id, err)
		}
		if d.Ballots, err = decodeChunks[Ballot](dec, snap.Ballots[id]); err != nil {
			return nil, fmt.Errorf("snapshot: the ballots on %s: %w", id, err)
		}
	}
	blocks := data[k+int(n):]
	if len(snap.Blocks) != (snap.Entries+snapshotBlock-1)/snapshotBlock {
		return nil, fmt.Errorf("snapshot: %d blocks for %d entries", len(snap.Blocks), snap.Entries)
	}
	total := 0
	for _, b := range snap.Blocks {
		if b < 0 || b > len(blocks)-total {
			return nil, errors.New("snapshot: truncated")
		}
		total += b
	}
	if total != len(blocks) {
		return nil, errors.New("snapshot: bytes after the last block")
	}
	if snap.Entries < 0 || snap.Entries > len(blocks)/minEntryBytes {
		return nil, fmt.Errorf("snapshot: %d entries in %d bytes", snap.Entries, len(blocks))
	}
	s := snap.State
	// gob leaves out empty maps: give back the empty maps NewState makes.
	empty(&s.States)
	empty(&s.Incapacity)
	empty(&s.Executives)
	empty(&s.Subsidiaries)
	empty(&s.Removals)
	empty(&s.Keys)
	empty(&s.Meetings)
	empty(&s.Decisions)
	t := s.Treasury
	empty(&t.Funds)
	empty(&t.Accounts)
	empty(&t.Programmes)
	empty(&t.Disbursements)
	empty(&t.Rates)
	t.Ledger = newLedger()
	if snap.Entries > 0 {
		t.Ledger.Entries = make([]*Entry, 0, snap.Entries)
		t.Ledger.ByID = make(map[EntryID]*Entry, snap.Entries)
	}
	if err := decodeBlocks(blocks, snap.Blocks, snap.Entries, &t.Ledger, check); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if err := check(); err != nil {
		return nil, err
	}
	return s, nil
}

// decodeChunks decodes n values gob encoded in chunks.
func decodeChunks[T any](dec *gob.Decoder, n int) ([]T, error) {
	if n <= 0 {
		return nil, nil
	}
	var out []T
	for len(out) < n {
		var chunk []T
		if err := dec.Decode(&chunk); err != nil {
			return nil, err
		}
		if len(chunk) == 0 || len(out)+len(chunk) > n {
			return nil, fmt.Errorf("%d after %d, of %d", len(chunk), len(out), n)
		}
		if out == nil {
			out = make([]T, 0, n)
		}
		out = append(out, chunk...)
	}
	return out, nil
}

// decodeBlocks decodes the blocks of entries, several at a time on every core, and adds each
// entry to l in order, once check has passed. Each block's names are shared among its entries
// already: l learns them (for the entries posted after) but does not share them again.
func decodeBlocks(data []byte, sizes []int, entries int, l *Ledger, check func() error) error {
	type decoded struct {
		entries []*Entry
		names   map[string]string
		err     error
	}
	results := make([]chan decoded, len(sizes))
	for i := range results {
		results[i] = make(chan decoded, 1)
	}
	var next atomic.Int64
	workers := min(runtime.GOMAXPROCS(0), len(sizes))
	offsets := make([]int, len(sizes)+1)
	for i, n := range sizes {
		offsets[i+1] = offsets[i] + n
	}
	stop := make(chan struct{})
	defer close(stop)
	for range workers {
		go func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(sizes) {
					return
				}
				n := min(snapshotBlock, entries-i*snapshotBlock)
				es, names, err := decodeEntries(data[offsets[i]:offsets[i+1]], n)
				select {
				case results[i] <- decoded{es, names, err}:
				case <-stop:
					return
				}
			}
		}()
	}
	for i := range results {
		r := <-results[i]
		if r.err != nil {
			return fmt.Errorf("block %d: %w", i, r.err)
		}
		if err := check(); err != nil {
			return err
		}
		for _, e := range r.entries {
			l.add(e)
		}
		for name := range r.names {
			if _, ok := l.names[name]; !ok {
				l.names[name] = name
			}
		}
	}
	return nil
}

// empty makes a nil map an empty one.
func empty[K comparable, V any](m *map[K]V) {
	if *m == nil {
		*m = map[K]V{}
	}
}
