package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
)

// A reader is the skeleton of a read command (status, members, decision ID, statement
// CONTRIBUTOR...): it takes --db, --as-of and --json, and --server when it can read from a server;
// it reads its answer, a wire type, from the database's state as of --as-of or from the server's
// JSON API; and it prints the answer as indented JSON with --json, else as a table. The output is
// the same whether read from a database or from a server on that database.
type reader[T any] struct {
	name string // as "peaceboard help" lists it: "decision", "keys list"
	// args names the positional arguments, like "ID": the command takes one per word, before,
	// between or after its flags; a word in brackets ("[STATE]") may be left out.
	args string
	// usage, when set, is the synopsis that follows the name in -h; by default it is made from
	// args and the flags.
	usage string
	// argsError, when set, is the usage error when the command is given another number of
	// positional arguments; by default it is "NAME takes no arguments", or the synopsis.
	argsError string
	// local makes the answer from the state as of t; pos are the positional arguments.
	local func(pos []string, s *board.State, r *charter.Rules, t time.Time) (T, error)
	// remote, when set, adds --server, and reads the answer from that server instead; it is not
	// given the positional arguments, which only local and filter read. Its parameters are in
	// the order of a client method expression: (*client.Client).Status.
	remote func(c *client.Client, ctx context.Context, q client.Query) (T, error)
	// flags, when set, adds the command's own flags (members --status) before the command line
	// is parsed; local, filter and table read them through the pointers it keeps.
	flags func(f *flags)
	// check, when set, checks the positional arguments before anything is read, so that a
	// mistake in them is said before a database is opened or a server asked.
	check func(pos []string) error
	// filter, when set, narrows the answer once read, from the database or from the server
	// alike, so that both print the same (members KAZ, members --status former).
	filter func(pos []string, out T) (T, error)
	// table prints the answer without --json.
	table func(w *tabwriter.Writer, out T)
	// hint, when set, follows the table with what the record's reach says of the answer: as of a
	// date before its first act, every count is zero, and the user is told which dates to ask
	// (status). It is read only for the table, never for --json.
	hint func(w *tabwriter.Writer, reach recordReach, t time.Time, out T)
}

// recordReach is how far a record reaches: its entries, and the times of its first and latest.
type recordReach struct {
	entries       uint64
	first, latest time.Time
}

// run runs the command line args (without the command's name).
func (rd reader[T]) run(m *Main, ctx context.Context, args []string) error {
	f := m.newFlags(rd.name, rd.synopsis())
	f.readFlags()
	if rd.remote != nil {
		f.serverFlag()
	}
	if rd.flags != nil {
		rd.flags(f)
	}
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	words := strings.Fields(rd.args)
	optional := 0
	for _, w := range words {
		if strings.HasPrefix(w, "[") {
			optional++
		}
	}
	if len(pos) < len(words)-optional || len(pos) > len(words) {
		switch {
		case rd.argsError != "":
			return usageError{rd.argsError}
		case len(words) == 0:
			return usageError{rd.name + " takes no arguments"}
		}
		return usageError{"usage: peaceboard " + rd.name + " " + rd.synopsis()}
	}
	if rd.check != nil {
		if err := rd.check(pos); err != nil {
			return err
		}
	}
	var out T
	var reach recordReach
	if f.server != nil && *f.server != "" {
		out, reach, err = rd.readRemote(ctx, f)
	} else {
		out, reach, err = rd.readLocal(ctx, f, pos)
	}
	if err == nil && rd.filter != nil {
		out, err = rd.filter(pos, out)
	}
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(m.Stdout, out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	rd.table(w, out)
	if rd.hint != nil {
		t, _ := f.instant() // read above: it parsed
		rd.hint(w, reach, t, out)
	}
	return w.Flush()
}

// synopsis returns what follows the command's name in its usage line: "ID [--db PATH] [--as-of
// DATE] [--json]".
func (rd reader[T]) synopsis() string {
	if rd.usage != "" {
		return rd.usage
	}
	s := "[--db PATH] [--as-of DATE] [--json]"
	if rd.remote != nil {
		s = "[--db PATH | --server URL] [--as-of DATE] [--json]"
	}
	if rd.args != "" {
		s = rd.args + " " + s
	}
	return s
}

// readLocal makes the answer from the database's state as of --as-of, and reads the record's
// reach when the command has a hint.
func (rd reader[T]) readLocal(ctx context.Context, f *flags, pos []string) (out T, reach recordReach, err error) {
	t, err := f.instant()
	if err != nil {
		return out, reach, err
	}
	e, closeDB, err := openExisting(ctx, *f.db)
	if err != nil {
		return out, reach, err
	}
	defer closeDB()
	err = e.View(ctx, t, func(s *board.State, r *charter.Rules) error {
		out, err = rd.local(pos, s, r, t)
		return err
	})
	if err != nil || rd.hint == nil {
		return out, reach, err
	}
	reach.entries = e.Len()
	if reach.entries == 0 {
		return out, reach, nil
	}
	first, err := e.Entry(ctx, 0)
	if err != nil {
		return out, reach, err
	}
	latest, err := e.Entry(ctx, reach.entries-1)
	if err != nil {
		return out, reach, err
	}
	reach.first, reach.latest = first.At, latest.At
	return out, reach, nil
}

// readRemote reads the answer from the JSON API of the server --server names, as of --as-of:
// "members|status|decisions|treasury --server URL" print the same wire types the same way as
// with --db on the server's database; and the record's reach from its log, when the command has
// a hint.
func (rd reader[T]) readRemote(ctx context.Context, f *flags) (out T, reach recordReach, err error) {
	q, err := f.query()
	if err != nil {
		return out, reach, err
	}
	dbSet := false
	f.Visit(func(fl *flag.Flag) { dbSet = dbSet || fl.Name == "db" })
	if dbSet {
		return out, reach, usageError{"give --db or --server, not both"}
	}
	c := client.New(*f.server)
	if out, err = rd.remote(c, ctx, q); err != nil || rd.hint == nil {
		return out, reach, err
	}
	reach, err = remoteReach(ctx, c)
	return out, reach, err
}

// remoteReach reads a server's record's reach: its size from the log's checkpoint (a signed
// note: origin, size, root hash), then its first and latest entries.
func remoteReach(ctx context.Context, c *client.Client) (reach recordReach, err error) {
	defer board.Wrap(&err, "reading the record's first and latest entries")
	note, err := c.Log().Checkpoint(ctx)
	if err != nil {
		return reach, err
	}
	lines := strings.SplitN(string(note), "\n", 3)
	if len(lines) < 3 {
		return reach, fmt.Errorf("the log's checkpoint has no size line")
	}
	if reach.entries, err = strconv.ParseUint(lines[1], 10, 64); err != nil || reach.entries == 0 {
		return reach, err
	}
	for i, at := range []*time.Time{&reach.first, &reach.latest} {
		e, err := c.Entry(ctx, uint64(i)*(reach.entries-1))
		if err != nil {
			return reach, err
		}
		if *at, err = time.Parse(time.RFC3339Nano, e.At); err != nil {
			return reach, err
		}
	}
	return reach, nil
}

// serverFlag adds --server to a read command.
func (f *flags) serverFlag() {
	f.server = f.String("server", "", "read from the peaceboard server at this URL (its JSON API) instead of a database")
}

// query returns the API query for --as-of: the date as given, which the server reads as the end
// of that day as the CLI does; without --as-of, this machine's now, as a read of a database
// would take.
func (f *flags) query() (client.Query, error) {
	t, err := f.instant()
	if err != nil {
		return client.Query{}, err
	}
	if *f.asOf != "" {
		return client.Query{AsOf: *f.asOf}, nil
	}
	return client.Query{AsOf: t.Format(time.RFC3339Nano)}, nil
}

// lister returns the reader of a command that lists, as of --as-of, the wire forms (wire) of
// what list returns, and prints them with table.
func lister[V, W any](name string, list func(*board.State, *charter.Rules, time.Time) []V, wire func(V) W,
	table func(*tabwriter.Writer, []W)) reader[[]W] {
	return reader[[]W]{name: name, table: table,
		local: func(_ []string, s *board.State, r *charter.Rules, t time.Time) ([]W, error) {
			return wireList(list(s, r, t), wire), nil
		}}
}

// wireList returns the wire forms of a list: [], never null, when it is empty.
func wireList[V, W any](list []V, wire func(V) W) []W {
	out := make([]W, 0, len(list))
	for _, v := range list {
		out = append(out, wire(v))
	}
	return out
}

// view opens the database, which must exist, and calls fn with its state as of t.
func (f *flags) view(ctx context.Context, t time.Time, fn func(*board.State, *charter.Rules) error) error {
	e, closeDB, err := openExisting(ctx, *f.db)
	if err != nil {
		return err
	}
	defer closeDB()
	return e.View(ctx, t, fn)
}
