package board

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Why this lives in board: the packed form is not only how entries are stored but how the
// Ledger holds them in memory (its unexported entries field). Every read of an entry decodes it,
// the ledger's indexes refer to entries by their position here, and a snapshot writes the chunks
// as they are; moving it out of board would mean exporting the ledger's internals.
//
// The ledger keeps its entries packed, not as Entry values: a long record has hundreds of
// thousands of them, and an Entry is nearly 400 bytes, with pointers for the collector to follow
// in every one (postings, strings, times). Packed, an entry takes the bytes of its id, notes and
// numbers, and an index for each name it shares with others (types, accounts, contributors,
// funds, currencies, rates), about a fifth of the space, and none of it is scanned by the
// collector. An entry is never changed once added, so its bytes are written once; reading one
// decodes a new Entry, which the reader owns.
//
// An entry's bytes, field by field in the order of Entry's declaration: a string unique to the
// entry (an id, a disbursement, a note) as a uvarint length and its bytes; a name as a uvarint
// reference into names (0 for the empty string); an amount as its currency's name and a varint;
// a rate as a uvarint reference into rates (0 for none); a time as packTime writes it; a list as
// a uvarint count and its items.

// packChunk is the size of the chunks the packed entries are written into: the chunks are never
// moved once made, so the ledger does not hold two copies of its entries while it grows. It is a
// variable for tests, which set it small.
var packChunk = 1 << 20

// packedEntries holds a ledger's entries, packed, in the order added.
type packedEntries struct {
	chunks [][]byte
	at     []entryPos // where each entry's bytes start
	// names holds the strings that entries share, each once: reference i+1 is names[i].
	names   []string
	nameRef map[string]uint32
	rates   []money.Rate
	rateRef map[money.Rate]uint32
}

// entryPos is where an entry's bytes start: a chunk, and an offset into it.
type entryPos struct{ chunk, off uint32 }

func newPackedEntries() packedEntries {
	return packedEntries{nameRef: map[string]uint32{}, rateRef: map[money.Rate]uint32{}}
}

// len returns how many entries p holds.
func (p *packedEntries) len() int { return len(p.at) }

// add packs e, and returns its index.
func (p *packedEntries) add(e *Entry) int32 {
	var c []byte
	last := len(p.chunks) - 1
	if last >= 0 {
		c = p.chunks[last]
	}
	b := p.pack(c, e)
	if last < 0 || cap(b) != cap(c) {
		// It did not fit in the last chunk, and append made a new array: the entry starts a
		// chunk of its own.
		entry := b[len(c):]
		c = make([]byte, 0, max(packChunk, len(entry)))
		b = append(c, entry...)
		p.chunks = append(p.chunks, nil)
		last++
	}
	p.at = append(p.at, entryPos{chunk: uint32(last), off: uint32(len(c))})
	p.chunks[last] = b
	return int32(len(p.at) - 1)
}

// bytes returns entry i's bytes, and those of the entries after it in its chunk.
func (p *packedEntries) bytes(i int32) []byte {
	pos := p.at[i]
	return p.chunks[pos.chunk][pos.off:]
}

// id returns entry i's id, as bytes of the packed entry: the caller only compares them.
func (p *packedEntries) id(i int32) []byte {
	b := p.bytes(i)
	n, k := binary.Uvarint(b)
	return b[k : k+int(n)]
}

// entry decodes entry i.
func (p *packedEntries) entry(i int32) *Entry {
	e := new(Entry)
	p.decode(i, e)
	return e
}

// recorded returns when entry i was recorded, decoding only what it must.
func (p *packedEntries) recorded(i int32) time.Time {
	// Recorded is the last field: decoding the entry is the simplest way to it, and it is only
	// asked for in binary searches, a few dozen entries at a time.
	var e Entry
	p.decode(i, &e)
	return e.Recorded
}

func (p *packedEntries) name(s string) uint32 { return ref(&p.names, p.nameRef, s) }

func (p *packedEntries) rate(r money.Rate) uint32 { return ref(&p.rates, p.rateRef, r) }

// ref returns v's reference in list (its position, from 1), adding it if it is not there yet;
// 0 for the zero value.
func ref[T comparable](list *[]T, refs map[T]uint32, v T) uint32 {
	var zero T
	if v == zero {
		return 0
	}
	if r, ok := refs[v]; ok {
		return r
	}
	*list = append(*list, v)
	r := uint32(len(*list))
	refs[v] = r
	return r
}

func (p *packedEntries) pack(b []byte, e *Entry) []byte {
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	name := func(s string) { b = binary.AppendUvarint(b, uint64(p.name(s))) }
	amount := func(a money.Amount) {
		name(string(a.Currency))
		b = binary.AppendVarint(b, a.Minor)
	}
	str(string(e.ID))
	name(string(e.Type))
	b = binary.AppendUvarint(b, uint64(len(e.Postings)))
	for _, q := range e.Postings {
		name(string(q.Account))
		name(string(q.Side))
		amount(q.Amount)
	}
	name(string(e.Contributor))
	name(e.Form)
	name(string(e.Fund))
	name(string(e.Account))
	name(string(e.Programme))
	str(string(e.Disbursement))
	name(e.Payee)
	amount(e.Amount)
	amount(e.USD)
	b = binary.AppendUvarint(b, uint64(p.rate(e.Rate)))
	b = packTime(b, e.RateDate)
	b = packTime(b, e.ValueDate)
	b = packTime(b, e.Due)
	b = binary.AppendUvarint(b, uint64(len(e.Settles)))
	for _, s := range e.Settles {
		str(string(s.Pledge))
		amount(s.Amount)
	}
	str(string(e.Reverses))
	str(e.Note)
	return packTime(b, e.Recorded)
}

// packTime appends t: a byte 0 for the zero time; 1, then the seconds since 1970 as a varint and
// the nanoseconds as a uvarint, for a time in UTC; 2, then the same, the zone's offset in seconds
// as a varint and its name, for a time in another zone, which comes back in a fixed zone of that
// name and offset.
func packTime(b []byte, t time.Time) []byte {
	if t.Location() == time.UTC {
		if t.IsZero() {
			return append(b, 0)
		}
		b = append(b, 1)
		b = binary.AppendVarint(b, t.Unix())
		return binary.AppendUvarint(b, uint64(t.Nanosecond()))
	}
	name, offset := t.Zone()
	b = append(b, 2)
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	b = binary.AppendVarint(b, int64(offset))
	b = binary.AppendUvarint(b, uint64(len(name)))
	return append(b, name...)
}

// decode decodes entry i into e.
func (p *packedEntries) decode(i int32, e *Entry) { p.decodeFrom(p.bytes(i), e) }

// errPacked is what decodeFrom panics with on bytes that are not an entry.
var errPacked = errors.New("not a packed ledger entry")

// decodeFrom decodes the entry at the start of b into e, reusing e's postings and settlements,
// and returns its length. b is one of the ledger's entries (or a snapshot's, checked against its
// checksum): damaged bytes make it panic, with errPacked or an index out of range, rather than
// return an error, which no entry the ledger wrote could cause.
func (p *packedEntries) decodeFrom(b []byte, e *Entry) int {
	n0 := len(b)
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		b = b[n:]
		return v
	}
	varint := func() int64 {
		v, n := binary.Varint(b)
		b = b[n:]
		return v
	}
	str := func() string {
		n := uvarint()
		s := string(b[:n])
		b = b[n:]
		return s
	}
	name := func() string {
		if r := uvarint(); r > 0 {
			return p.names[r-1]
		}
		return ""
	}
	amount := func() money.Amount {
		c := money.Currency(name())
		return money.Amount{Currency: c, Minor: varint()}
	}
	tm := func() time.Time {
		kind := b[0]
		b = b[1:]
		if kind == 0 {
			return time.Time{}
		}
		t := time.Unix(varint(), int64(uvarint())).UTC()
		if kind == 2 {
			offset := int(varint())
			t = t.In(time.FixedZone(str(), offset))
		}
		return t
	}
	e.ID = EntryID(str())
	e.Type = EntryType(name())
	e.Postings = reuse(e.Postings, uvarint(), len(b))
	if len(e.Postings) > 0 {
		for j := range e.Postings {
			q := &e.Postings[j]
			q.Account = LedgerAccount(name())
			q.Side = Side(name())
			q.Amount = amount()
		}
	}
	e.Contributor = ActorID(name())
	e.Form = name()
	e.Fund = FundID(name())
	e.Account = AccountID(name())
	e.Programme = ProgrammeID(name())
	e.Disbursement = DisbursementID(str())
	e.Payee = name()
	e.Amount = amount()
	e.USD = amount()
	e.Rate = money.Rate{}
	if r := uvarint(); r > 0 {
		e.Rate = p.rates[r-1]
	}
	e.RateDate = tm()
	e.ValueDate = tm()
	e.Due = tm()
	e.Settles = reuse(e.Settles, uvarint(), len(b))
	if len(e.Settles) > 0 {
		for j := range e.Settles {
			s := &e.Settles[j]
			s.Pledge = EntryID(str())
			s.Amount = amount()
		}
	}
	e.Reverses = EntryID(str())
	e.Note = str()
	e.Recorded = tm()
	return n0 - len(b)
}

// reuse returns s with n items, reusing its array if it has room; nil if n is 0. Each item
// takes at least a byte of the left bytes: more is damage.
func reuse[T any](s []T, n uint64, left int) []T {
	switch {
	case n == 0:
		return nil
	case n > uint64(left):
		panic(errPacked)
	case uint64(cap(s)) >= n:
		return s[:n]
	}
	return make([]T, n)
}

// pledgeHead is what receipts and reversals read of a pledge: decoding only the first fields of
// its entry, without allocating.
type pledgeHead struct {
	id          []byte // of the packed entry: the caller only compares it, or copies it
	contributor ActorID
	fund        FundID
	amount      money.Amount
	rate        money.Rate
}

// pledge decodes the head of entry i, a pledge.
func (p *packedEntries) pledge(i int32) pledgeHead {
	b := p.bytes(i)
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		b = b[n:]
		return v
	}
	skip := func(n uint64) { b = b[n:] }
	name := func() string {
		if r := uvarint(); r > 0 {
			return p.names[r-1]
		}
		return ""
	}
	amount := func() money.Amount {
		c := money.Currency(name())
		v, n := binary.Varint(b)
		b = b[n:]
		return money.Amount{Currency: c, Minor: v}
	}
	var h pledgeHead
	n := uvarint()
	h.id = b[:n]
	skip(n)
	uvarint() // type
	for range uvarint() {
		uvarint() // account
		uvarint() // side
		amount()
	}
	h.contributor = ActorID(name())
	uvarint() // form
	h.fund = FundID(name())
	uvarint()       // account
	uvarint()       // programme
	skip(uvarint()) // disbursement
	uvarint()       // payee
	h.amount = amount()
	amount() // US dollars
	if r := uvarint(); r > 0 {
		h.rate = p.rates[r-1]
	}
	return h
}
