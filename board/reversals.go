package board

// Reversals (R18): an entry is never changed; the secretariat corrects it with a new entry that
// reverses it.

func init() {
	register[*Reverse]("R18", ActorSecretariat)
}

// Reverse corrects a ledger entry by a new entry with every posting on the other side (R18).
type Reverse struct {
	Entry  EntryID `json:"entry"`
	Reason string  `json:"reason"`
}

func (*Reverse) Kind() Kind { return "reverse" }

// Reverse: the secretariat corrects an entry with a new one on the other side (R18). An entry is
// reversed once; a reversal is not reversed (record the original act again instead). A pledge
// already partly paid, a disbursement's commitment once it is paid, and any reversal that would
// take a fund, a bank account or a programme below zero are refused: reverse what depends on it
// first.
func (b *Reverse) decide(d *decider) ([]Event, error) {
	if err := required("reason", b.Reason); err != nil {
		return nil, err
	}
	l := &d.s.Treasury.Ledger
	oi, ok := l.find(b.Entry)
	if !ok {
		return nil, Errorf(NotFound, "no ledger entry %q", b.Entry)
	}
	orig := l.entries.entry(oi)
	if by, done := l.ReversedBy[orig.ID]; done {
		return nil, conflict("R18", "entry %s was already reversed by entry %s", orig.ID, by)
	}
	switch orig.Type {
	case EntryReversal:
		return nil, refuse("R18", "entry %s is itself a reversal; record the original act again instead", orig.ID)
	case EntryPledge:
		if l.open[oi] != orig.Amount.Minor {
			return nil, refuse("R18", "pledge %s was partly paid by receipts; reverse those receipts first", orig.ID)
		}
	case EntryCommitment:
		if dis := d.s.Treasury.Disbursements[orig.Disbursement]; dis.Status == DisbursementPaid {
			return nil, refuse("R18", "disbursement %s was paid; reverse its payment (entry %s) first", dis.ID, dis.Payment)
		}
	}
	e := *orig
	e.ID, e.Type, e.Reverses, e.Note, e.Settles = l.nextID(), EntryReversal, orig.ID, b.Reason, nil
	e.Postings = make([]Posting, len(orig.Postings))
	for i, p := range orig.Postings {
		e.Postings[i] = p.reversed()
	}
	if err := l.check("R18", &e); err != nil {
		return nil, err
	}
	return []Event{&Posted{Entry: e}}, nil
}
