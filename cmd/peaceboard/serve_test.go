package main

import (
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

// TestServePublicURL checks --public-url end to end: the feed and the record page name the
// configured URL, or else the one made from --addr, and never the request's Host header.
func TestServePublicURL(t *testing.T) {
	for _, c := range []struct {
		flags []string
		want  func(addr string) string
	}{
		{nil, func(addr string) string { return "http://" + addr }},
		{[]string{"--public-url", "https://board.example.org/"}, func(string) string { return "https://board.example.org" }},
	} {
		addr, _, stop := serveDemo(t, c.flags...)
		want := c.want(addr)
		for _, path := range []string{"/feed.atom?lang=en", "/record?lang=en"} {
			req, err := http.NewRequest("GET", "http://"+addr+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = "evil.example"
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if body := string(b); resp.StatusCode != http.StatusOK || strings.Contains(body, "evil.example") || !strings.Contains(body, want+"/") && !strings.Contains(body, want+" ") {
				t.Errorf("%v: GET %s with Host evil.example = %d; want %s in it, and no evil.example:\n%.600s", c.flags, path, resp.StatusCode, want, body)
			}
		}
		stop()
	}
}

func TestParsePublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://board.example.org":       "https://board.example.org",
		"https://board.example.org/":      "https://board.example.org",
		"http://10.0.0.5:8080":            "http://10.0.0.5:8080",
		"http://[2001:db8::1]:8080":       "http://[2001:db8::1]:8080",
		"board.example.org":               "",
		"ftp://board.example.org":         "",
		"https://":                        "",
		"https://:443":                    "",
		"https://board.example.org/board": "",
		"https://board.example.org/?x=1":  "",
		"https://board.example.org/#top":  "",
		"https://user@board.example.org":  "",
		"https://board.example.org:x":     "",
	} {
		u, err := parsePublicURL(in)
		switch {
		case want == "" && err == nil:
			t.Errorf("parsePublicURL(%q) = %s; want an error", in, u)
		case want != "" && (err != nil || u.String() != want):
			t.Errorf("parsePublicURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
}

func TestListenURL(t *testing.T) {
	for _, c := range []struct {
		addr  string
		bound *net.TCPAddr
		want  string
	}{
		{"localhost:8080", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://localhost:8080"},
		{":8080", &net.TCPAddr{Port: 8080}, "http://localhost:8080"},
		{"0.0.0.0:8080", &net.TCPAddr{Port: 8080}, "http://localhost:8080"},
		{"[::]:8080", &net.TCPAddr{Port: 8080}, "http://localhost:8080"},
		{"127.0.0.1:0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}, "http://127.0.0.1:41234"},
		{"[::1]:8080", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080"},
		{"board.internal:80", &net.TCPAddr{Port: 80}, "http://board.internal:80"},
	} {
		if got := listenURL(c.addr, c.bound).String(); got != c.want {
			t.Errorf("listenURL(%q) = %s, want %s", c.addr, got, c.want)
		}
	}
}

// TestSecondServeRefused (issue 21): a second "serve --demo" on the database a first server
// serves replaced it under that server; it is now refused, naming the database, and the first
// server goes on answering. Once the first has stopped, the database serves again.
func TestSecondServeRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock: serve does not lock its database here")
	}
	addr, db, stop := serveDemo(t)
	_, err := run(t, "serve", "--demo", "--db", db, "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), db+" is in use by another peaceboard server (process ") {
		t.Errorf("a second serve --demo on %s: %v; want it refused as in use", db, err)
	}
	if resp, err := http.Get("http://" + addr + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the first server after the second was refused: %v", err)
	} else {
		resp.Body.Close()
	}
	stop()
	_, _, stop = serveAt(t, fixedNow, "--demo", "--db", db)
	stop()
}
