package api

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// submit is POST /api/v1/acts: a signed act, answered 201 with its receipt.
func (a *API) submit(w http.ResponseWriter, r *http.Request) error {
	if err := a.established(); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return errorf(TooLarge, "the request body is over %d bytes", MaxBody)
		}
		return board.Errorf(board.Invalid, "reading the request body: %v", err)
	}
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		_, err := a.submitBody(w, r, body)
		return err
	}
	if len(key) > 255 || !printable(key) {
		return board.Errorf(board.Invalid, "Idempotency-Key: want at most 255 printable ASCII characters")
	}
	sum := sha256.Sum256(body)
	slot, done, err := a.idem.begin(key, sum)
	if err != nil {
		return err
	}
	if done != nil {
		done.replay(w)
		return nil
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	decided, err := a.submitBody(rec, r, body)
	if err != nil {
		writeProblem(rec, r, err)
	}
	if !decided {
		a.idem.release(key, slot) // a refusal before the signature checked is not kept
		return nil
	}
	a.idem.finish(key, slot, rec.answer())
	return nil
}

// established refuses every act while the record is empty. Its first act (establish) adopts the
// rules and names the secretariat's key: whoever sent it over the network would own the record.
// It is made on the server's machine instead ("peaceboard init", "peaceboard replay").
func (a *API) established() error {
	if a.engine.Len() > 0 {
		return nil
	}
	return board.Errorf(board.Forbidden, "the record is not established, and an empty record takes no act over the network: "+
		"its first act would make its sender the secretariat. Establish it on the server's machine: stop the server, "+
		"run \"peaceboard init --db PATH\" (or \"peaceboard replay FILE --db PATH\"), and serve it again")
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// submitBody decodes a signed act, submits it, and answers its receipt. It reports whether the
// act was decided: accepted, or refused once its signature checked (verified).
func (a *API) submitBody(w http.ResponseWriter, r *http.Request, body []byte) (decided bool, err error) {
	sa, err := decodeSignedAct(body)
	if err != nil {
		return false, err
	}
	rc, err := a.engine.Submit(r.Context(), sa)
	a.cfg.Metrics.countAct(sa.Act, err)
	if err != nil {
		return verified(err), err
	}
	w.Header().Set("Location", Prefix+"/entries/"+strconv.FormatUint(rc.Receipt.Index, 10))
	writeJSONStatus(w, http.StatusCreated, "application/json", rc.Receipt)
	return true, nil
}

// decodeSignedAct reads the body of POST /api/v1/acts.
func decodeSignedAct(body []byte) (engine.SignedAct, error) {
	var req apiv1.SignedAct
	if err := decodeStrict(body, &req, "the body"); err != nil {
		return engine.SignedAct{}, err
	}
	var act board.Act
	if err := checkEnvelope(&req); err != nil {
		return engine.SignedAct{}, err
	}
	switch {
	case (req.Canonical == nil) == (req.Act == nil):
		return engine.SignedAct{}, board.Errorf(board.Invalid, "give the act either as canonical (its canonical bytes, base64) or as act (the object), not both or neither")
	case req.Canonical != nil:
		var err error
		if act, err = board.ParseCanonical(req.Canonical); err != nil {
			return engine.SignedAct{}, err
		}
		// Records keep and verify their v1 acts, but a new act is in act format v2: the
		// engine signs and records the v2 bytes of what it is given, which a v1 signature is
		// not of.
		if board.FormatOf(req.Canonical) == board.ActFormatV1 {
			return engine.SignedAct{}, board.RetiredFormat(act.Body.Kind())
		}
	default:
		var err error
		if act, err = actOf(req.Act); err != nil {
			return engine.SignedAct{}, err
		}
	}
	if err := board.CheckLimits(act); err != nil {
		return engine.SignedAct{}, err
	}
	return engine.SignedAct{Act: act, KeyID: board.KeyID(req.KeyID), Signature: req.Signature}, nil
}

// actOf decodes an act given as an object, whose canonical bytes (act format v2) the engine then
// makes and checks the signature over. Its text is taken as it is: a signed act is never
// changed, so text not in Unicode NFC is refused (by Canonical), not normalized.
func actOf(o *apiv1.ActObject) (board.Act, error) {
	body, ok := board.NewBody(board.Kind(o.Act))
	if !ok {
		return board.Act{}, board.Errorf(board.Invalid, "act: unknown kind %q", o.Act)
	}
	if len(o.Fields) > 0 && !bytes.Equal(bytes.TrimSpace(o.Fields), []byte("null")) {
		if err := decodeStrict(o.Fields, body, "act "+o.Act+": fields"); err != nil {
			return board.Act{}, err
		}
	}
	at, err := time.Parse(time.RFC3339Nano, o.At)
	if err != nil {
		return board.Act{}, board.Errorf(board.Invalid, "act %s: at %q: want an RFC 3339 time", o.Act, o.At)
	}
	by, err := board.ParseActor(o.By)
	if err != nil {
		return board.Act{}, board.Errorf(board.Invalid, "act %s: %v", o.Act, err)
	}
	return board.Act{At: at.UTC(), By: by, Body: body}, nil
}

// recorder keeps a copy of an answer as it is written, for the idempotency store.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (rec *recorder) WriteHeader(status int) {
	rec.status = status
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.body.Write(b)
	return rec.ResponseWriter.Write(b)
}

func (rec *recorder) answer() *answer {
	h := rec.Header()
	return &answer{status: rec.status, contentType: h.Get("Content-Type"), location: h.Get("Location"), body: bytes.Clone(rec.body.Bytes())}
}
