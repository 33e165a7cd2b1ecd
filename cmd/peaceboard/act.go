package main

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
)

// act signs one act with a key file and submits it to a server's API, then prints its receipt:
//
//	peaceboard act --server URL --key FILE [--as ACTOR] [--at TIME] KIND field=value ...
//
// The key never leaves this machine: the act's canonical bytes are signed here. The act gives
// the time it is signed at (or --at); the server records it at its own clock, and refuses a time
// further than its clock skew (5 minutes by default) from that clock. The actor is
// --as, or else the first line of FILE.actor beside the key file. Field values are text; the
// act's field types say how each is read: true/false, whole numbers, dates (2026-01-22) or RFC
// 3339 times, amounts ("USD 1000.00"), lists as comma-separated values or JSON ([...]), and
// structures as JSON. Text is put in Unicode NFC, as acts require. "act -h" lists the kinds of
// act and their fields, "act KIND -h" describes one (act_help.go).
func (m *Main) act(ctx context.Context, args []string) error {
	f := m.newFlags("act", "--server URL --key FILE [--as ACTOR] [--at TIME] KIND [field=value ...]")
	server := f.String("server", "", "the peaceboard server to submit to")
	keyFile := f.String("key", "", "the actor's private key file (keys new)")
	as := f.String("as", "", "the actor (chairman, state:KAZ, ...); default: the first line of KEYFILE.actor")
	atFlag := f.String("at", "", "the time the act gives, an RFC 3339 time (default: now, to the nanosecond); the server records the act at its own clock and refuses a time further than its clock skew from it")
	idem := f.String("idempotency-key", "", "the Idempotency-Key to send (default: a new random key; retries reuse it)")
	pos, err := f.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return m.actHelp(pos)
	}
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		if _, err := describeKind(pos[0]); err != nil {
			return err
		}
	}
	if *server == "" || *keyFile == "" || len(pos) == 0 {
		return usageError{"act takes --server URL, --key FILE, an act kind and its fields (act --server URL --key FILE invite state=KAZ)"}
	}
	actor, err := actorOf(*as, *keyFile)
	if err != nil {
		return err
	}
	key, err := readActorKey(*keyFile)
	if err != nil {
		return err
	}
	at := m.Now().UTC()
	if *atFlag != "" {
		if at, err = parseInstant(*atFlag); err != nil {
			return usageError{fmt.Sprintf("--at %q: want a date (2026-01-22) or an RFC 3339 time", *atFlag)}
		}
	}
	body, err := actBody(board.Kind(pos[0]), pos[1:])
	if err != nil {
		return err
	}
	sa, err := client.Sign(board.Act{At: at, By: actor, Body: body}, key)
	if err != nil {
		return err
	}
	if *idem == "" {
		*idem = client.NewIdempotencyKey()
	}
	r, err := client.New(*server).Submit(ctx, sa, *idem)
	if err != nil {
		return err
	}
	return writeJSON(m.Stdout, r)
}

// actorOf returns the actor an act is signed for: as, or the first line of keyFile.actor.
func actorOf(as, keyFile string) (board.ActorID, error) {
	if as == "" {
		data, err := os.ReadFile(keyFile + ".actor")
		if errors.Is(err, os.ErrNotExist) {
			return "", usageError{fmt.Sprintf("give the actor with --as, or write it in %s.actor beside the key", keyFile)}
		}
		if err != nil {
			return "", err
		}
		as, _, _ = strings.Cut(strings.TrimSpace(string(data)), "\n")
	}
	a, err := board.ParseActor(strings.TrimSpace(as))
	if err != nil {
		return "", usageError{err.Error()}
	}
	return a, nil
}

func parseInstant(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err
}

// actBody builds an act of kind from field=value arguments, reading each value as its field's
// type wants it.
func actBody(kind board.Kind, args []string) (board.Body, error) {
	if _, err := describeKind(string(kind)); err != nil {
		return nil, err
	}
	body, _ := board.NewBody(kind)
	t := reflect.TypeOf(body).Elem()
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = t.Field(i).Type
		}
	}
	obj := map[string]any{}
	for _, arg := range args {
		name, value, ok := strings.Cut(arg, "=")
		if !ok {
			return nil, usageError{fmt.Sprintf("%q: want field=value", arg)}
		}
		ft, ok := fields[name]
		if !ok {
			want := "it takes no fields"
			if names := board.FieldNames(kind); len(names) > 0 {
				want = "it takes " + strings.Join(names, ", ")
			}
			return nil, usageError{fmt.Sprintf("unknown field %q for act %s (%s)", name, kind, want)}
		}
		v, err := fieldValue(ft, norm.NFC.String(value))
		if err != nil {
			return nil, usageError{fmt.Sprintf("%s: %v", name, err)}
		}
		obj[name] = v
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(body); err != nil {
		return nil, usageError{fmt.Sprintf("act %s: %v", kind, err)}
	}
	return body, nil
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	textUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// fieldValue reads s as a value of type t, for JSON.
func fieldValue(t reflect.Type, s string) (any, error) {
	switch {
	case t == timeType:
		at, err := parseInstant(s)
		if err != nil {
			return nil, fmt.Errorf("%q: want a date (2026-01-22) or an RFC 3339 time", s)
		}
		return at.Format(time.RFC3339Nano), nil
	case reflect.PointerTo(t).Implements(textUnmarshal), t.Kind() == reflect.String:
		return s, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q: want true or false", s)
		}
		return b, nil
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("%q: want a whole number", s)
		}
		return n, nil
	case reflect.Slice, reflect.Array, reflect.Struct, reflect.Map:
		if strings.HasPrefix(strings.TrimSpace(s), "[") || strings.HasPrefix(strings.TrimSpace(s), "{") {
			if !json.Valid([]byte(s)) {
				return nil, fmt.Errorf("%q is not valid JSON", s)
			}
			return json.RawMessage(s), nil
		}
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String {
			var out []string
			for _, part := range strings.Split(s, ",") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
			return out, nil
		}
		return nil, fmt.Errorf("%q: want JSON", s)
	}
	return nil, fmt.Errorf("a field of type %s cannot be given on the command line", t)
}
