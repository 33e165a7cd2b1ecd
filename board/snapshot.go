package board

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"runtime"
	"slices"
)

// snapshotVersion changes whenever the State's shape does, or the snapshot's: a snapshot of
// another version is not read (the state is rebuilt from the events instead).
const snapshotVersion = 4

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
// chunks of comments and ballots), the CRC-32C of the gob part, then the blocks of entries,
// whose CRC-32Cs the snapshot lists. A snapshot damaged on disk is refused rather than restored,
// and each part is checked before it is used, so that a snapshot is read as a stream: the
// entries of a block are posted once its checksum matches, while later blocks are still read.
type snapshot struct {
	Version  int
	State    *State
	Comments map[DecisionID]int // how many comments and ballots each decision has
	Ballots  map[DecisionID]int
	Blocks   []int    // each block's length in bytes; every block but the last holds snapshotBlock entries
	Sums     []uint32 // each block's CRC-32C
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
	l := &s.Treasury.Ledger
	head := snapshot{Version: snapshotVersion, State: &c, Entries: l.Len(),
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
	var e Entry
	for from := 0; from < l.Len(); from += snapshotBlock {
		n := len(blocks)
		for i := from; i < min(from+snapshotBlock, l.Len()); i++ {
			l.entries.decode(int32(i), &e)
			blocks = appendEntry(blocks, &e)
		}
		head.Blocks = append(head.Blocks, len(blocks)-n)
		head.Sums = append(head.Sums, crc32.Checksum(blocks[n:], castagnoli))
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
	out := make([]byte, 0, binary.MaxVarintLen64+buf.Len()+4+len(blocks))
	out = binary.AppendUvarint(out, uint64(buf.Len()))
	out = append(out, buf.Bytes()...)
	out = binary.BigEndian.AppendUint32(out, crc32.Checksum(buf.Bytes(), castagnoli))
	return append(out, blocks...), nil
}

// RestoreState decodes a snapshot made by Snapshot, n bytes read from r. It reads r as a stream
// and holds at once only the gob part's bytes and the blocks being decoded, not the whole
// snapshot (hundreds of megabytes for a long record).
func RestoreState(r io.Reader, n int64) (*State, error) {
	r = io.LimitReader(r, n)
	br := bufio.NewReaderSize(r, 1<<16)
	gobLen, err := binary.ReadUvarint(br)
	if err != nil || gobLen > uint64(n) {
		return nil, errors.New("snapshot: truncated")
	}
	gobPart := make([]byte, gobLen+4)
	if _, err := io.ReadFull(br, gobPart); err != nil {
		return nil, errors.New("snapshot: truncated")
	}
	gobPart, want := gobPart[:gobLen], binary.BigEndian.Uint32(gobPart[gobLen:])
	if crc32.Checksum(gobPart, castagnoli) != want {
		return nil, errors.New("snapshot: damaged, or of another version (its checksum does not match)")
	}
	var snap snapshot
	dec := gob.NewDecoder(bytes.NewReader(gobPart))
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
	gobPart = nil // garbage from here: the blocks may need the memory
	blocks := n - int64(uvarintLen(gobLen)) - int64(gobLen) - 4
	if len(snap.Blocks) != (snap.Entries+snapshotBlock-1)/snapshotBlock || len(snap.Sums) != len(snap.Blocks) {
		return nil, fmt.Errorf("snapshot: %d blocks and %d checksums for %d entries", len(snap.Blocks), len(snap.Sums), snap.Entries)
	}
	var total int64
	for _, b := range snap.Blocks {
		if b < 0 || int64(b) > blocks-total {
			return nil, errors.New("snapshot: truncated")
		}
		total += int64(b)
	}
	if total != blocks {
		return nil, errors.New("snapshot: bytes after the last block")
	}
	if snap.Entries < 0 || int64(snap.Entries) > blocks/minEntryBytes {
		return nil, fmt.Errorf("snapshot: %d entries in %d bytes", snap.Entries, blocks)
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
		t.Ledger.entries.at = make([]entryPos, 0, snap.Entries)
		t.Ledger.byID = make(map[uint64]int32, snap.Entries)
	}
	if err := decodeBlocks(br, snap.Blocks, snap.Sums, snap.Entries, &t.Ledger); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
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

// uvarintLen returns the length of x encoded as a uvarint.
func uvarintLen(x uint64) int { return len(binary.AppendUvarint(nil, x)) }

// decodeBlocks reads the blocks of entries from r and decodes them, several at a time on every
// core, and adds each entry to l in order, once its block's checksum has matched: decoding
// damaged bytes fails or decodes nonsense, but posting entries that do not add up could crash.
// Each block's names are shared among its entries already: l learns them (for the entries
// posted after) but does not share them again.
func decodeBlocks(r io.Reader, sizes []int, sums []uint32, entries int, l *Ledger) error {
	type block struct {
		i    int
		data []byte
	}
	type decoded struct {
		entries []*Entry
		names   map[string]string
		err     error
	}
	results := make([]chan decoded, len(sizes))
	for i := range results {
		results[i] = make(chan decoded, 1)
	}
	workers := min(runtime.GOMAXPROCS(0), len(sizes))
	stop := make(chan struct{}) // closed on return: the reader stops, the workers skip the rest
	defer close(stop)
	// Blocks are read ahead of the workers by no more than one each: a block's bytes are garbage
	// once it is decoded.
	blocks := make(chan block, workers)
	for range workers {
		go func() {
			for b := range blocks {
				var d decoded
				select {
				case <-stop:
					continue
				default:
				}
				if crc32.Checksum(b.data, castagnoli) != sums[b.i] {
					d.err = errors.New("damaged (its checksum does not match)")
				} else {
					d.entries, d.names, d.err = decodeEntries(b.data, min(snapshotBlock, entries-b.i*snapshotBlock))
				}
				results[b.i] <- d
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(blocks)
		for i, n := range sizes {
			data := make([]byte, n)
			if _, err := io.ReadFull(r, data); err != nil {
				readErr <- fmt.Errorf("block %d: truncated", i)
				return
			}
			select {
			case blocks <- block{i, data}:
			case <-stop:
				return
			}
		}
	}()
	for i := range results {
		var res decoded
		select {
		case res = <-results[i]:
		case err := <-readErr:
			return err
		}
		if res.err != nil {
			return fmt.Errorf("block %d: %w", i, res.err)
		}
		for _, e := range res.entries {
			l.add(e)
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
