package board

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// The ledger's entries in a snapshot: a block of entries is a plain binary encoding, field by
// field in the order of Entry's declaration, strings as a uvarint length and their bytes,
// integers as varints, times as time.Time's binary encoding after its length. Blocks decode
// independently of each other, on every core, and their names (types, accounts, currencies, …)
// come out shared, as post would make them.

// appendEntry appends e's encoding to b.
func appendEntry(b []byte, e *Entry) []byte {
	b = appendString(b, string(e.ID))
	b = appendString(b, string(e.Type))
	b = binary.AppendUvarint(b, uint64(len(e.Postings)))
	for _, p := range e.Postings {
		b = appendString(b, string(p.Account))
		b = appendString(b, string(p.Side))
		b = appendAmount(b, p.Amount)
	}
	b = appendString(b, string(e.Contributor))
	b = appendString(b, e.Form)
	b = appendString(b, string(e.Fund))
	b = appendString(b, string(e.Account))
	b = appendString(b, string(e.Programme))
	b = appendString(b, string(e.Disbursement))
	b = appendString(b, e.Payee)
	b = appendAmount(b, e.Amount)
	b = appendAmount(b, e.USD)
	rate, _ := e.Rate.MarshalBinary() // never fails
	b = appendString(b, string(rate))
	b = appendTime(b, e.RateDate)
	b = appendTime(b, e.ValueDate)
	b = appendTime(b, e.Due)
	b = binary.AppendUvarint(b, uint64(len(e.Settles)))
	for _, s := range e.Settles {
		b = appendString(b, string(s.Pledge))
		b = appendAmount(b, s.Amount)
	}
	b = appendString(b, string(e.Reverses))
	b = appendString(b, e.Note)
	return appendTime(b, e.Recorded)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendAmount(b []byte, a money.Amount) []byte {
	b = appendString(b, string(a.Currency))
	return binary.AppendVarint(b, a.Minor)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() && t.Location() == time.UTC {
		return append(b, 0)
	}
	enc, _ := t.MarshalBinary() // fails only for a zone offset that is not whole minutes
	b = append(b, byte(len(enc)))
	return append(b, enc...)
}

// minEntryBytes is the length of the shortest entry's encoding: a one-byte id and a byte for
// every other field (an empty string, a zero time or amount, an empty list; two for an amount).
const minEntryBytes = 23

var errEntryBlock = errors.New("a block of ledger entries is damaged")

// entryDecoder reads a block of entries. Its first error sticks: every later read returns
// zero values, and the caller checks err once the block is read.
//
// It allocates a block's entries, postings and settlements in a few large arrays rather than
// one by one: entries are never freed, so nothing is kept alive longer for it.
type entryDecoder struct {
	b        []byte
	err      error
	names    map[string]string
	rates    map[string]money.Rate
	entries  []Entry
	postings []Posting
	settles  []Settlement
}

func newEntryDecoder(b []byte) *entryDecoder {
	return &entryDecoder{b: b, names: map[string]string{}, rates: map[string]money.Rate{}}
}

func (d *entryDecoder) fail() {
	if d.err == nil {
		d.err = errEntryBlock
	}
	d.b = nil
}

func (d *entryDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *entryDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *entryDecoder) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

// str reads a string that is different in most entries (an id, a note).
func (d *entryDecoder) str() string { return string(d.bytes()) }

// name reads a string that many entries repeat: one copy of it is shared.
func (d *entryDecoder) name() string {
	b := d.bytes()
	if len(b) == 0 {
		return ""
	}
	if s, ok := d.names[string(b)]; ok {
		return s
	}
	s := string(b)
	d.names[s] = s
	return s
}

func (d *entryDecoder) amount() money.Amount {
	c := money.Currency(d.name())
	return money.Amount{Currency: c, Minor: d.varint()}
}

func (d *entryDecoder) time() time.Time {
	if len(d.b) == 0 {
		d.fail()
		return time.Time{}
	}
	n := int(d.b[0])
	d.b = d.b[1:]
	if n == 0 {
		return time.Time{}
	}
	if n > len(d.b) {
		d.fail()
		return time.Time{}
	}
	var t time.Time
	if err := t.UnmarshalBinary(d.b[:n]); err != nil {
		d.fail()
		return time.Time{}
	}
	d.b = d.b[n:]
	return t
}

func (d *entryDecoder) rate() money.Rate {
	b := d.bytes()
	if r, ok := d.rates[string(b)]; ok {
		return r
	}
	var r money.Rate
	if err := r.UnmarshalBinary(b); err != nil {
		d.fail()
	}
	d.rates[string(b)] = r
	return r
}

// count reads the length of a list, each of whose items takes at least min bytes.
func (d *entryDecoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *entryDecoder) entry() *Entry {
	if len(d.entries) == 0 {
		d.entries = make([]Entry, 256)
	}
	e := &d.entries[0]
	d.entries = d.entries[1:]
	e.ID, e.Type = EntryID(d.str()), EntryType(d.name())
	if n := d.count(4); n > 0 {
		e.Postings = take(&d.postings, n)
		for i := range e.Postings {
			p := &e.Postings[i]
			p.Account, p.Side, p.Amount = LedgerAccount(d.name()), Side(d.name()), d.amount()
		}
	}
	e.Contributor = ActorID(d.name())
	e.Form = d.name()
	e.Fund = FundID(d.name())
	e.Account = AccountID(d.name())
	e.Programme = ProgrammeID(d.name())
	e.Disbursement = DisbursementID(d.str())
	e.Payee = d.name()
	e.Amount = d.amount()
	e.USD = d.amount()
	e.Rate = d.rate()
	e.RateDate = d.time()
	e.ValueDate = d.time()
	e.Due = d.time()
	if n := d.count(3); n > 0 {
		e.Settles = take(&d.settles, n)
		for i := range e.Settles {
			s := &e.Settles[i]
			s.Pledge = EntryID(d.str())
			s.Amount = d.amount()
		}
	}
	e.Reverses = EntryID(d.str())
	e.Note = d.str()
	e.Recorded = d.time()
	return e
}

// take returns the next n items of *pool, which it refills 1024 at a time; the slice returned
// has no room to grow into the items after it.
func take[T any](pool *[]T, n int) []T {
	if len(*pool) < n {
		*pool = make([]T, max(n, 1024))
	}
	out := (*pool)[:n:n]
	*pool = (*pool)[n:]
	return out
}

// decodeEntries decodes a block of n entries, and returns them with the names they share.
func decodeEntries(b []byte, n int) ([]*Entry, map[string]string, error) {
	d := newEntryDecoder(b)
	out := make([]*Entry, n)
	for i := range out {
		out[i] = d.entry()
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errEntryBlock
	}
	return out, d.names, d.err
}
