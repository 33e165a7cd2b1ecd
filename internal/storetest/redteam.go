package storetest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/record"
)

// The red-team test of issue 17 (finding 7, "verify covers everything served"): every column of
// every table of a store's database is changed in turn, on a copy of a record, and then either
// verify fails, or every answer the server gives is byte for byte what it was.

// RedTeamStore is what RedTeamEveryColumn needs of a store's package: databases it can make,
// copy, open as a store, and change with SQL. A database is named by a DSN: a file's path
// (SQLite) or a connection string (PostgreSQL).
type RedTeamStore struct {
	// Create makes a new, empty database, dropped when the test ends.
	Create func(t testing.TB) (dsn string)
	// Copy makes a copy of database dsn, whose stores are all closed, dropped when the test
	// ends.
	Copy func(t testing.TB, dsn string) (copied string)
	// Open opens a store on database dsn, as "peaceboard verify --db" and "serve" do (migrations
	// applied), or returns why it cannot.
	Open func(ctx context.Context, dsn string) (engine.Store, error)
	// SQL opens database dsn with database/sql, for the caller to close.
	SQL func(dsn string) *sql.DB
	// ColumnsQuery lists every column of every table, read from the schema (so that a column or
	// table added later is changed too): its table, its name, and whether it is in the table's
	// primary key.
	ColumnsQuery string
	// Param is the placeholder of the n-th bound parameter of a query (from 1): "?" or "$1".
	Param func(n int) string
	// Files lists the files a store keeps beside database dsn, if any: they are changed too.
	Files func(dsn string) []string
	// Demo is the built-in demo scenario (scenario.Demo()), the bulk of the record.
	Demo replay.Script
}

// A Column is one column of a table, as a database's schema lists it.
type Column struct {
	Table, Name string
	Key         bool // the table's primary key
}

// redTeamKeyring is the development keyring of the red team's records; its log key signs them.
const redTeamKeyring = "redteam"

// redTeamLive is the writer's clock of the acts the red team's records take live: after the
// demo's last act and the acts that follow it.
var redTeamLive = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

// redTeamKeptEvery is how many acts that reshaped the state come between the kept states of the
// red team's records: few, so that the record holds several.
const redTeamKeptEvery = 4

// redTeamNow is "now" for the server: after every act.
var redTeamNow = redTeamLive.Add(24 * time.Hour)

// BuildRedTeamRecord makes the red team's record in store: the demo (acts of every sort, at
// their own times), then comments enough for the engine to save a snapshot of the state when it
// closes, then acts recorded live by an engine with a clock (engine.WithClock). It returns how
// many entries the record holds and the size of its snapshot.
func BuildRedTeamRecord(t testing.TB, open func() engine.Store, demo replay.Script) (size, snapshot uint64) {
	t.Helper()
	ctx := context.Background()
	store := open()
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:" + redTeamKeyring, Origin: "redteam"}, engine.WithKeptEvery(redTeamKeptEvery))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replay.Run(ctx, e, demo, replay.Options{}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	history := func(by board.ActorID, body board.Body) {
		t.Helper()
		at = at.Add(time.Minute)
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: by, Body: body}); err != nil {
			t.Fatalf("%s by %s: %v", body.Kind(), by, err)
		}
	}
	history(board.Chairman, &board.Propose{ID: "redteam", Type: "initiative", Title: "Reconstruction framework"})
	commenters := []board.StateCode{"KAZ", "MAR", "BHR", "HUN", "ARG"}
	for i := 0; e.Len() < 1010; i++ { // the engine saves a snapshot on close after 1,000 entries
		history(board.StateActor(commenters[i%len(commenters)]), &board.Comment{Proposal: "redteam", Text: fmt.Sprintf("Comment %d: agreed in principle.", i)})
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	store.Close()

	store = open()
	defer store.Close()
	clock := redTeamLive
	tick := func() time.Time { clock = clock.Add(time.Second); return clock }
	if e, err = engine.Open(ctx, store, engine.WithClock(tick, 0), engine.WithKeptEvery(redTeamKeptEvery)); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	live := func(by board.ActorID, body board.Body) {
		t.Helper()
		sa, err := e.SignDev(board.Act{At: clock, By: by, Body: body})
		if err == nil {
			_, err = e.Submit(ctx, sa)
		}
		if err != nil {
			t.Fatalf("%s by %s, live: %v", body.Kind(), by, err)
		}
	}
	live("state:KAZ", &board.Comment{Proposal: "redteam", Text: "Recorded live."})
	live(board.Chairman, &board.Propose{ID: "redteam-2", Type: "initiative", Title: "Recorded live"})
	live("state:MAR", &board.Comment{Proposal: "redteam-2", Text: "Recorded live, too."})
	// A witness's cosignature of the latest checkpoint: the store keeps it beside the record.
	if err := store.SaveCosignatures(ctx, []engine.StoredCosignature{redTeamCosignature(t, e.Checkpoint())}, 0); err != nil {
		t.Fatal(err)
	}
	// Kept states along the record (kept.go), some before the past day the crawl asks as of.
	if err := e.KeepStates(ctx); err != nil {
		t.Fatal(err)
	}
	if sizes, err := store.KeptSizes(ctx); err != nil || len(sizes) < 3 {
		t.Fatalf("kept states %v, %v: want some", sizes, err)
	}
	snap, err := store.Snapshot(ctx)
	if err != nil || snap == nil {
		t.Fatalf("no snapshot saved (%v): the record is too short for the engine to save one", err)
	}
	snap.Data.Close()
	return e.Len(), snap.Size
}

// RedTeamEveryColumn builds the red team's record in a new database of s, then changes each
// column of each table in turn (a value of each row of a small table, of the first, middle and last
// rows of a large one, to another that looks valid; a key to a new key), and each file the store keeps beside it, each change in a copy of
// the database. After each change, verify (engine.Verify of the database, with the log's key)
// must fail, or every answer of the server on the database (the API, the log's checkpoint and
// tiles, the portal; see Serve) must be byte for byte what it was before the change.
func RedTeamEveryColumn(t *testing.T, s RedTeamStore) {
	if testing.Short() {
		t.Skip("changes every column of a record of a thousand entries, each in a copy")
	}
	ctx := context.Background()
	dsn := s.Create(t)
	size, snapAt := BuildRedTeamRecord(t, func() engine.Store { return mustOpen(t, s, dsn) }, s.Demo)
	t.Logf("the record: %d entries, a snapshot of the first %d", size, snapAt)

	served := func(dsn string) (map[string]string, error) {
		store, err := s.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		defer store.Close()
		return Served(t, store)
	}
	before, err := served(s.Copy(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	if verr := verifyDSN(ctx, s, s.Copy(t, dsn)); verr != nil {
		t.Fatalf("the record as built does not verify: %v", verr)
	}
	t.Logf("the server's answers: %d", len(before))

	changes, err := planChanges(ctx, s, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			copied := s.Copy(t, dsn)
			db := s.SQL(copied)
			q := fmt.Sprintf(`UPDATE %s SET %s = %s WHERE %s = %s`, c.table, c.column, s.Param(1), c.key, s.Param(2))
			_, err := db.ExecContext(ctx, q, c.value, c.row)
			db.Close()
			if err != nil {
				t.Fatalf("the database refuses the value (the test must change it to one it takes): %v", err)
			}
			judge(t, s, copied, before, served)
		})
	}
	for _, file := range s.Files(dsn) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fileMutations(file, data) {
			t.Run(fmt.Sprintf("file %s %s", file[strings.LastIndex(file, "/")+1:], m.what), func(t *testing.T) {
				copied := s.Copy(t, dsn)
				files := s.Files(copied)
				if err := os.WriteFile(files[slices.Index(s.Files(dsn), file)], m.value.([]byte), 0o600); err != nil {
					t.Fatal(err)
				}
				judge(t, s, copied, before, served)
			})
		}
	}
}

// A change is one value of a table to change in a copy of the database.
type change struct {
	name               string
	table, column, key string
	row, value         any
}

// planChanges reads the schema of database dsn, and returns a change of each column of each
// table (of each row of a small table, of the first, middle and last of a large one), each mutation of its value. It closes its
// connection before it returns: a PostgreSQL database is copied only when no one is connected.
func planChanges(ctx context.Context, s RedTeamStore, dsn string) ([]change, error) {
	db := s.SQL(dsn)
	defer db.Close()
	cols, err := columns(ctx, db, s.ColumnsQuery)
	if err != nil {
		return nil, err
	}
	tables := map[string][]Column{}
	for _, c := range cols {
		tables[c.Table] = append(tables[c.Table], c)
	}
	var out []change
	for _, table := range slices.Sorted(maps.Keys(tables)) {
		key, err := keyOf(table, tables[table])
		if err != nil {
			return nil, err
		}
		rows, err := rowKeys(ctx, db, table, key)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			return nil, fmt.Errorf("table %s has no row: the red team's record must fill every table", table)
		}
		for _, col := range tables[table] {
			for _, row := range pickRows(rows) {
				var value any
				q := fmt.Sprintf(`SELECT %s FROM %s WHERE %s = %s`, col.Name, table, key, s.Param(1))
				if err := db.QueryRowContext(ctx, q, row).Scan(&value); err != nil {
					return nil, fmt.Errorf("%s: %w", q, err)
				}
				for _, m := range mutations(col, row, value, rows) {
					out = append(out, change{name: fmt.Sprintf("%s.%s[%s=%v] %s", table, col.Name, key, row, m.what),
						table: table, column: col.Name, key: key, row: row, value: m.value})
				}
			}
		}
	}
	return out, nil
}

// judge checks a changed database: verify fails, or the server answers as before.
func judge(t *testing.T, s RedTeamStore, dsn string, before map[string]string, served func(string) (map[string]string, error)) {
	t.Helper()
	if err := verifyDSN(context.Background(), s, dsn); err != nil {
		t.Logf("verify fails: %v", err)
		return
	}
	after, err := served(dsn)
	if err != nil {
		t.Errorf("verify passes, and the server does not open the record: %v", err)
		return
	}
	if diff := firstDifference(before, after); diff != "" {
		t.Errorf("verify passes, and the server answers differently: %s", diff)
		return
	}
	t.Logf("verify passes, and the server's %d answers are the same", len(after))
}

// verifyDSN opens a store on database dsn and verifies it, with the log's key as an auditor
// pins it (--key): the error of either.
func verifyDSN(ctx context.Context, s RedTeamStore, dsn string) error {
	store, err := s.Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("the database does not open: %w", err)
	}
	defer store.Close()
	_, err = engine.Verify(ctx, engine.StoreSource{Store: store}, redTeamLogKey().Verifier, engine.VerifyOptions{})
	return err
}

func redTeamLogKey() *record.LogKey { return record.DevKeyring{Seed: redTeamKeyring}.LogKey() }

func mustOpen(t testing.TB, s RedTeamStore, dsn string) engine.Store {
	t.Helper()
	store, err := s.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// columns lists the columns of a database's tables with its ColumnsQuery.
func columns(ctx context.Context, db *sql.DB, query string) ([]Column, error) {
	return queryAll(ctx, db, query, func(rows *sql.Rows) (c Column, err error) {
		return c, rows.Scan(&c.Table, &c.Name, &c.Key)
	})
}

// queryAll returns each row of a query's answer, as scan reads it.
func queryAll[T any](ctx context.Context, db *sql.DB, query string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// keyOf returns the name of a table's primary key, which must be one column.
func keyOf(table string, cols []Column) (string, error) {
	var keys []string
	for _, c := range cols {
		if c.Key {
			keys = append(keys, c.Name)
		}
	}
	if len(keys) != 1 {
		return "", fmt.Errorf("table %s has %d primary key columns: the red-team test names a row by one", table, len(keys))
	}
	return keys[0], nil
}

// rowKeys returns the keys of a table's rows, in order.
func rowKeys(ctx context.Context, db *sql.DB, table, key string) ([]any, error) {
	return queryAll(ctx, db, fmt.Sprintf(`SELECT %s FROM %s ORDER BY %s`, key, table, key), func(rows *sql.Rows) (k any, err error) {
		return k, rows.Scan(&k)
	})
}

// pickRows returns the rows of a small table (a few fields, a few migrations), and the first,
// middle and last of a large one.
func pickRows(rows []any) []any {
	if len(rows) <= 8 {
		return rows
	}
	return []any{rows[0], rows[len(rows)/2], rows[len(rows)-1]}
}

// A mutation is a value to store in place of another, and what it is.
type mutation struct {
	what  string
	value any
}

// mutations returns the values that replace value, column col's in the row whose key is row:
// for the columns of the record, what an adversary would write (another actor, another kind, a
// second later, another hash, a checkpoint's signature or root changed, another snapshot, rules
// with another name or term); for a column this list does not know (one added later), a value
// of the same type changed.
func mutations(col Column, row, value any, keys []any) []mutation {
	if col.Key {
		return []mutation{{"a new key", newKey(value, keys)}}
	}
	switch col.Table + "." + col.Name {
	case "entries.actor":
		return []mutation{{"another actor", pick(value, "chairman", "state:KAZ")}}
	case "entries.kind":
		return []mutation{{"another kind", pick(value, "invite", "pledge")}}
	case "entries.key_id":
		return []mutation{{"another key id", pick(value, "0123456789abcdef", "fedcba9876543210")}}
	case "entries.at_ns":
		return []mutation{{"a nanosecond later", (value.(int64) + 1) % 1000}}
	case "hashes.hashes":
		b := value.([]byte)
		return []mutation{{"its first hash changed", flipAt(b, 0)}, {"its last hash changed", flipAt(b, len(b)-1)}}
	case "checkpoints.note":
		return checkpointMutations(value.([]byte))
	case "snapshots.data":
		return snapshotMutations(value.([]byte))
	case "meta.value":
		return metaMutations(row, value.(string))
	}
	return []mutation{{"changed", changed(value)}}
}

// changed returns value changed, keeping its type and its look.
func changed(value any) any {
	switch v := value.(type) {
	case int64:
		if v == 0 || v == 1 { // a flag
			return 1 - v
		}
		return v + 1
	case bool:
		return !v
	case time.Time:
		return v.Add(time.Second)
	case string:
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t.Add(time.Second).UTC().Format(time.RFC3339Nano)
		}
		return string(changeLetter([]byte(v)))
	case []byte:
		return changeLetter(v)
	}
	panic(fmt.Sprintf("the red-team test cannot change a %T", value))
}

// changeLetter returns b with its last lower-case ASCII letter replaced by another, which keeps
// JSON JSON and text text; or with its middle byte changed if it has none.
func changeLetter(b []byte) []byte {
	b = bytes.Clone(b)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] >= 'a' && b[i] <= 'z' {
			b[i] = 'a' + (b[i]-'a'+1)%26
			return b
		}
	}
	if len(b) == 0 {
		return []byte{0}
	}
	b[len(b)/2] ^= 1
	return b
}

func flipAt(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 1
	return b
}

func pick(value any, a, b string) string {
	if value == a {
		return b
	}
	return a
}

// newKey returns a key that no row has: one above the largest.
func newKey(value any, keys []any) any {
	switch value.(type) {
	case int64:
		var top int64
		for _, k := range keys {
			top = max(top, k.(int64))
		}
		return top + 1
	case string:
		return value.(string) + "_"
	}
	panic(fmt.Sprintf("the red-team test cannot make a key of %T", value))
}

// metaMutations changes one of a database's meta fields, named by row.
func metaMutations(row any, v string) []mutation {
	switch row {
	case "rules":
		return []mutation{
			{"another name", strings.Replace(v, `name.en = "Board of Peace"`, `name.en = "Board of War"`, 1)},
			{"another term of membership", strings.Replace(v, `term = "3y"`, `term = "4y"`, 1)},
		}
	case "log_key":
		return []mutation{{"another log key", record.DevKeyring{Seed: "another"}.LogKey().VerifierKey}}
	case "keyring":
		return []mutation{{"another keyring", v + "-other"}, {"no keyring", ""}}
	case "origin":
		return []mutation{{"another origin", pick(v, "demo", "serve")}}
	}
	return []mutation{{"changed", changed(v)}}
}

// checkpointMutations changes a signed checkpoint: a character of its signature, and its root.
func checkpointMutations(note []byte) []mutation {
	sig := bytes.Clone(note)
	i := bytes.LastIndexByte(sig, '\n') - 2 // within the signature's base64, before its padding
	sig[i] = pick(string(sig[i]), "A", "B")[0]
	text, _, _ := bytes.Cut(note, []byte("\n\n"))
	lines := strings.Split(string(text), "\n")
	root, _ := base64.StdEncoding.DecodeString(lines[2])
	root[0] ^= 1
	lines[2] = base64.StdEncoding.EncodeToString(root)
	body := bytes.Replace(note, text, []byte(strings.Join(lines, "\n")), 1)
	return []mutation{{"its signature changed", sig}, {"its root changed", body}}
}

// snapshotMutations changes a stored snapshot: a byte (which its checksums catch), and its
// state, another Chairman's, in a snapshot that restores (see TamperedSnapshot).
func snapshotMutations(data []byte) []mutation {
	out := []mutation{{"a byte changed", flipAt(data, len(data)/2)}}
	if d, err := TamperedSnapshot(data, func(s *board.State) { s.Chairman = "Someone Else" }); err == nil {
		out = append(out, mutation{"another state, restorable", d})
	} else {
		out = append(out, mutation{"another state (" + err.Error() + ")", flipAt(data, 0)})
	}
	return out
}

// fileMutations changes a file the store keeps: SQLite's snapshot, as snapshotMutations does.
func fileMutations(file string, data []byte) []mutation {
	if strings.HasSuffix(file, ".snapshot") && len(data) > 8 {
		var out []mutation
		for _, m := range snapshotMutations(data[8:]) { // the file starts with the size
			out = append(out, mutation{m.what, append(bytes.Clone(data[:8]), m.value.([]byte)...)})
		}
		return out
	}
	return []mutation{{"a byte changed", flipAt(data, len(data)/2)}}
}

// TamperedSnapshot returns a stored snapshot with its state changed by change, and nothing else:
// the snapshot the engine saved, as an adversary who read the engine's code could rewrite it. The
// framing (engine/snapshot.go) is a magic line, the size and the state's length (big-endian), the
// state (board's encoding, with its own checksums), then the tree's hashes and the acts.
func TamperedSnapshot(data []byte, change func(*board.State)) ([]byte, error) {
	magic, _, ok := bytes.Cut(data, []byte("\n"))
	if !ok || len(data) < len(magic)+1+16 {
		return nil, fmt.Errorf("not a snapshot")
	}
	head := len(magic) + 1 + 16
	n := binary.BigEndian.Uint64(data[head-8 : head])
	if n > uint64(len(data)-head) {
		return nil, fmt.Errorf("not a snapshot")
	}
	state, err := board.RestoreState(bytes.NewReader(data[head:head+int(n)]), int64(n))
	if err != nil {
		return nil, err
	}
	change(state)
	enc, err := state.Snapshot()
	if err != nil {
		return nil, err
	}
	out := append(bytes.Clone(data[:head-8]), binary.BigEndian.AppendUint64(nil, uint64(len(enc)))...)
	out = append(out, enc...)
	return append(out, data[head+int(n):]...), nil
}

// redTeamCosignature returns a witness's cosignature of cp, as the log's witness client stores
// it.
func redTeamCosignature(t testing.TB, cp engine.SignedCheckpoint) engine.StoredCosignature {
	t.Helper()
	w, err := record.NewCosigner("witness.example/redteam", ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	text, _, _ := strings.Cut(string(cp.Note), "\n\n")
	signed, err := note.Sign(&note.Note{Text: text + "\n"}, w)
	if err != nil {
		t.Fatal(err)
	}
	_, line, _ := strings.Cut(string(signed), "\n\n")
	return engine.StoredCosignature{Size: cp.Size, Witness: w.VerifierKey(), Line: line}
}
