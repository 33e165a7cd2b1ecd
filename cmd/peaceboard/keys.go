package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/record"
)

// keyFileHeader starts every actor key file, so that a key file is recognized for what it is.
const keyFileHeader = "peaceboard ed25519 private key v1"

func (m *Main) keys(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"keys takes a subcommand: new --out FILE | dev ACTOR --db PATH --out FILE | log-new --origin NAME --out FILE | list [--db PATH]"}
	}
	switch args[0] {
	case "new":
		f := m.newFlags("keys new", "--out FILE")
		out := f.String("out", "", "file to write the private key to (created with mode 0600)")
		if pos, err := f.parse(args[1:]); err != nil {
			return err
		} else if len(pos) > 0 || *out == "" {
			return usageError{"keys new takes --out FILE"}
		}
		pub, priv, err := ed25519.GenerateKey(nil)
		if err != nil {
			return err
		}
		if err := writeSecret(*out, keyFileText(priv)); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "wrote %s\npublic key: %s\nkey id:     %s\n", *out, base64.StdEncoding.EncodeToString(pub), board.KeyIDOf(pub))
		return nil
	case "log-new":
		f := m.newFlags("keys log-new", "--origin NAME --out FILE")
		origin := f.String("origin", "", "the log's origin, which names it in every checkpoint (e.g. example.org/board-of-peace)")
		out := f.String("out", "", "file to write the private log key to (created with mode 0600)")
		if pos, err := f.parse(args[1:]); err != nil {
			return err
		} else if len(pos) > 0 || *out == "" || *origin == "" {
			return usageError{"keys log-new takes --origin NAME and --out FILE"}
		}
		skey, err := record.NewLogKey(*origin)
		if err != nil {
			return err
		}
		k, err := record.ParseLogKey(skey)
		if err != nil {
			return err
		}
		if err := writeSecret(*out, skey+"\n"); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "wrote %s\nverifier key: %s\n", *out, k.VerifierKey)
		return nil
	case "dev":
		return m.keysDev(ctx, args[1:])
	case "list":
		return m.keysList(ctx, args[1:])
	}
	return usageError{fmt.Sprintf("unknown keys subcommand %q (want new, dev, log-new or list)", args[0])}
}

// keyFileText is the text of an actor's key file: keyFileHeader, then the key's seed in base64.
func keyFileText(priv ed25519.PrivateKey) string {
	return keyFileHeader + "\n" + base64.StdEncoding.EncodeToString(priv.Seed()) + "\n"
}

// keysDev writes the development key of an actor of a development record (the demo, a replayed
// scenario, init without key files) as a key file, so that anyone can act on such a record with
// "peaceboard act". Those keys come from a public seed and protect nothing, which the record says
// of them; a production record has none, and is refused.
func (m *Main) keysDev(ctx context.Context, args []string) error {
	f := m.newFlags("keys dev", "ACTOR --db PATH --out FILE")
	f.dbFlag()
	out := f.String("out", "", "file to write the development key to (created with mode 0600)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return usageError{"keys dev takes an actor (chairman, state:KAZ, ...) and --out FILE"}
	}
	if _, err := board.ParseActor(pos[0]); err != nil {
		return usageError{err.Error()}
	}
	e, closeDB, err := openExisting(ctx, *f.db)
	if err != nil {
		return err
	}
	defer closeDB()
	actor, err := board.CheckActor(e.Rules(), pos[0])
	if err != nil {
		return err
	}
	ring, ok := e.DevKeyring()
	if !ok {
		return fmt.Errorf("%s is a production record: its actors hold their own keys, which no one can derive; keys dev works on development records only (serve --demo, replay, init without key files)", dbName(*f.db))
	}
	pub := ring.PublicKey(string(actor))
	id := board.KeyIDOf(pub)
	var valid error
	if err := e.View(ctx, m.Now(), func(s *board.State, _ *charter.Rules) error {
		_, valid = s.ValidKey(actor, id)
		return nil
	}); err != nil {
		return err
	}
	if err := writeSecret(*out, keyFileText(ring.Key(string(actor)))); err != nil {
		return err
	}
	pub64 := base64.StdEncoding.EncodeToString(pub)
	fmt.Fprintf(m.Stdout, "wrote %s: the development key of %s in %s (from a public seed: anyone can make it; not for production)\npublic key: %s\nkey id:     %s\n",
		*out, actor, dbName(*f.db), pub64, id)
	if valid != nil {
		fmt.Fprintf(m.Stdout, "not valid in the record yet (%v): the secretariat registers it with\n  peaceboard act --server URL --key secretariat.key --as secretariat register-key actor=%s key=%s development=true\n",
			valid, actor, pub64)
	}
	return nil
}

// keyJSON is one element of "keys list --json".
type keyJSON struct {
	Actor       board.ActorID `json:"actor"`
	KeyID       string        `json:"key_id"`
	Key         string        `json:"key"`
	Registered  string        `json:"registered"`
	Revoked     *string       `json:"revoked"`
	Development bool          `json:"development"`
}

func (m *Main) keysList(ctx context.Context, args []string) error {
	return reader[[]keyJSON]{
		name: "keys list", usage: "[--db PATH] [--json]",
		local: func(_ []string, s *board.State, _ *charter.Rules, _ time.Time) ([]keyJSON, error) {
			var out []keyJSON
			for _, id := range slices.Sorted(maps.Keys(s.Keys)) {
				k := s.Keys[id]
				out = append(out, keyJSON{Actor: k.Actor, KeyID: string(k.ID), Key: base64.StdEncoding.EncodeToString(k.Public),
					Registered: k.Registered.UTC().Format(time.RFC3339), Revoked: api.DateOrNull(k.Revoked), Development: k.Development})
			}
			slices.SortStableFunc(out, func(a, b keyJSON) int { return strings.Compare(string(a.Actor), string(b.Actor)) })
			return out, nil
		},
		table: keysTable,
	}.run(m, ctx, args)
}

func keysTable(w *tabwriter.Writer, out []keyJSON) {
	fmt.Fprintln(w, "ACTOR\tKEY ID\tREGISTERED\tREVOKED\tDEVELOPMENT")
	for _, k := range out {
		dev := ""
		if k.Development {
			dev = "yes (public seed: not for production)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", k.Actor, k.KeyID, k.Registered, orDash(k.Revoked), dev)
	}
}

// writeSecret creates path with mode 0600 and writes text; it never overwrites a file.
func writeSecret(path, text string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; keys are never overwritten", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readActorKey reads a private key file written by "keys new".
func readActorKey(path string) (ed25519.PrivateKey, error) {
	data, err := readSecret(path)
	if err != nil {
		return nil, err
	}
	header, b64, _ := strings.Cut(strings.TrimSpace(data), "\n")
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if header != keyFileHeader || err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s is not a key file written by \"peaceboard keys new\"", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// readLogKey reads a private log key file written by "keys log-new".
func readLogKey(path string) (*record.LogKey, error) {
	data, err := readSecret(path)
	if err != nil {
		return nil, err
	}
	return record.ParseLogKey(data)
}

// readSecret reads a private key file, refusing one that others may read.
func readSecret(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("%s can be read by others (mode %v); chmod 600 it", path, st.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	return string(data), err
}
