package web

import (
	"encoding/hex"
	"net/http"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// recordPage is the public record: its latest signed checkpoint, the log's key, how to verify
// it without trusting this server, and its entries, newest first.
type recordPage struct {
	*page
	Checkpoint string // the signed note, as served at /log/checkpoint
	Size       uint64 // entries the checkpoint covers
	LogKey     string // the note verifier key, as served at /log/key
	Server     string // the public URL (New), for the verify command
	Total      int    // entries up to the page's date
	Entries    []entryRow
	Pager      pager
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
	data := &recordPage{page: s.newPage(rq, "record.title")}
	cp := s.engine.Checkpoint()
	data.Checkpoint, data.Size, data.LogKey = string(cp.Note), cp.Size, s.engine.Meta().LogKey
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
