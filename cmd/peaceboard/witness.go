package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/witness"
	"github.com/peaceboard/peaceboard/record"
)

// witnessUsage is the usage of witness's subcommands.
func witnessUsage() []string {
	return []string{
		"new --name NAME --out FILE [--url URL]                 the witness's key: prints its verifier key and the policy line to give the organization",
		"serve --key FILE --log VKEY|FILE --log-url URL ...     cosign the log's checkpoints (C2SP tlog-witness), each after replaying its new acts through the rules",
	}
}

func (m *Main) witness(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"witness takes a subcommand: new --name NAME --out FILE | serve --key FILE --log VKEY --log-url URL"}
	}
	switch args[0] {
	case "new":
		return m.witnessNew(args[1:])
	case "serve":
		return m.witnessServe(ctx, args[1:])
	}
	return usageError{fmt.Sprintf("unknown witness subcommand %q (want new or serve)", args[0])}
}

// witnessURLPlaceholder stands for the witness's URL in the policy line when --url is not given.
const witnessURLPlaceholder = "https://WITNESS-HOST"

func (m *Main) witnessNew(args []string) error {
	f := m.newFlags("witness new", "--name NAME --out FILE [--url URL]")
	name := f.String("name", "", "the witness's key name, a schema-less URL naming it (e.g. witness.example.org/board-of-peace)")
	out := f.String("out", "", "file to write the witness's private key to (created with mode 0600)")
	at := f.String("url", "", "the `URL` the witness answers at (add-checkpoint is URL/add-checkpoint), for the policy line")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 || *out == "" || *name == "" {
		return usageError{"witness new takes --name NAME and --out FILE"}
	}
	u := witnessURLPlaceholder
	if *at != "" {
		if _, err := parsePublicURL(*at); err != nil {
			return usageError{"--url: " + err.Error()}
		}
		u = strings.TrimSuffix(*at, "/")
	}
	skey, err := record.NewCosignerKey(*name)
	if err != nil {
		return usageError{fmt.Sprintf("--name %q: a key name is text without spaces or \"+\"", *name)}
	}
	c, err := record.ParseCosignerKey(skey)
	if err != nil {
		return err
	}
	if err := writeSecret(*out, skey+"\n"); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "wrote %s\nverifier key: %s\npolicy line:  witness %s %s %s\n", *out, c.VerifierKey(), c.Name(), hex.EncodeToString(c.Public()), u)
	if *at == "" {
		fmt.Fprintf(m.Stdout, "(replace %s with the URL the witness answers at before giving the line to the organization)\n", witnessURLPlaceholder)
	}
	return nil
}

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ", ") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

func (m *Main) witnessServe(ctx context.Context, args []string) error {
	f := m.newFlags("witness serve", "--key FILE --log VKEY|FILE --log-url URL [--log VKEY|FILE --log-url URL ...] [--db PATH] [--listen HOST:PORT] [--audit=false]")
	keyFile := f.String("key", "", "the witness's private key file (witness new)")
	db := f.String("db", "witness.db", "the witness's SQLite database: the latest checkpoint it cosigned of each log, and the entries it audited")
	listen := f.String("listen", "localhost:7380", "address to listen on; add-checkpoint is POST /add-checkpoint")
	var logs, urls repeated
	f.Var(&logs, "log", "a log to cosign: its `VKEY` (name+hash+key, as its server serves it at /log/key) or a file holding it; repeat for several logs")
	f.Var(&urls, "log-url", "the `URL` of the server of the log given by the --log in the same position (its tiles are at URL/log/tile/...)")
	audit := f.Bool("audit", true, "replay every new act through the rules before cosigning (peaceboard records); false: cosign on consistency alone, for other logs, with another key")
	clockSkew := f.Duration("clock-skew", engine.DefaultClockSkew, "the clock skew the audited records were written with (their serve --clock-skew)")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"witness serve takes no arguments"}
	}
	if *keyFile == "" || len(logs) == 0 {
		return usageError{"witness serve takes --key FILE and at least one --log"}
	}
	if len(urls) != len(logs) && (*audit || len(urls) > 0) {
		return usageError{fmt.Sprintf("witness serve: %d --log and %d --log-url; give each log its server's URL", len(logs), len(urls))}
	}
	if *clockSkew <= 0 {
		return usageError{"--clock-skew must be positive (like 5m)"}
	}
	cfg := witness.Config{Audit: *audit, DB: *db, ClockSkew: *clockSkew}
	skey, err := readSecret(*keyFile)
	if err != nil {
		return err
	}
	if cfg.Cosigner, err = record.ParseCosignerKey(skey); err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}
	cfg.Cosigner.Now = m.Now // the cosignatures' timestamps
	for i, l := range logs {
		v, err := logVerifier(l)
		if err != nil {
			return err
		}
		wl := witness.Log{Verifier: v}
		if i < len(urls) {
			if _, err := url.Parse(urls[i]); err != nil || !strings.HasPrefix(urls[i], "http://") && !strings.HasPrefix(urls[i], "https://") {
				return usageError{fmt.Sprintf("--log-url %q: want an http or https URL", urls[i])}
			}
			wl.URL = strings.TrimSuffix(urls[i], "/")
		}
		cfg.Logs = append(cfg.Logs, wl)
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	cfg.Logger = log
	w, err := witness.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.Close()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           w.Handler(),
		MaxHeaderBytes:    64 << 10,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		// An audit reads the new entries from the log before answering: the first one, of a
		// whole record, takes a while.
		WriteTimeout: 10 * time.Minute,
		IdleTimeout:  120 * time.Second,
	}
	origins := make([]string, len(cfg.Logs))
	for i, l := range cfg.Logs {
		origins[i] = l.Verifier.Name()
	}
	return m.runServer(ctx, srv, ln, log, func() {
		log.Info("witness listening", "addr", "http://"+ln.Addr().String(), "key", cfg.Cosigner.VerifierKey(), "logs", strings.Join(origins, ", "), "audit", *audit, "db", *db)
	})
}

// logVerifier reads a log's verifier key: the key itself, or a file holding it.
func logVerifier(s string) (note.Verifier, error) {
	text := s
	if data, err := os.ReadFile(s); err == nil {
		text = string(data)
	} else if !strings.Contains(s, "+") {
		return nil, fmt.Errorf("--log %s: neither a verifier key (name+hash+key) nor a file: %w", s, err)
	}
	v, err := note.NewVerifier(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("--log %s: not a log's verifier key (name+hash+key, as served at /log/key): %v", s, err)
	}
	return v, nil
}
