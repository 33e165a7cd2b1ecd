// Package witness is a C2SP tlog-witness: it cosigns the checkpoints of the logs it is
// configured for (tlog-cosignature/v1, Ed25519), each only if it is consistent with the latest
// one it cosigned of that log, and keeps that latest checkpoint in SQLite.
//
// An auditing witness (Config.Audit) makes an additional statement with each cosignature: every
// entry of the log up to the checkpoint's size replays lawfully under the charter. Before
// cosigning a larger tree, it reads the new entries from the log's entry bundles (C2SP
// tlog-tiles), checks that they make the checkpoint's root, and replays each through
// engine.Auditor, as "peaceboard verify" does. It keeps the leaves it audited, and replays them
// when it starts.
package witness

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// A Log is a log the witness cosigns.
type Log struct {
	// Verifier checks the log's checkpoints: its name is the log's origin.
	Verifier note.Verifier
	// URL is where the log is served: an auditing witness reads its entry bundles at
	// URL/log/tile/entries/... (a peaceboard server's /log/).
	URL string
}

// Config configures a witness.
type Config struct {
	Cosigner *record.Cosigner
	Logs     []Log
	// Audit makes the witness replay every entry through the rules before it cosigns: for
	// peaceboard records only. A key makes one set of statements: a witness key audits every
	// log it cosigns, or none.
	Audit bool
	// DB is the path of the witness's SQLite database.
	DB string
	// ClockSkew is the largest clock skew the audited records were written with (serve
	// --clock-skew); engine.DefaultClockSkew if not positive.
	ClockSkew time.Duration
	// Client fetches the logs' entry bundles (a client with a one-minute timeout if nil).
	Client *http.Client
	Logger *slog.Logger
}

// A Witness answers add-checkpoint requests. Its handler is safe for concurrent use.
type Witness struct {
	cfg    Config
	store  *store
	logs   map[string]*logState
	client *http.Client
	log    *slog.Logger
}

// logState is a log's state in the witness's memory. mu serializes the requests about the log.
type logState struct {
	Log
	origin string
	mu     sync.Mutex
	// auditor holds the entries up to the latest cosigned checkpoint, replayed, then those of
	// ahead (Audit only).
	auditor *engine.Auditor
	// ahead are the leaves of the entries the auditor holds after the latest cosigned
	// checkpoint: lawful, in a tree the log signed, but in none the witness cosigned (those
	// before an entry that is not lawful).
	ahead [][]byte
	// refused is the last checkpoint refused for the entries it holds: asked again, the witness
	// answers the same without reading the log again.
	refused *refusal
}

type refusal struct {
	from uint64 // the size of the latest cosigned checkpoint then
	cp   record.Checkpoint
	why  string
}

// Open opens the witness's database and, for an auditing witness, replays the entries it
// audited of each log.
func Open(ctx context.Context, cfg Config) (*Witness, error) {
	if cfg.Cosigner == nil {
		return nil, errors.New("witness: no cosigner key")
	}
	if len(cfg.Logs) == 0 {
		return nil, errors.New("witness: no log to cosign")
	}
	w := &Witness{cfg: cfg, logs: map[string]*logState{}, client: cfg.Client, log: cfg.Logger}
	if w.client == nil {
		w.client = &http.Client{Timeout: time.Minute}
	}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	for _, l := range cfg.Logs {
		origin := l.Verifier.Name()
		if w.logs[origin] != nil {
			return nil, fmt.Errorf("witness: log %s is given twice", origin)
		}
		if cfg.Audit && l.URL == "" {
			return nil, fmt.Errorf("witness: log %s has no URL to read its entries from", origin)
		}
		w.logs[origin] = &logState{Log: l, origin: origin}
	}
	s, err := openStore(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	w.store = s
	if cfg.Audit {
		for _, ls := range w.logs {
			start := time.Now()
			if ls.auditor, err = w.replay(ctx, ls.origin); err != nil {
				s.close()
				return nil, err
			}
			w.log.Info("replayed the audited entries", "origin", ls.origin, "entries", ls.auditor.Size(), "took", time.Since(start).Round(time.Millisecond))
		}
	}
	return w, nil
}

// Close closes the witness's database.
func (w *Witness) Close() error { return w.store.close() }

// replay rebuilds the auditor of a log from the leaves stored up to its latest cosigned
// checkpoint, which they must make.
func (w *Witness) replay(ctx context.Context, origin string) (*engine.Auditor, error) {
	l, err := w.store.latest(ctx, origin)
	if err != nil {
		return nil, err
	}
	a := engine.NewAuditor(engine.AuditorOptions{ClockSkew: w.cfg.ClockSkew})
	errEnough := errors.New("enough")
	err = w.store.leaves(ctx, origin, func(i uint64, leaf []byte) error {
		if i >= l.size {
			return errEnough
		}
		return a.Append(i, leaf)
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, fmt.Errorf("witness: replaying the stored entries of %s: %w", origin, err)
	}
	if a.Size() != l.size {
		return nil, fmt.Errorf("witness: the database holds a cosigned checkpoint of %d entries of %s but %d audited entries: it was written without --audit; an auditing witness needs its own key and database", l.size, origin, a.Size())
	}
	if root, err := a.Root(); l.size > 0 && (err != nil || root != l.root) {
		return nil, fmt.Errorf("witness: the stored entries of %s do not make the root of the checkpoint it cosigned", origin)
	}
	return a, nil
}

// Handler returns the witness's HTTP handler: POST /add-checkpoint (C2SP tlog-witness).
func (w *Witness) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /add-checkpoint", w.addCheckpoint)
	return mux
}

// maxRequest bounds an add-checkpoint request body: 63 proof lines and a checkpoint with a
// few dozen signatures fit in a tenth of it.
const maxRequest = 64 << 10

// An answer is the status and body of a response the witness makes.
type answer struct {
	status int
	body   string
	ctype  string
}

func (w *Witness) addCheckpoint(rw http.ResponseWriter, r *http.Request) {
	a := w.answer(rw, r)
	if a.ctype == "" {
		a.ctype = "text/plain; charset=utf-8"
	}
	rw.Header().Set("Content-Type", a.ctype)
	rw.WriteHeader(a.status)
	rw.Write([]byte(a.body))
}

func fail(status int, format string, args ...any) answer {
	return answer{status: status, body: fmt.Sprintf(format, args...) + "\n"}
}

// conflict is the answer to an old size that is not the latest cosigned checkpoint's.
func conflict(size uint64) answer {
	return answer{status: http.StatusConflict, body: fmt.Sprintf("%d\n", size), ctype: "text/x.tlog.size"}
}

func (w *Witness) answer(rw http.ResponseWriter, r *http.Request) answer {
	body, err := readBody(rw, r)
	if err != nil {
		return fail(http.StatusBadRequest, "%v", err)
	}
	req, err := record.ParseAddCheckpoint(body)
	if err != nil {
		return fail(http.StatusBadRequest, "%v", err)
	}
	text, _, ok := bytes.Cut(req.Checkpoint, []byte("\n\n"))
	if !ok {
		return fail(http.StatusBadRequest, "add-checkpoint: the checkpoint is not a signed note")
	}
	origin, _, _ := strings.Cut(string(text), "\n")
	ls := w.logs[origin]
	if ls == nil {
		return fail(http.StatusNotFound, "unknown log %q", origin)
	}
	n, err := note.Open(req.Checkpoint, note.VerifierList(ls.Verifier))
	if err != nil {
		if _, ok := errors.AsType[*note.UnverifiedNoteError](err); ok {
			return fail(http.StatusForbidden, "no signature by the key of %s", origin)
		}
		if _, ok := errors.AsType[*note.InvalidSignatureError](err); ok {
			return fail(http.StatusForbidden, "the signature by the key of %s does not verify", origin)
		}
		return fail(http.StatusBadRequest, "add-checkpoint: the checkpoint: %v", err)
	}
	cp, err := record.ParseCheckpoint(n.Text)
	if err != nil {
		return fail(http.StatusBadRequest, "add-checkpoint: %v", err)
	}
	if req.OldSize > cp.Size {
		return fail(http.StatusBadRequest, "old size %d is larger than the checkpoint's (%d)", req.OldSize, cp.Size)
	}
	return w.add(r.Context(), ls, req, cp, n.Text)
}

// readBody reads a request's body, up to maxRequest bytes.
func readBody(rw http.ResponseWriter, r *http.Request) ([]byte, error) {
	var b bytes.Buffer
	if _, err := b.ReadFrom(http.MaxBytesReader(rw, r.Body, maxRequest)); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, fmt.Errorf("add-checkpoint: the body is larger than %d bytes", maxRequest)
		}
		return nil, err
	}
	return b.Bytes(), nil
}

// emptyRoot is the root hash of the empty tree (RFC 6962: the hash of the empty string).
var emptyRoot = tlog.Hash(sha256.Sum256(nil))

// add checks a checkpoint, signed by the log, against the latest the witness cosigned of its
// log, audits the entries it adds if the witness audits, and cosigns it.
func (w *Witness) add(ctx context.Context, ls *logState, req record.AddCheckpoint, cp record.Checkpoint, text string) answer {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	prev, err := w.store.latest(ctx, ls.origin)
	if err != nil {
		w.log.Error("reading the witness database", "origin", ls.origin, "err", err)
		return fail(http.StatusInternalServerError, "the witness cannot read its database")
	}
	if req.OldSize != prev.size {
		return conflict(prev.size)
	}
	if cp.Size == prev.size {
		if len(req.Proof) != 0 {
			return fail(http.StatusUnprocessableEntity, "the consistency proof between trees of the same size must be empty")
		}
		if cp.Hash != prev.root {
			w.log.Warn("a checkpoint of the size of the latest cosigned one, with another root: the log forked", "origin", ls.origin, "size", cp.Size, "checkpoint", string(req.Checkpoint))
			return fail(http.StatusConflict, "a checkpoint of %d entries with another root than the one cosigned: the log forked", cp.Size)
		}
	} else if prev.size > 0 {
		if err := tlog.CheckTree(req.Proof, int64(cp.Size), cp.Hash, int64(prev.size), prev.root); err != nil {
			w.log.Warn("a consistency proof does not verify", "origin", ls.origin, "old", prev.size, "size", cp.Size, "checkpoint", string(req.Checkpoint))
			return fail(http.StatusUnprocessableEntity, "the consistency proof from %d to %d entries does not verify", prev.size, cp.Size)
		}
	}
	var leaves [][]byte
	if w.cfg.Audit && cp.Size > prev.size {
		var a answer
		if leaves, a = w.audit(ctx, ls, prev, cp, req.Checkpoint); a.status != 0 {
			return a
		}
	}
	signed, err := note.Sign(&note.Note{Text: text}, w.cfg.Cosigner)
	if err != nil {
		w.log.Error("cosigning", "origin", ls.origin, "err", err)
		return fail(http.StatusInternalServerError, "the witness cannot cosign")
	}
	next := latest{size: cp.Size, root: cp.Hash, checkpoint: req.Checkpoint}
	err = w.store.advance(ctx, ls.origin, prev, next, leaves)
	if w.cfg.Audit {
		ls.cosigned(cp.Size-prev.size, err)
	}
	if err != nil {
		if errors.Is(err, errMoved) {
			// Another process on the same database cosigned meanwhile.
			if now, err := w.store.latest(ctx, ls.origin); err == nil {
				return conflict(now.size)
			}
		}
		w.log.Error("writing the witness database", "origin", ls.origin, "err", err)
		return fail(http.StatusInternalServerError, "the witness cannot write its database")
	}
	w.log.Info("cosigned", "origin", ls.origin, "size", cp.Size, "old", prev.size, "audited", len(leaves))
	return answer{status: http.StatusOK, body: string(signed[len(text)+1:])}
}
