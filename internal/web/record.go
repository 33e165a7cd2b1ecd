package web

import (
	"encoding/hex"
	"net/http"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// recordPage is the public record: its latest signed checkpoint, the log's key, how to verify
// it without trusting this server, and its entries, newest first.
type recordPage struct {
	*page
	Checkpoint string          // the signed note, as served at /log/checkpoint: with its cosignatures
	Size       uint64          // entries the checkpoint covers
	Witnesses  *witnessSection // nil without a witness policy
	LogKey     string          // the note verifier key, as served at /log/key
	Server     string          // the public URL (New), for the verify command
	// Past is set on a page as of a day before the latest act, which never changes: it shows
	// no checkpoint (one is signed as the record grows) but links to today's.
	Past    bool
	Total   int // entries up to the page's date
	Entries []entryRow
	Pager   pager
}

// witnessSection says who cosigned the published checkpoint under the server's witness policy,
// and whether their cosignatures meet its quorum.
type witnessSection struct {
	Rows     []witnessRow
	Cosigned int
	Quorum   bool
	Policy   string // the policy, in its file format
}

// A witnessRow is one witness of the policy, and when it cosigned the checkpoint (zero: it did
// not).
type witnessRow struct {
	Name string
	At   time.Time
}

// SetWitnessPolicy makes the record page say who of policy's witnesses cosigned the published
// checkpoint. Serve calls it, before Register, when it runs with a witness policy.
func (s *Server) SetWitnessPolicy(p *record.Policy) { s.witnessPolicy = p }

// witnesses checks the published checkpoint cp against the witness policy.
func (s *Server) witnesses(cp []byte) *witnessSection {
	p := s.witnessPolicy
	if p == nil || cp == nil {
		return nil
	}
	v, err := note.NewVerifier(s.engine.Meta().LogKey)
	if err != nil {
		return nil
	}
	_, cs, err := p.Check(cp, v)
	w := &witnessSection{Quorum: err == nil, Cosigned: len(cs), Policy: p.String()}
	for _, wit := range p.Witnesses() {
		row := witnessRow{Name: wit.Name}
		for _, c := range cs {
			if c.Witness.Name == wit.Name {
				row.At = c.Time
			}
		}
		w.Rows = append(w.Rows, row)
	}
	return w
}

// An entryRow is one entry of the record as the log holds it.
type entryRow struct {
	Index    uint64
	At       time.Time
	Actor    string
	Kind     board.Kind
	KindName string
	KeyID    string
	LeafHash string // hex of the RFC 6962 leaf hash
}

func (s *Server) record(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &recordPage{page: s.newPage(rq, "record.title"), Past: rq.past, LogKey: s.engine.Meta().LogKey}
	if !rq.past {
		cp := s.engine.Published()
		data.Checkpoint, data.Size = string(cp.Note), cp.Size
		data.Witnesses = s.witnesses(cp.Note)
	}
	data.Server = s.origin()
	number := rq.pageNumber()
	var n *names
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		n = namesOf(st, rules, rq.lang)
		return nil
	})
	if err == nil {
		data.withNames(n)
		var entries []record.Entry
		entries, data.Total, data.Pager, err = s.newestEntries(rq, data.page, "/record", number)
		for _, en := range entries {
			h := tlog.RecordHash(en.Leaf().Bytes())
			data.Entries = append(data.Entries, entryRow{Index: en.Index, At: en.At, Actor: data.L.Actor(board.ActorID(en.Actor)),
				Kind: board.Kind(en.Kind), KindName: data.L.kindName(board.Kind(en.Kind)), KeyID: en.KeyID, LeafHash: hex.EncodeToString(h[:])})
		}
	}
	s.render(w, rq, "record", data, err)
}
