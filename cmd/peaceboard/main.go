// Command peaceboard runs and queries the record of a charter-governed organization: by default
// the Board of Peace. Run "peaceboard help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Getenv: os.Getenv}
	os.Exit(exitCode(os.Stderr, m.Run(ctx, os.Args[1:])))
}

// exitCode reports err, what Run returned, on w in one line and returns the process's exit code:
// 0 for success and for help asked for, 2 for a mistake in the command line, 1 for any other
// failure. The golden tests of the CLI's errors go through it, as the binary does.
func exitCode(w io.Writer, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(w, "peaceboard: "+oneLine(err))
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}

// oneLine keeps an error on one line, except a rules file's list of problems, which is the
// point of the message.
func oneLine(err error) string {
	if _, ok := errors.AsType[*charter.Problems](err); ok {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// Main is the program, with its dependencies as fields so that tests run it in-process.
type Main struct {
	Stdout, Stderr io.Writer
	Now            func() time.Time
	Getenv         func(string) string
	// ready, if set, is called by serve with its address once it answers /healthz.
	ready func(addr string)
}

type command struct {
	name    string
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
	// subcommands, for a command made of subcommands (keys new, rules check), is their usage,
	// one per line: "COMMAND -h" prints it, and "COMMAND SUB -h" the subcommand's flags.
	subcommands func() []string
}

func commands() []command {
	return []command{
		{"serve", "serve the portal, the health check and the record over HTTP", (*Main).serve, nil},
		{"replay", "apply a scenario file's acts to a new or existing database", (*Main).replay, nil},
		{"members", "list the member States as of a date (members --status STATUS|all for the others, members KAZ for one)", (*Main).members, nil},
		{"status", "show the organization's state as of a date", (*Main).status, nil},
		{"decisions", "list proposals and directives with their votes, as of a date", (*Main).decisions, nil},
		{"decision", "show one proposal or directive with its whole history (decision ID)", (*Main).decision, nil},
		{"compliance", "list the standing obligations (meetings, successor, mandate reports): met, due or overdue", (*Main).compliance, nil},
		{"export", "write open data, with what it was built from: export NAME [--format csv|json|xml] [--out FILE] [--as-of DATE]", (*Main).export, exportUsage},
		{"treasury", "show funds, accounts, contributors (pledged, received, outstanding) and disbursements as of a date", (*Main).treasury, nil},
		{"statement", "show one contributor's pledges and receipts with every entry (statement state:QAT)", (*Main).statement, nil},
		{"funds", "list the funds with their cash and unpaid pledges as of a date", (*Main).funds, nil},
		{"disbursements", "list disbursements with their approvals and status as of a date", (*Main).disbursements, nil},
		{"rates", "import reference rates: rates import FILE (the ECB's euro rate history CSV)", (*Main).rates, fixed(
			"import FILE --db PATH [--from DATE] [--until DATE] [--key FILE --log-key FILE]   the ECB's euro reference rate history,\n" +
				"        eurofxref-hist.csv from https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip (unzip it)")},
		{"verify", "check the whole record: signatures, the Merkle tree, every act under the rules", (*Main).verify, nil},
		{"receipt", "print an entry's receipt, or check one offline (receipt check FILE)", (*Main).receipt, nil},
		{"witness", "run a witness that cosigns a record's checkpoints once its new acts replay lawfully (witness new | witness serve)", (*Main).witness, witnessUsage},
		{"act", "sign one act with a key file and submit it to a server: act --server URL --key FILE KIND field=value ...", (*Main).act, nil},
		{"init", "establish a record under a rules file, in a new database or an empty one (development, or production with key files)", (*Main).init, nil},
		{"bench", "measure the write path and verify on a new database (bench --acts N)", (*Main).bench, nil},
		{"keys", "create key files (keys new, keys log-new), write a development record's key of an actor (keys dev), or list a record's keys (keys list)", (*Main).keys, fixed(
			"new --out FILE                        an actor's key: prints its public key, for the secretariat to register (docs/keys.md)",
			"dev ACTOR --db PATH --out FILE        a development record's key of ACTOR (the demo, a replayed scenario)",
			"log-new --origin NAME --out FILE      the log's signing key, for init and serve",
			"list [--db PATH] [--as-of DATE]       the record's keys: actor, key id, registered, revoked")},
		{"rules", "show or check a rules file (rules show | rules check FILE)", (*Main).rules, fixed(
			"show [--rules FILE | --db PATH]   print a rules file (default: the Board of Peace's)",
			"check FILE                        check a rules file and list its problems")},
		{"migrate", "show or apply the database schema's migrations (migrate status | migrate up)", (*Main).migrate, fixed(
			"status [--db PATH|URL]   the schema's migrations, applied or pending",
			"up [--db PATH|URL]       apply the pending ones (every command does on opening; this does it ahead)")},
		{"backup", "back up a database while it runs (backup --out FILE: an SQLite copy, or a jsonl export)", (*Main).backup, nil},
		{"restore", "rebuild a new database from a backup and verify it (restore FILE --db PATH|URL)", (*Main).restore, nil},
		{"version", "print this program's version", (*Main).version, nil},
	}
}

// fixed returns a command's subcommands usage, which does not change.
func fixed(lines ...string) func() []string { return func() []string { return lines } }

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// Run runs the command line args (without the program name).
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) > 1 && args[0] == "help" {
		// help CMD [ARG...] is CMD [ARG...] -h: the command prints its own usage.
		return m.Run(ctx, append(slices.Clone(args[1:]), "-h"))
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage()
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		if c.subcommands != nil && len(args) > 1 && isHelp(args[1]) {
			fmt.Fprintf(m.Stderr, "Usage: peaceboard %s SUBCOMMAND [flags]\n\n%s: %s\n\nSubcommands:\n", c.name, c.name, c.summary)
			for _, line := range c.subcommands() {
				fmt.Fprintf(m.Stderr, "  %s %s\n", c.name, line)
			}
			fmt.Fprintf(m.Stderr, "\nRun \"peaceboard %s SUBCOMMAND -h\" for a subcommand's flags.\n", c.name)
			return flag.ErrHelp
		}
		return c.run(m, ctx, args[1:])
	}
	return usageError{fmt.Sprintf("unknown command %q%s (run \"peaceboard help\")", args[0], didYouMean(args[0]))}
}

// didYouMean names the command probably meant by a mistyped name ("memebrs"), or says nothing.
func didYouMean(name string) string {
	best, bestDistance := "", 3
	for _, c := range commands() {
		if d := editDistance(name, c.name); d < bestDistance {
			best, bestDistance = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

func (m *Main) usage() {
	fmt.Fprintln(m.Stderr, "peaceboard keeps the official record of a charter-governed organization (default: the Board of Peace).")
	fmt.Fprintln(m.Stderr, "\nUsage: peaceboard COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(m.Stderr, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(m.Stderr, "\nRun \"peaceboard COMMAND -h\" for a command's flags.")
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flags is a command's flag set, with the flags most commands share.
type flags struct {
	*flag.FlagSet
	m    *Main
	db   *string
	asOf *string
	json *bool
	// server is --server URL, for the read commands that can read from a server (read.go).
	server *string
}

func (m *Main) newFlags(name, args string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: %s\n", strings.TrimSpace("peaceboard "+name+" "+args))
		// A command without flags (version) has no list to introduce.
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(m.Stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return &flags{FlagSet: fs, m: m}
}

// dbFlag adds --db, defaulting to $PEACEBOARD_DB, then peaceboard.db.
func (f *flags) dbFlag() {
	def := f.m.Getenv("PEACEBOARD_DB")
	if def == "" {
		def = "peaceboard.db"
	}
	f.db = f.String("db", def, "database: an SQLite file, or a postgres:// URL; default from $PEACEBOARD_DB")
}

// asOfFlag adds --as-of, which instant reads.
func (f *flags) asOfFlag() {
	f.asOf = f.String("as-of", "", "the date to answer for, YYYY-MM-DD (default: today)")
}

// readFlags adds --db, --as-of and --json: a read command's flags (read.go).
func (f *flags) readFlags() {
	f.dbFlag()
	f.asOfFlag()
	f.json = f.Bool("json", false, "print JSON")
}

// parse parses args, allowing positional arguments before, between and after flags
// ("replay FILE --db PATH"), and returns the positional ones; with flag.ErrHelp, those before
// the -h ("act invite -h").
func (f *flags) parse(args []string) ([]string, error) {
	// The flag package prints a mistake and the whole usage before returning it, and main prints
	// the mistake again: a mistake is said once, in one line, with where to read the usage.
	usage, out := f.Usage, f.Output()
	f.Usage = func() {}
	f.SetOutput(io.Discard)
	defer func() { f.Usage = usage; f.SetOutput(out) }()
	var positional []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.SetOutput(out)
				usage()
				return positional, err
			}
			return nil, usageError{f.mistake(err) + fmt.Sprintf("; \"peaceboard %s -h\" lists its flags", f.Name())}
		}
		args = f.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// mistake says what is wrong with the command line, and for an unknown flag which one was
// probably meant: "unknown flag -asof (did you mean --as-of?)".
func (f *flags) mistake(err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return err.Error()
	}
	bare := strings.ReplaceAll(strings.TrimLeft(name, "-"), "-", "")
	best, bestDistance := "", 3
	f.VisitAll(func(fl *flag.Flag) {
		if d := editDistance(bare, strings.ReplaceAll(fl.Name, "-", "")); d < bestDistance {
			best, bestDistance = fl.Name, d
		}
	})
	if best == "" {
		return "unknown flag " + name
	}
	return "unknown flag " + name + " (did you mean --" + best + "?)"
}

// instant returns the instant --as-of asks for: the end of that day, so that "as of 22 January"
// includes what happened on the 22nd. Without --as-of, now.
func (f *flags) instant() (time.Time, error) {
	if *f.asOf == "" {
		return f.m.Now().UTC(), nil
	}
	d, err := time.Parse(time.DateOnly, *f.asOf)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("--as-of %q: want a date like 2026-01-22", *f.asOf)}
	}
	return board.EndOfDay(d), nil
}
