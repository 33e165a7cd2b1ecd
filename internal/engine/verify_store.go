package engine

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// What Verify checks of a database, beside the log. A store keeps more than the leaves and the
// latest checkpoint, and the server serves some of it: Verify checks each thing it keeps against
// the signed bytes, or it is derived from them when it is read, or it changes nothing served.
// Table by table, column by column (both stores; docs/operations.md says the same):
//
//   - entries.act, key_id, signature: the leaf's own bytes. The tree rebuilt from the leaves
//     must have the signed checkpoints' roots; the act's signature and key are checked.
//   - entries.events: the leaf holds their SHA-256; the rules must decide the same events. The
//     engine's state is made of them.
//   - entries.live, and entries.at (and at_ns) of an entry recorded live: the leaf's form and its
//     recorded instant.
//   - entries.at of any other entry: checked to be the act's own time (checkColumns); the
//     engine places the entry in time by it (as-of views). Read for serving, it is the act's.
//   - entries.actor, entries.kind: checked to be the act's (checkColumns). Read for serving,
//     they are the act's (ReadEntries), so that they never show other than what was signed.
//   - entries.idx: an entry is where its index says, and the tree is of the entries in order.
//   - hashes.start, hashes.hashes: the tree the tiles and proofs are served from. Each stored
//     hash must be the one the entries make (checkHashes).
//   - checkpoints.size, checkpoints.note: each stored checkpoint must be of the tree of as many
//     entries as its size says, with that tree's root, and signed by the log key (openHistory).
//     The server serves the latest; followers serve each in turn.
//   - meta "rules": the rules the engine decides and answers with; they must be the ones the
//     record was established with (checkRules). "log_key": served at /log/key; it must be the
//     key given to Verify, the one that signed the checkpoints (openStored). "keyring" (a
//     development record's seed) and "origin" (how the database was made): nothing served reads
//     them. A development record derives its log key from the keyring unless a key is given,
//     and refuses to open with a key that is not the one log_key states: a changed keyring can
//     stop a server, never change what it serves. meta.key: a renamed key is a field missing.
//   - snapshots.data (PostgreSQL; SQLite keeps its snapshot in a file beside the database): a
//     cache of the state, its tree and its acts, which the engine restores instead of applying
//     every event again. What the engine would restore must equal what the entries make
//     (checkSnapshot); one that does not restore is not used, and changes nothing.
//     snapshots.size: a snapshot stored as of another size than its own is not restored.
//   - kept_states.size, sum, data (kept.go): a cache of the state that the acts which reshaped it
//     make after the record's first size entries, which views of the past start from. Each is
//     used only if sum, SHA-256 over size, the tree's root at size (which the engine has from
//     the entries, checked against the latest signed checkpoint) and data, matches, and data
//     decodes as a state of this version; otherwise the view starts from an earlier one, or from
//     nothing, and the engine saves it again. The sum ties it to the record against damage and
//     mistakes, not against someone who writes the database (who can compute a sum over a forged
//     state): what the engine would use of it must equal what the entries make (checkKept).
//   - schema_migrations.version: which migrations ran; a changed version makes the store apply a
//     migration again, which fails, and the database does not open. applied_at (PostgreSQL):
//     when; nothing reads it.
//   - search, search_terms (the search index, search.go): not checked yet. Derived from the
//     entries, a changed index changes which acts a search finds, never what they say (the
//     entries are read from their own table).
//   - subjects.idx, subjects.subject (the subjects index, subjects.go): which entries a State's
//     page and feed and a decision's feed list. Verify computes each entry's subjects again
//     (board.EntrySubjects) and compares the rows (subjectsCheck): a row missing, changed or
//     added names its entry.

// parsedSource is implemented by sources that hold leaves already decoded (a database), which
// spares decoding what they just encoded. Such a source also gives each entry as it stores it,
// whose columns outside the leaf (its instant, actor and kind, which the engine reads) Verify
// checks against the leaf.
type parsedSource interface {
	parsedLeaves(ctx context.Context, from, to uint64, fn func(i uint64, leaf []byte, l record.Leaf, stored record.Entry) error) error
}

// storeSource is implemented by a source that is a database: Verify checks the rest of what it
// keeps (see above).
type storeSource interface {
	store() Store
}

// StoreSource is a LogSource over a database: what "peaceboard verify --db" reads. Verify checks
// every part of the database that the server serves, or that its answers are made of.
type StoreSource struct {
	Store Store
}

var (
	_ CheckpointHistory = StoreSource{}
	_ parsedSource      = StoreSource{}
	_ storeSource       = StoreSource{}
)

func (s StoreSource) store() Store { return s.Store }

// Checkpoint implements LogSource.
func (s StoreSource) Checkpoint(ctx context.Context) ([]byte, error) {
	var last []byte
	err := s.Store.Checkpoints(ctx, 0, func(c SignedCheckpoint) error { last = c.Note; return nil })
	if err == nil && last == nil {
		err = board.Errorf(board.NotFound, "the log has no checkpoint: it is empty")
	}
	return last, err
}

// Leaves implements LogSource.
func (s StoreSource) Leaves(ctx context.Context, from, to uint64, fn func(uint64, []byte) error) error {
	return s.parsedLeaves(ctx, from, to, func(i uint64, b []byte, _ record.Leaf, _ record.Entry) error { return fn(i, b) })
}

func (s StoreSource) parsedLeaves(ctx context.Context, from, to uint64, fn func(uint64, []byte, record.Leaf, record.Entry) error) error {
	errDone := errors.New("done")
	err := s.Store.Entries(ctx, from, func(e record.Entry) error {
		if e.Index >= to {
			return errDone
		}
		leaf := e.Leaf()
		return fn(e.Index, leaf.Bytes(), leaf, e)
	})
	if errors.Is(err, errDone) {
		return nil
	}
	return err
}

// Checkpoints implements CheckpointHistory.
func (s StoreSource) Checkpoints(ctx context.Context, from uint64, fn func(SignedCheckpoint) error) error {
	return s.Store.Checkpoints(ctx, from, fn)
}

// storedColumns are the columns a database keeps of an entry outside its leaf: the engine reads
// its instant to place it in time, and its actor and kind were served.
type storedColumns struct {
	at          time.Time
	actor, kind string
}

// checkColumns checks the columns a database keeps of an entry outside its leaf against the act
// the leaf holds, decided as of its recorded instant at.
func checkColumns(stored *storedColumns, act board.Act, at time.Time) error {
	if !stored.at.Equal(at) {
		return fmt.Errorf("its stored time %s is not its recorded instant %s", stored.at.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
	}
	if stored.actor != string(act.By) {
		return fmt.Errorf("its stored actor %q is not the one who signed it (%s)", stored.actor, act.By)
	}
	if stored.kind != string(act.Body.Kind()) {
		return fmt.Errorf("its stored kind %q is not the act's (%s)", stored.kind, act.Body.Kind())
	}
	return nil
}

// A storedCheckpoint is a checkpoint a source kept, its signature checked on another goroutine.
type storedCheckpoint struct {
	note  []byte
	body  record.Checkpoint
	ready chan struct{} // closed once err is set
	err   error         // the signature does not verify
}

// check checks the checkpoint stored for size against the tree rebuilt so far (checkTree) and
// its signature. A root that differs names the first entry changed; a signature that does not
// verify names a changed checkpoint.
func (c *storedCheckpoint) check(ctx context.Context, size uint64, checkTree func(uint64, tlog.Hash, string) error) error {
	select {
	case <-c.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	if c.err != nil {
		return fmt.Errorf("the checkpoint stored for size %d is not the log's: %w", size, c.err)
	}
	return checkTree(size, c.body.Hash, "the checkpoint signed at that size")
}

// openHistory reads the checkpoints a source kept for trees of the size of the latest, msg (cp),
// or smaller, by size, and checks their signatures on every core until ctx ends: Verify compares
// each one's root with the tree as it is rebuilt, which names the first entry that differs. Each
// must be of a tree of the size it is stored for.
func openHistory(ctx context.Context, src LogSource, msg []byte, cp record.Checkpoint, v note.Verifier) (map[uint64]*storedCheckpoint, error) {
	h, ok := src.(CheckpointHistory)
	if !ok {
		return nil, nil
	}
	out := map[uint64]*storedCheckpoint{}
	var pending []*storedCheckpoint
	// The errors of the checkpoints are returned as they are, not as errors of the store's read.
	var bad error
	errStop := errors.New("stop")
	err := h.Checkpoints(ctx, 1, func(c SignedCheckpoint) error {
		body, err := checkpointBody(c.Note)
		switch {
		case err != nil:
			bad = fmt.Errorf("the checkpoint stored for size %d: %w", c.Size, err)
		case body.Size != c.Size:
			bad = fmt.Errorf("the checkpoint stored for size %d is of a tree of %d entries", c.Size, body.Size)
		case c.Size > cp.Size: // stored since the latest was read
		case c.Size == cp.Size: // the latest: Verify checked it, and checks it last
			if !bytes.Equal(c.Note, msg) {
				bad = fmt.Errorf("the checkpoint stored for size %d changed while it was read", c.Size)
			}
		default:
			sc := &storedCheckpoint{note: c.Note, body: body, ready: make(chan struct{})}
			pending = append(pending, sc)
			out[c.Size] = sc
		}
		if bad != nil {
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		err = bad
	}
	if err != nil {
		return nil, err
	}
	work := make(chan *storedCheckpoint, len(pending))
	for _, c := range pending {
		work <- c
	}
	close(work)
	for range min(len(pending), runtime.GOMAXPROCS(0)) {
		go func() {
			for c := range work {
				if c.err = ctx.Err(); c.err == nil {
					_, c.err = record.OpenCheckpoint(c.note, v)
				}
				close(c.ready)
			}
		}()
	}
	return out, nil
}

// checkpointBody returns the text of a signed note, without checking its signatures.
func checkpointBody(msg []byte) (record.Checkpoint, error) {
	text, _, ok := bytes.Cut(msg, []byte("\n\n"))
	if !ok {
		return record.Checkpoint{}, errors.New("not a signed note")
	}
	return record.ParseCheckpoint(string(text) + "\n")
}

// storedRecord is what Verify checks of a database beside its entries and checkpoints. Its
// methods do nothing on a nil storedRecord: the source is not a database.
type storedRecord struct {
	store    Store
	meta     Meta
	logKey   *record.VerifyingKey // the log key the database states, decoded
	snapSize uint64               // the size of the stored snapshot, if there is one that Verify can check
	kept     keptCheck            // the kept states, checked along the way (verify_kept.go)
}

// openStored reads what Verify checks of a database up front: its meta (whose log key must be
// v's, which signed msg, its latest checkpoint) and the size of its snapshot. It returns nil for
// a source that is not a database.
func openStored(ctx context.Context, src LogSource, msg []byte, v note.Verifier) (*storedRecord, error) {
	s, ok := src.(storeSource)
	if !ok {
		return nil, nil
	}
	db := &storedRecord{store: s.store()}
	var err error
	if db.meta, err = db.store.Meta(ctx); err != nil {
		return nil, err
	}
	// The server serves it (/log/key, the portal's record page) for anyone to verify with.
	if db.meta.LogKey == "" {
		return nil, errors.New("the database states no log key: the server would serve none")
	}
	stated, err := note.NewVerifier(db.meta.LogKey)
	if err == nil && (stated.Name() != v.Name() || stated.KeyHash() != v.KeyHash()) {
		err = errors.New("it is not the key given")
	}
	if err == nil {
		_, err = record.OpenCheckpoint(msg, stated)
	}
	if err == nil {
		db.logKey, err = decodeVerifierKey(db.meta.LogKey)
	}
	if err != nil {
		return nil, fmt.Errorf("the log key the database states (%s) is not the one that signed its checkpoints: %w", db.meta.LogKey, err)
	}
	snap, err := db.store.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	if snap != nil {
		db.snapSize = snap.Size
		snap.Data.Close()
	}
	if db.kept.sizes, err = db.store.KeptSizes(ctx); err != nil {
		return nil, err
	}
	return db, nil
}

// decodeVerifierKey decodes the Ed25519 key of a note verifier key ("name+hash+base64", the
// base64 of the algorithm byte 1 and the key), which note.NewVerifier has accepted.
func decodeVerifierKey(vkey string) (*record.VerifyingKey, error) {
	parts := strings.SplitN(vkey, "+", 3) // the name and the hash have no "+"; base64 may
	if len(parts) != 3 {
		return nil, errors.New("not a verifier key")
	}
	key, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(key) != 1+ed25519.PublicKeySize || key[0] != 1 {
		return nil, errors.New("not an Ed25519 verifier key")
	}
	return record.NewVerifyingKey(key[1:])
}

// logVerifier returns the verifier of the checkpoints a database kept: v, with the key the
// database states (openStored checked that it is v's) decoded once, which checks each signature
// in a third of crypto/ed25519's time once it has its table. A record written one act at a time
// has as many checkpoints as entries: as many signatures as its acts' to check again.
func (db *storedRecord) logVerifier(v note.Verifier) note.Verifier {
	if db == nil {
		return v
	}
	return fastVerifier{v, db.logKey}
}

// fastVerifier is a note verifier whose signatures a record.VerifyingKey checks.
type fastVerifier struct {
	note.Verifier
	key *record.VerifyingKey
}

func (v fastVerifier) Verify(msg, sig []byte) bool { return v.key.Verify(msg, sig) }

// checkRules checks that the rules the database states, which the engine decides acts and
// answers with, are the ones the record was established with.
func (db *storedRecord) checkRules(established string) error {
	if db != nil && db.meta.Rules != established {
		return errors.New("the rules the database states are not the ones the record was established with")
	}
	return nil
}

// snapshotSize returns the size of the database's snapshot, to check once the entries up to it
// are (0: none).
func (db *storedRecord) snapshotSize() uint64 {
	if db == nil {
		return 0
	}
	return db.snapSize
}

// checkSnapshot checks the database's snapshot of the first size entries against what those
// entries make: the state, the tree, and the acts, which Verify rebuilt. The engine restores
// the snapshot instead of applying the events before it, then serves that state, and tiles and
// proofs from that tree. A snapshot the engine would not restore (damaged, of another version,
// stored as of another size) is not used, and not checked: res says why.
func (db *storedRecord) checkSnapshot(ctx context.Context, size uint64, state *board.State, tree *record.Tree, acts *actSet, res *VerifyResult) error {
	snap, err := restoreSnapshot(ctx, db.store)
	if err == nil && snap != nil && snap.size != size {
		err = fmt.Errorf("a snapshot of %d entries was saved while verifying", snap.size)
	}
	if err != nil || snap == nil {
		if err == nil {
			err = errors.New("it was removed while verifying")
		}
		res.SnapshotUnused = err.Error()
		return nil
	}
	if err := sameHashes(tree, &snap.tree, tlog.StoredHashCount(int64(size))); err != nil {
		return fmt.Errorf("the snapshot of the first %d entries: %w", size, err)
	}
	acts.compact()
	snap.acts.compact()
	if !slices.Equal(acts.sorted, snap.acts.sorted) {
		return fmt.Errorf("the snapshot of the first %d entries does not hold the acts they hold", size)
	}
	if !reflect.DeepEqual(state, snap.state) {
		return fmt.Errorf("the snapshot of the first %d entries does not hold the state they make", size)
	}
	res.Snapshot = size
	return nil
}

// sameHashes checks that the first n stored hashes of got are want's.
func sameHashes(want, got *record.Tree, n int64) error {
	if got.Hashes() < n {
		return fmt.Errorf("it holds %d tree hashes of the %d its entries make", got.Hashes(), n)
	}
	idx := make([]int64, 0, hashBatch)
	for i := int64(0); i < n; i += hashBatch {
		idx = idx[:0]
		for j := i; j < min(n, i+hashBatch); j++ {
			idx = append(idx, j)
		}
		w, err := want.ReadHashes(idx)
		if err != nil {
			return err
		}
		g, err := got.ReadHashes(idx)
		if err != nil {
			return err
		}
		for k := range idx {
			if w[k] != g[k] {
				return wrongHash(idx[k])
			}
		}
	}
	return nil
}

// hashBatch is how many stored hashes are compared at a time.
const hashBatch = 1024

// wrongHash is the error of a stored tree hash that is not the one the entries make; it names
// the first entry under it.
func wrongHash(i int64) error {
	level, n := tlog.SplitStoredHashIndex(i)
	return &VerifyError{Index: uint64(n) << level, Err: fmt.Errorf("the tree hash stored at index %d (level %d, over entries from %d) is not the one the entries make", i, level, n<<level)}
}

// checkHashes checks the tree hashes the database stores for the first size entries, from which
// the engine serves tiles and proofs, against tree, rebuilt from the entries.
func (db *storedRecord) checkHashes(ctx context.Context, tree *record.Tree, size uint64, res *VerifyResult) error {
	if db == nil {
		return nil
	}
	want := tlog.StoredHashCount(int64(size))
	var (
		next   int64
		idx    = make([]int64, 0, hashBatch)
		stored = make([]tlog.Hash, 0, hashBatch)
	)
	flush := func() error {
		if len(idx) == 0 {
			return nil
		}
		made, err := tree.ReadHashes(idx)
		if err != nil {
			return err
		}
		for k, i := range idx {
			if made[k] != stored[k] {
				return wrongHash(i)
			}
		}
		idx, stored = idx[:0], stored[:0]
		return nil
	}
	// The errors of the hashes are returned as they are, not as errors of the store's read.
	var bad error
	errStop := errors.New("stop")
	err := db.store.Hashes(ctx, 0, func(i int64, h tlog.Hash) error {
		if i >= want {
			return errStop
		}
		if i != next {
			bad = fmt.Errorf("the database's tree hash %d is stored where %d should be", i, next)
			return errStop
		}
		next++
		idx, stored = append(idx, i), append(stored, h)
		if len(idx) == hashBatch {
			if bad = flush(); bad != nil {
				return errStop
			}
		}
		return nil
	})
	if err == nil || errors.Is(err, errStop) {
		err = cmp.Or(bad, flush())
	}
	if err != nil {
		return err
	}
	if next != want {
		return fmt.Errorf("the database holds %d of the %d tree hashes of its %d entries", next, want, size)
	}
	res.StoredHashes = next
	return nil
}

// subjectsChunk is how many entries' rows of the subjects index Verify compares at a time.
const subjectsChunk = 16384

// A subjectsCheck compares a database's subjects index (subjects.go) with the rows the entries
// make, a chunk of entries at a time, as Verify reads them in order.
type subjectsCheck struct {
	store Store
	upTo  uint64       // the entries before it are indexed (Store.SubjectsIndexed, when Verify began)
	from  uint64       // the first entry of the chunk
	want  []SubjectRow // the rows of the chunk's entries read so far, by index then subject
	rows  int          // the rows compared
}

// subjects returns the check of the database's subjects index, or nil for a source that is not a
// database. The entries after the last one the index names are not checked: the engine indexes
// them when it opens the record (catchUpSubjects), whatever rows of them were lost, and a record
// written before there was an index has none yet.
func (db *storedRecord) subjects(ctx context.Context) (*subjectsCheck, error) {
	if db == nil {
		return nil, nil
	}
	upTo, err := db.store.SubjectsIndexed(ctx)
	return &subjectsCheck{store: db.store, upTo: upTo}, err
}

// add adds the rows of entry i, whose act is act (its canonical bytes in b), to the chunk, with
// the meetings' agendas of state, the state after it. It compares the chunk once it is full.
func (c *subjectsCheck) add(ctx context.Context, i uint64, act board.Act, b []byte, state *board.State) error {
	if c == nil || i >= c.upTo {
		return nil
	}
	start := len(c.want)
	for _, s := range board.EntrySubjects(act.By, act.Body.Kind(), b, board.AgendasOf(state)) {
		c.want = append(c.want, SubjectRow{Index: i, Subject: s})
	}
	slices.SortFunc(c.want[start:], func(a, b SubjectRow) int { return strings.Compare(string(a.Subject), string(b.Subject)) })
	if i+1-c.from >= subjectsChunk {
		return c.flush(ctx, i+1)
	}
	return nil
}

// flush compares the rows the database holds for the entries from c.from up to to with those the
// entries make, and starts the next chunk at to. A row missing, one the entries do not make, or
// one changed (both) names its entry.
func (c *subjectsCheck) flush(ctx context.Context, to uint64) error {
	if c == nil {
		return nil
	}
	if to = min(to, c.upTo); to <= c.from {
		return nil
	}
	want := c.want
	var bad error
	errStop := errors.New("stop")
	err := c.store.Subjects(ctx, c.from, to, func(r SubjectRow) error {
		c.rows++
		for len(want) > 0 && compareSubjectRows(want[0], r) < 0 {
			bad = subjectMissing(want[0])
			return errStop
		}
		if len(want) == 0 || compareSubjectRows(want[0], r) != 0 {
			bad = &VerifyError{Index: r.Index, Err: fmt.Errorf("the subjects index says it concerns %s, which it does not (it concerns %s)", r.Subject, subjectsOf(c.want, r.Index))}
			return errStop
		}
		want = want[1:]
		return nil
	})
	if errors.Is(err, errStop) {
		err = bad
	}
	if err == nil && len(want) > 0 {
		err = subjectMissing(want[0])
	}
	if err != nil {
		return err
	}
	c.from, c.want = to, c.want[:0]
	return nil
}

func compareSubjectRows(a, b SubjectRow) int {
	return cmp.Or(cmp.Compare(a.Index, b.Index), strings.Compare(string(a.Subject), string(b.Subject)))
}

// subjectMissing is the error of a row the entries make that the subjects index lacks.
func subjectMissing(r SubjectRow) error {
	return &VerifyError{Index: r.Index, Err: fmt.Errorf("it concerns %s, which the subjects index does not say: the entry is missing from that subject's page", r.Subject)}
}

// subjectsOf lists the subjects rows give entry i.
func subjectsOf(rows []SubjectRow, i uint64) string {
	var out []string
	for _, r := range rows {
		if r.Index == i {
			out = append(out, string(r.Subject))
		}
	}
	if len(out) == 0 {
		return "nothing"
	}
	return strings.Join(out, ", ")
}
