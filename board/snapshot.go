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
	"slices"

	"github.com/peaceboard/peaceboard/money"
)

// Why this lives in board: a snapshot is the engine's storage format for a State, but it
// encodes what only this package can reach: the ledger's unexported packed entries, names and
// rates, which it writes as they are, and the indexes that restoring rebuilds through the
// ledger's own index. Encoding it elsewhere would mean exporting the ledger's internals, and it
// must change with the State's shape in the same change (snapshotVersion).

// snapshotVersion changes whenever the State's shape does, or the snapshot's: a snapshot of
// another version is not read (the state is rebuilt from the events instead).
// 11: progress reports became AppendOnly (reshape.go), so State.Reshapes no longer lists them;
// a state of version 10 would still answer rightly, but re-apply them in every as-of view.
const snapshotVersion = 11

// A snapshot is the State as gob encodes it, without the ledger's entries, followed by the
// entries as the ledger keeps them, packed (ledger_pack.go): gob would decode a million entries
// in seconds, and read a message whole, growing its buffer as it goes. The ledger's indexes
// (balances, what each pledge has open, each contributor's entries) are not kept: going through
// the entries, in order, rebuilds them.
//
// The decisions' comments and ballots, hundreds of thousands of them in a long record, follow
// the snapshot in the gob stream, a chunk of snapshotChunk in each message, decision by decision
// in the order of their ids: in the snapshot they would make one message too.
//
// The bytes: the length of the gob part as a uvarint, the gob part (a snapshot, then the
// chunks of comments and ballots), the CRC-32C of the gob part, then the ledger's chunks of
// packed entries, whose lengths and CRC-32Cs the snapshot lists. A snapshot damaged on disk is
// refused rather than restored, and each part is checked before it is used, so that a snapshot
// is read as a stream: the entries of a chunk are indexed once its checksum matches, while the
// next is read.
type snapshot struct {
	Version  int
	State    *State
	Comments map[DecisionID]int // how many comments and ballots each decision has
	Ballots  map[DecisionID]int
	Entries  int
	Chunks   []int    // each chunk's length in bytes
	Sums     []uint32 // each chunk's CRC-32C
	Names    []string // the names the packed entries refer to
	Rates    []money.Rate
	// Contributors holds how many entries, pledges and cash receipts (with reversals) each
	// contributor has: restoring makes the ledger's lists of them that long at once.
	Contributors map[ActorID]contributorSizes
}

// contributorSizes are the lengths of a contributor's lists in the ledger.
type contributorSizes struct{ Entries, Pledges, Cash int }

// snapshotChunk is a variable for tests, which set it small.
var snapshotChunk = 4096

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Snapshot encodes the state, so that a process starting up can restore it instead of applying
// every event again. The encoding is private to this version of the software.
func (s *State) Snapshot() ([]byte, error) {
	c := *s
	t := *s.Treasury
	t.Ledger = Ledger{}
	c.Treasury = &t
	l := &s.Treasury.Ledger
	p := &l.entries
	head := snapshot{Version: snapshotVersion, State: &c, Entries: p.len(), Names: p.names, Rates: p.rates,
		Comments: map[DecisionID]int{}, Ballots: map[DecisionID]int{}, Contributors: map[ActorID]contributorSizes{}}
	for a, es := range l.byContributor {
		head.Contributors[a] = contributorSizes{Entries: len(es), Pledges: len(l.pledges[a]), Cash: len(l.cashLog[a])}
	}
	c.Decisions = make(map[DecisionID]*Decision, len(s.Decisions))
	ids := slices.Sorted(maps.Keys(s.Decisions))
	for _, id := range ids {
		d := *s.Decisions[id]
		head.Comments[id], head.Ballots[id] = len(d.Comments), len(d.Ballots)
		d.Comments, d.Ballots = nil, nil
		c.Decisions[id] = &d
	}
	chunks := 0
	for _, c := range p.chunks {
		head.Chunks = append(head.Chunks, len(c))
		head.Sums = append(head.Sums, crc32.Checksum(c, castagnoli))
		chunks += len(c)
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
	out := make([]byte, 0, binary.MaxVarintLen64+buf.Len()+4+chunks)
	out = binary.AppendUvarint(out, uint64(buf.Len()))
	out = append(out, buf.Bytes()...)
	out = binary.BigEndian.AppendUint32(out, crc32.Checksum(buf.Bytes(), castagnoli))
	for _, c := range p.chunks {
		out = append(out, c...)
	}
	return out, nil
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
	gobPart = nil // garbage from here: the entries may need the memory
	chunks := n - int64(uvarintLen(gobLen)) - int64(gobLen) - 4
	if len(snap.Sums) != len(snap.Chunks) {
		return nil, fmt.Errorf("snapshot: %d chunks and %d checksums", len(snap.Chunks), len(snap.Sums))
	}
	var total int64
	for _, c := range snap.Chunks {
		if c <= 0 || int64(c) > chunks-total {
			return nil, errors.New("snapshot: truncated")
		}
		total += int64(c)
	}
	if total != chunks {
		return nil, errors.New("snapshot: bytes after the last chunk")
	}
	if snap.Entries < 0 || int64(snap.Entries) > chunks {
		return nil, fmt.Errorf("snapshot: %d entries in %d bytes", snap.Entries, chunks)
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
	if err := t.Ledger.restore(br, &snap); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return s, nil
}

// decodeChunks decodes n values gob encoded in chunks. Each chunk is decoded into the room left
// in the slice returned, which gob fills when it is large enough: a long record's comments are
// not decoded twice over, once in chunks and once in the copy.
func decodeChunks[T any](dec *gob.Decoder, n int) ([]T, error) {
	if n <= 0 {
		return nil, nil
	}
	out := make([]T, 0, n)
	for len(out) < n {
		chunk := out[len(out):len(out):cap(out)]
		if err := dec.Decode(&chunk); err != nil {
			return nil, err
		}
		if len(chunk) == 0 || len(out)+len(chunk) > n {
			return nil, fmt.Errorf("%d after %d, of %d", len(chunk), len(out), n)
		}
		if &out[:len(out)+1][len(out)] != &chunk[0] {
			out = append(out, chunk...) // gob made a new slice after all
			continue
		}
		out = out[:len(out)+len(chunk)]
	}
	return out, nil
}

// uvarintLen returns the length of x encoded as a uvarint.
func uvarintLen(x uint64) int { return len(binary.AppendUvarint(nil, x)) }

// restore reads the packed entries of snap, the chunks that follow it in r, and indexes them,
// in order. Each chunk is checked against its checksum before its entries are read.
func (l *Ledger) restore(r io.Reader, snap *snapshot) (err error) {
	p := &l.entries
	p.names, p.rates = snap.Names, snap.Rates
	for i, name := range p.names {
		p.nameRef[name] = uint32(i + 1)
	}
	for i, rate := range p.rates {
		p.rateRef[rate] = uint32(i + 1)
	}
	if snap.Entries > 0 {
		p.at = make([]entryPos, 0, snap.Entries)
		l.byID = make(map[uint64]int32, snap.Entries)
	}
	for a, n := range snap.Contributors {
		if max(n.Entries, n.Pledges, n.Cash) > snap.Entries {
			return fmt.Errorf("%s has more entries than the ledger", a)
		}
		if n.Entries > 0 {
			l.byContributor[a] = make([]int32, 0, n.Entries)
			l.totalsLog[a] = make([]contributorTotals, 0, n.Entries)
		}
		if n.Pledges > 0 {
			l.pledges[a] = make([]int32, 0, n.Pledges)
		}
		if n.Cash > 0 {
			l.cashLog[a] = make([]cashEvent, 0, n.Cash)
		}
	}
	var c int
	defer func() {
		// Only bytes no ledger wrote make decoding panic: the checksum matched, so these are
		// another version's, or forged.
		if v := recover(); v != nil {
			err = fmt.Errorf("chunk %d of the ledger's entries: %v", c, v)
		}
	}()
	var e Entry
	for c = range snap.Chunks {
		n := snap.Chunks[c]
		chunk := make([]byte, n, max(n, packChunk)) // the last one gets the entries added next
		if c < len(snap.Chunks)-1 {
			chunk = chunk[:n:n]
		}
		if _, err := io.ReadFull(r, chunk); err != nil {
			return fmt.Errorf("chunk %d of the ledger's entries: truncated", c)
		}
		if crc32.Checksum(chunk, castagnoli) != snap.Sums[c] {
			return fmt.Errorf("chunk %d of the ledger's entries: damaged (its checksum does not match)", c)
		}
		p.chunks = append(p.chunks, chunk)
		for off := 0; off < n; {
			if len(p.at) == snap.Entries {
				return fmt.Errorf("more than the %d entries listed", snap.Entries)
			}
			i := int32(len(p.at))
			p.at = append(p.at, entryPos{chunk: uint32(c), off: uint32(off)})
			off += p.decodeFrom(chunk[off:n:n], &e)
			l.index(i, &e)
		}
	}
	if len(p.at) != snap.Entries {
		return fmt.Errorf("%d entries, not the %d listed", len(p.at), snap.Entries)
	}
	return nil
}

// empty makes a nil map an empty one.
func empty[K comparable, V any](m *map[K]V) {
	if *m == nil {
		*m = map[K]V{}
	}
}
