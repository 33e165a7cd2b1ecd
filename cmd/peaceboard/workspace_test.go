package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestWorkspace drives the signing workspace (/workspace) in Debian's Chromium, in English and
// in French, against a live server and the real CLI: the page makes a key, the secretariat
// registers it with the command the page shows, the Chairman invites the State, the delegation
// consents from the page, the secretariat opens a vote, the delegation votes from the page with
// an explanation, and the page checks both receipts against the log's key. Then "receipt check"
// accepts the receipts taken from the page, and "verify" the record. Every step is screenshot
// under $PEACEBOARD_ARTIFACTS/workspace/{en,fr}, and axe-core finds no WCAG 2.2 A/AA violation
// in any of the page's states, at desktop and phone widths.
//
// Without chromium or axe-core, the test is skipped outside CI and fails in CI (CI=true), where
// .ci/run installs both.
func TestWorkspace(t *testing.T) {
	chromium := needChromium(t)
	axe := needAxe(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "workspace.db")
	if _, err := runAt(t, time.Now, "replay", writeFile(t, "workspace.yaml", workspaceScenario(time.Now())), "--db", db); err != nil {
		t.Fatal(err)
	}
	secretariat, chairman := filepath.Join(dir, "secretariat.key"), filepath.Join(dir, "chairman.key")
	for actor, file := range map[string]string{"secretariat": secretariat, "chairman": chairman} {
		if _, err := runAt(t, time.Now, "keys", "dev", actor, "--db", db, "--out", file); err != nil {
			t.Fatal(err)
		}
	}
	addr, _, stop := serveAt(t, time.Now, "--db", db)
	server := "http://" + addr
	logKey, err := httpGet(server + "/log/key")
	if err != nil {
		t.Fatal(err)
	}
	logKey = strings.TrimSpace(logKey)

	flows := []workspaceFlow{
		{lang: "en", state: "KAZ", proposal: "p-en", place: "Davos", explanation: "Yes <because> water & peace come first",
			consent:    "The delegation of Kazakhstan consents to be bound by the charter, by signature, at Davos.",
			vote:       "The delegation of Kazakhstan votes yes on “Water for Gaza”, explaining: “Yes <because> water & peace come first”.",
			registered: "Registered in the record for state:KAZ", checked: "Receipt checked",
			rotate: true, rotation: "The delegation of Kazakhstan registers the key "},
		// The French delegation types its place in decomposed form (e and a combining grave
		// accent): the page puts it in NFC before signing, as the server requires.
		{lang: "fr", state: "CAN", proposal: "p-fr", place: "Gene\u0300ve", placeNFC: "Genève", explanation: "Pour : l'eau d'abord <priorité> & la paix",
			consent:    "Canada (délégation) : consentement à être lié par la charte, par signature, à Genève.",
			vote:       "Canada (délégation) : vote « pour » sur « De l'eau pour Gaza », avec l'explication : « Pour : l'eau d'abord <priorité> & la paix ».",
			registered: "Enregistrée au registre pour state:CAN", checked: "Reçu vérifié"},
	}
	// A browser without Ed25519 in WebCrypto is told what to do instead. Chromium has it: the
	// tab takes it away before the page's script runs, as an older browser would refuse it.
	t.Run("without Ed25519", func(t *testing.T) {
		for _, lang := range []string{"en", "fr"} {
			tb := openWorkspaceTab(t, chromium, server)
			if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `{
				const generate = SubtleCrypto.prototype.generateKey;
				SubtleCrypto.prototype.generateKey = function (alg, ...rest) {
					if ((alg && alg.name || alg) === "Ed25519") return Promise.reject(new DOMException("Ed25519 is not supported", "NotSupportedError"));
					return generate.call(this, alg, ...rest);
				};
			}`}); err != nil {
				t.Fatal(err)
			}
			tb.open("/workspace?lang=" + lang)
			tb.waitFor(`!document.getElementById("ws-unsupported").hidden`, 10*time.Second)
			got := tb.text("#ws-unsupported")
			for _, want := range []string{"Chrome", "Firefox 129", "Safari 17", "peaceboard keys new", "peaceboard act"} {
				if !strings.Contains(got, want) {
					t.Errorf("%s: without Ed25519, the page does not mention %q:\n%s", lang, want, got)
				}
			}
			if why := tb.text("#ws-unsupported-why"); why == "" || !strings.Contains(why, "Ed25519") {
				t.Errorf("%s: the page gives no reason, or not Ed25519: %q", lang, why)
			}
			if tb.eval(`String(document.getElementById("ws-key").hidden)`) != "true" {
				t.Errorf("%s: the key section is offered without Ed25519", lang)
			}
			w := &workspaceRun{t: t, tab: tb, axe: axe, flow: workspaceFlow{lang: lang}, shots: artifactsDir(t, filepath.Join("workspace", lang))}
			w.shoot("unsupported")
			tb.check("without Ed25519 (" + lang + ")")
		}
	})

	var receipts []string
	for _, f := range flows {
		t.Run(f.lang, func(t *testing.T) {
			w := &workspaceRun{t: t, flow: f, server: server, secretariat: secretariat, chairman: chairman, axe: axe,
				shots: artifactsDir(t, filepath.Join("workspace", f.lang))}
			w.tab = openWorkspaceTab(t, chromium, server)
			receipts = append(receipts, w.run()...)
		})
	}
	stop()

	// The receipts the page showed are the ones "peaceboard receipt check" reads.
	if len(receipts) != 5 {
		t.Fatalf("the page gave %d receipts, want 5 (a consent and a vote in each language, and a rotation)", len(receipts))
	}
	for i, r := range receipts {
		file := filepath.Join(dir, fmt.Sprintf("receipt-%d.json", i))
		if err := os.WriteFile(file, []byte(r), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := runAt(t, time.Now, "receipt", "check", file, "--key", logKey)
		if err != nil || !strings.Contains(out, "is in the log") {
			t.Errorf("receipt check of the page's receipt %d: %v\n%s\n%s", i, err, out, r)
		}
	}
	if out, err := runAt(t, time.Now, "verify", "--db", db); err != nil {
		t.Errorf("verify --db after the workspace's acts: %v\n%s", err, out)
	}
}

// workspaceScenario is a record whose history is dated relative to now: the charter in force
// sixty days ago, an Executive Board member, a voting meeting yesterday, and two proposals made
// forty days ago, past their comment period, on the meeting's approved agenda: one for each
// language's delegation to vote on.
func workspaceScenario(now time.Time) string {
	day := func(d int) string { return now.UTC().AddDate(0, 0, -d).Format(time.DateOnly) }
	return fmt.Sprintf(`rules: board-of-peace
acts:
  - {at: %[1]s, by: chairman, act: invite, state: MAR, founding: true}
  - {at: %[1]s, by: chairman, act: invite, state: BHR}
  - {at: %[1]s, by: chairman, act: invite, state: ARE}
  - {at: %[1]s, by: state:MAR, act: consent, instrument: signature, place: Davos}
  - {at: %[1]s, by: state:BHR, act: consent, instrument: signature, place: Davos}
  - {at: %[1]s, by: state:ARE, act: consent, instrument: signature, place: Davos}
  - {at: %[1]s, by: chairman, act: appoint-executive, id: rubio, person: Marco Rubio}
  - {at: %[2]s, by: chairman, act: convene, id: plenary, kind: voting, date: %[5]s, place: Geneva}
  - {at: %[3]s, by: executive:rubio, act: propose, id: p-en, kind: initiative, title: Water for Gaza, text: Illustrative.}
  - {at: %[3]s, by: executive:rubio, act: propose, id: p-fr, kind: initiative, title: "De l'eau pour Gaza", text: Illustratif.}
  - {at: %[4]s, by: executive:rubio, act: set-agenda, meeting: plenary, proposals: [p-en, p-fr]}
  - {at: %[4]s, by: chairman, act: approve-agenda, meeting: plenary}
`, day(60), day(45), day(40), day(30), day(1))
}

// A workspaceFlow is one language's run: the State that acts, the proposal it votes on, what it
// types, and what the page must say.
type workspaceFlow struct {
	lang, state, proposal string
	place, placeNFC       string
	explanation           string
	consent, vote         string // the sentences shown before signing
	registered, checked   string // the page's words once the key is registered, and a receipt checked
	rotate                bool   // whether to rotate the key from the page, at the end
	rotation              string // the start of the sentence shown before signing the rotation
}

type workspaceRun struct {
	t                     *testing.T
	flow                  workspaceFlow
	tab                   *workspaceTab
	server                string
	secretariat, chairman string // key files
	axe                   string // axe.min.js
	shots                 string
	step                  int
}

// run plays the flow and returns the receipts the page showed.
func (w *workspaceRun) run() []string {
	t, f, tb := w.t, w.flow, w.tab
	actor := "state:" + f.state
	tb.open("/workspace?lang=" + f.lang)
	tb.waitFor(`document.body.dataset.workspace === "ready"`, 20*time.Second)
	if got := tb.eval(`document.documentElement.lang`); got != f.lang {
		t.Errorf("<html lang=%q>, want %q", got, f.lang)
	}
	tb.waitFor(`!document.getElementById("ws-key-none").hidden`, 10*time.Second)
	w.shoot("no-key")

	// 1. A key, made in the page.
	if err := chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.ID("ws-actor"), actor), chromedp.Click(chromedp.ID("ws-generate-button"))); err != nil {
		t.Fatal(err)
	}
	tb.waitFor(`document.getElementById("ws-public-key").textContent !== ""`, 10*time.Second)
	pub, keyID := tb.eval(`document.getElementById("ws-public-key").textContent`), tb.eval(`document.getElementById("ws-key-id").textContent`)
	if want := keyIDOf(t, pub); keyID != want {
		t.Errorf("the page shows key id %s for %s, want %s", keyID, pub, want)
	}
	// The private key cannot be exported: the page keeps a non-extractable CryptoKey.
	if got := tb.evalAsync(`new Promise((ok, no) => { const r = indexedDB.open("peaceboard-workspace"); r.onsuccess = () => {
		const g = r.result.transaction("keys").objectStore("keys").get("current"); g.onsuccess = () => ok(String(g.result.keyPair.privateKey.extractable) + " " + g.result.keyPair.privateKey.algorithm.name); g.onerror = no; }; r.onerror = no; })`); got != "false Ed25519" {
		t.Errorf("the stored private key: extractable and algorithm = %q, want false Ed25519", got)
	}
	w.shoot("key")

	// 2. The secretariat registers it, with the command the page shows.
	command := tb.eval(`document.getElementById("ws-register-command").textContent`)
	want := "peaceboard act --server " + w.server + " --key secretariat.key --as secretariat register-key actor=" + actor + " key=" + pub
	if command != want {
		t.Fatalf("the page's register command is\n%s\nwant\n%s", command, want)
	}
	args := strings.Fields(strings.TrimPrefix(command, "peaceboard "))
	for i := range args {
		if args[i] == "secretariat.key" {
			args[i] = w.secretariat
		}
	}
	w.cli(args...)
	tb.waitFor(`!document.getElementById("ws-acts").hidden`, 15*time.Second)
	if got := tb.text("#ws-registration"); !strings.Contains(got, f.registered) {
		t.Errorf("once registered, the page says %q, want %q", got, f.registered)
	}
	w.shoot("registered")

	// 3. The Chairman invites the State; the page offers consent, and the delegation consents.
	w.cli("act", "--server", w.server, "--key", w.chairman, "--as", "chairman", "invite", "state="+f.state)
	tb.waitFor(`document.querySelector('form[data-act="consent"]') !== null`, 15*time.Second)
	w.shoot("consent-form")
	tb.fill(`form[data-act="consent"]`, map[string]string{"instrument": "signature", "place": f.place})
	consent := w.sign(`form[data-act="consent"]`, f.consent, map[string]any{"instrument": "signature", "place": cmpOr(f.placeNFC, f.place)}, "consent")

	// 4. The secretariat opens the vote; the page offers it, and the delegation votes.
	w.cli("act", "--server", w.server, "--key", w.secretariat, "--as", "secretariat", "open-vote", "proposal="+f.proposal)
	sel := `form[data-act="vote"][data-about="` + f.proposal + `"]`
	tb.waitFor(`document.querySelector('`+sel+`') !== null`, 15*time.Second)
	w.shoot("vote-form")
	tb.fill(sel, map[string]string{"choice": "yes", "explanation": f.explanation})
	vote := w.sign(sel, f.vote, map[string]any{"proposal": f.proposal, "choice": "yes", "explanation": f.explanation}, "vote")
	receipts := []string{consent, vote}

	// 5. The delegation rotates its key from the page, signing with the current one.
	if f.rotate {
		if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.ID("ws-rotate-button"))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".confirm button:not(.secondary)"))); err != nil {
			t.Fatal(err)
		}
		tb.waitFor(`!document.getElementById("ws-review").hidden`, 10*time.Second)
		next := tb.eval(`JSON.parse(document.getElementById("ws-canonical").textContent).fields.key`)
		rotation := w.sign("", f.rotation, map[string]any{"actor": actor, "key": next, "replaces": keyID}, "register-key")
		receipts = append(receipts, rotation)
		tb.waitFor(`document.getElementById("ws-key-id").textContent !== `+jsString(keyID), 10*time.Second)
		if got, want := tb.eval(`document.getElementById("ws-key-id").textContent`), keyIDOf(t, next); got != want {
			t.Errorf("after the rotation, the page shows key id %s, want the new key's %s", got, want)
		}
		var old struct {
			Valid     bool    `json:"valid"`
			RevokedAt *string `json:"revoked_at"`
		}
		body, err := httpGet(w.server + "/api/v1/keys/" + keyID)
		if err := errors.Join(err, json.Unmarshal([]byte(body), &old)); err != nil || old.Valid || old.RevokedAt == nil {
			t.Errorf("after the rotation, the old key is %s (%v); want it revoked", body, err)
		}
		tb.waitFor(`document.getElementById("ws-registration").textContent.startsWith(`+jsString(f.registered)+`)`, 15*time.Second)
		w.shoot("rotated")
	}
	tb.check("the workspace (" + f.lang + ")")
	return receipts
}

// sign reviews the act of form, checks what the page says will be signed, signs it, and waits
// for the receipt to be checked in the page; it returns the receipt's JSON.
func (w *workspaceRun) sign(form, sentence string, fields map[string]any, name string) string {
	t, tb := w.t, w.tab
	if form != "" { // else the act is under review already
		if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(form+` button[type="submit"]`))); err != nil {
			t.Fatal(err)
		}
	}
	tb.waitFor(`!document.getElementById("ws-review").hidden`, 10*time.Second)
	if got := tb.text("#ws-sentence"); !strings.HasPrefix(got, sentence) {
		t.Errorf("before signing, the page says\n%q\nwant it to begin\n%q", got, sentence)
	}
	canonical := tb.eval(`document.getElementById("ws-canonical").textContent`)
	sum := sha256.Sum256([]byte(canonical))
	if got := tb.eval(`document.getElementById("ws-hash").textContent`); got != hex.EncodeToString(sum[:]) {
		t.Errorf("the page shows SHA-256 %s of the bytes, want %x", got, sum)
	}
	var act struct {
		Act    string         `json:"act"`
		At     string         `json:"at"`
		By     string         `json:"by"`
		Fields map[string]any `json:"fields"`
	}
	if err := json.Unmarshal([]byte(canonical), &act); err != nil {
		t.Fatalf("the bytes to sign are not JSON: %v\n%s", err, canonical)
	}
	at, err := time.Parse(time.RFC3339, act.At)
	if act.Act != name || act.By != "state:"+w.flow.state || err != nil || !strings.HasSuffix(act.At, "Z") || time.Since(at).Abs() > time.Minute {
		t.Errorf("the act to sign is %s by %s at %s, want %s by state:%s now, in UTC to the second", act.Act, act.By, act.At, name, w.flow.state)
	}
	for k, v := range fields {
		if act.Fields[k] != v {
			t.Errorf("the act's %s is %q, want %q (%s)", k, act.Fields[k], v, canonical)
		}
	}
	// RFC 8785 writes <, > and & as they are; Go's encoding/json would have escaped them.
	if e, ok := fields["explanation"].(string); ok && !strings.Contains(canonical, `"explanation":"`+e+`"`) {
		t.Errorf("the bytes to sign do not hold the explanation as typed: %s", canonical)
	}
	w.shoot(name + "-review")
	if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.ID("ws-sign"))); err != nil {
		t.Fatal(err)
	}
	tb.waitFor(`document.getElementById("ws-receipt-check").hasAttribute("data-checked") || !document.getElementById("ws-alert").hidden`, 20*time.Second)
	if msg := tb.eval(`document.getElementById("ws-alert").hidden ? "" : document.getElementById("ws-alert").textContent`); msg != "" {
		t.Fatalf("signing the %s: the page says %q", name, msg)
	}
	if got := tb.text("#ws-receipt-check"); tb.eval(`document.getElementById("ws-receipt-check").dataset.checked`) != "true" || !strings.HasPrefix(got, w.flow.checked) {
		t.Errorf("after signing the %s, the page says %q, want %q", name, got, w.flow.checked)
	}
	if n := tb.eval(`String(document.querySelectorAll("#ws-receipt-steps li.ok").length)`); n != "5" {
		t.Errorf("the page lists %s checks passed, want 5", n)
	}
	w.shoot(name + "-receipt")
	receipt := tb.eval(`document.getElementById("ws-receipt-json").textContent`)
	var r struct {
		Leaf []byte `json:"leaf"`
	}
	if err := json.Unmarshal([]byte(receipt), &r); err != nil || !strings.HasPrefix(string(r.Leaf), `{"act":`+canonical+`,`) {
		t.Errorf("the receipt's leaf does not hold the bytes signed (%v):\n%s", err, r.Leaf)
	}
	return receipt
}

// shoot screenshots the page's state at the desktop width, then at a phone's, and has axe-core
// check it at both.
func (w *workspaceRun) shoot(name string) {
	w.t.Helper()
	w.step++
	for _, width := range []int64{1280, 390} {
		if err := chromedp.Do(w.tab.ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			w.t.Fatal(err)
		}
		file := fmt.Sprintf("%02d-%s", w.step, name)
		if width != 1280 {
			file += "-phone"
		}
		w.tab.screenshot(filepath.Join(w.shots, file+".png"))
		w.tab.axe(w.axe, fmt.Sprintf("%s at %dpx (%s)", name, width, w.flow.lang))
		// Nothing reaches past the page's width (WCAG 1.4.10, reflow), which axe-core does not
		// check: a log key in a sentence once did, on a phone.
		over, err := chromedp.Run(w.tab.ctx, chromedp.Evaluate[string](overflowing))
		if err != nil {
			w.t.Fatal(err)
		}
		if over != "" {
			w.t.Errorf("%s at %dpx (%s): %s reaches past the page's width", name, width, w.flow.lang, over)
		}
	}
	if err := chromedp.Do(w.tab.ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		w.t.Fatal(err)
	}
}

// overflowing is a script that names the first element reaching past the viewport's width, or "".
const overflowing = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return "";
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "");
  const e = [...document.querySelectorAll("body *")].find(e =>
    getComputedStyle(e).overflowX === "visible" && (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 || e.getBoundingClientRect().right > width + 1));
  return (e ? name(e) + ": " + e.textContent.slice(0, 60) : "the page") + " (" + document.documentElement.scrollWidth + "px wide)";
})()`

// cli runs the CLI in-process, on the real clock, and fails the test if it fails.
func (w *workspaceRun) cli(args ...string) {
	w.t.Helper()
	if out, err := runAt(w.t, time.Now, args...); err != nil {
		w.t.Fatalf("peaceboard %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func keyIDOf(t *testing.T, pub string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(pub)
	if err != nil || len(raw) != 32 {
		t.Fatalf("the page's public key %q is not 32 bytes of base64: %v", pub, err)
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:8])
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// needChromium returns Debian's chromium ($PEACEBOARD_CHROMIUM, or chromium on the PATH).
func needChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PEACEBOARD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "the workspace test needs Debian's chromium (apt-get install -y chromium), which is not installed")
	return ""
}

// needAxe returns axe-core's axe.min.js: $PEACEBOARD_AXE, or npm's global axe-core.
func needAxe(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PEACEBOARD_AXE"); p != "" {
		return p
	}
	if out, err := exec.Command("npm", "root", "-g").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "axe-core", "axe.min.js")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	missing(t, "the workspace test needs axe-core (npm install -g axe-core@4.11.1, or PEACEBOARD_AXE=path/to/axe.min.js), which is not installed")
	return ""
}

// missing fails the test in CI, where .ci/run installs what it needs, and skips it elsewhere.
func missing(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; skipped outside CI")
}

// artifactsDir returns $PEACEBOARD_ARTIFACTS/sub, or a temporary directory.
func artifactsDir(t *testing.T, sub string) string {
	t.Helper()
	root := os.Getenv("PEACEBOARD_ARTIFACTS")
	if root == "" {
		return t.TempDir()
	}
	dir := filepath.Join(root, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A workspaceTab is a tab of its own headless chromium (its own profile, so its own IndexedDB)
// on the server, that records every problem the page reports: a console error, an uncaught
// exception, an error in the browser's log, a request to another host.
type workspaceTab struct {
	t   *testing.T
	ctx context.Context
	url string

	mu       sync.Mutex
	problems []string
}

func openWorkspaceTab(t *testing.T, chromium, server string) *workspaceTab {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	browser, cancelBrowser := chromedp.NewContext(alloc)
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("starting chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(browser, 3*time.Minute)
	t.Cleanup(func() { cancel(); cancelBrowser(); cancelAlloc() })
	tb := &workspaceTab{t: t, ctx: ctx, url: server}
	u, _ := url.Parse(server)
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			r, err := url.Parse(ev.Request.URL)
			if err != nil || r.Scheme != "data" && r.Host != u.Host {
				tb.problem("request leaving the server: %s", ev.Request.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				tb.problem("console.%s", ev.Type)
			}
		case *runtime.EventExceptionThrown:
			tb.problem("uncaught exception: %s", ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			// A key not registered yet is a 404 of /api/v1/keys/{id}, which the page expects
			// and says; the browser logs it all the same.
			if ev.Entry.Level == log.EntryLevelError && !(strings.Contains(ev.Entry.URL, "/api/v1/keys/") && strings.Contains(ev.Entry.Text, "404")) {
				tb.problem("browser log error: %s (%s)", ev.Entry.Text, ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func (tb *workspaceTab) problem(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
}

// check fails the test with the problems seen so far.
func (tb *workspaceTab) check(where string) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		tb.t.Errorf("%s: %s", where, p)
	}
	tb.problems = nil
}

func (tb *workspaceTab) open(path string) {
	tb.t.Helper()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.url+path))
	if err != nil {
		tb.t.Fatalf("%s: %v", path, err)
	}
	if resp.Status != http.StatusOK {
		tb.t.Fatalf("%s: status %d", path, resp.Status)
	}
}

func (tb *workspaceTab) eval(js string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return s
}

func (tb *workspaceTab) evalAsync(js string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return s
}

// text is an element's text as a reader sees it: a no-break space is a space.
func (tb *workspaceTab) text(css string) string {
	tb.t.Helper()
	s := tb.eval(`document.querySelector(` + jsString(css) + `).textContent`)
	return strings.TrimSpace(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s))
}

// waitFor waits until the JavaScript condition holds, and fails the test with the page's alert,
// if it shows one, when it does not within d.
func (tb *workspaceTab) waitFor(cond string, d time.Duration) {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		alert, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.getElementById("ws-alert") ? document.getElementById("ws-alert").textContent : ""`))
		status, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`(document.getElementById("ws-registration")||{}).textContent + " | " + (document.getElementById("ws-acts-status")||{}).textContent`))
		tb.check("before the timeout")
		tb.t.Fatalf("waiting for %s: %v (alert: %q; status: %q)", cond, err, alert, status)
	}
}

// fill sets the inputs of the form sel, by field name.
func (tb *workspaceTab) fill(sel string, values map[string]string) {
	tb.t.Helper()
	for name, v := range values {
		got := tb.eval(`(() => { const e = document.querySelector(` + jsString(sel+` [data-field="`+name+`"]`) + `);
			if (!e) return "no input"; e.value = ` + jsString(v) + `; e.dispatchEvent(new Event("input", {bubbles: true})); return e.value; })()`)
		if got != v {
			tb.t.Fatalf("%s: the input %s reads %q after setting %q", sel, name, got, v)
		}
	}
}

func (tb *workspaceTab) screenshot(file string) {
	tb.t.Helper()
	img, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", file, err)
	}
	if err := os.WriteFile(file, img, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// axeTags are the rules axe-core checks: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const axeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]`

// axe runs axe-core on the page and fails the test with each violation. The script is given
// through DevTools, which the page's Content-Security-Policy does not govern.
func (tb *workspaceTab) axe(file, where string) {
	tb.t.Helper()
	if tb.eval(`typeof axe`) == "undefined" {
		src, err := os.ReadFile(file)
		if err != nil {
			tb.t.Fatal(err)
		}
		if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
			tb.t.Fatalf("loading axe-core: %v", err)
		}
	}
	out := tb.evalAsync(`axe.run(document, {runOnly: {type: "tag", values: ` + axeTags + `}}).then(r => JSON.stringify(r.violations.map(v =>
		({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))))`)
	var violations []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(out), &violations); err != nil {
		tb.t.Fatalf("axe-core's answer: %v\n%s", err, out)
	}
	for _, v := range violations {
		tb.t.Errorf("axe-core, %s: %s (%s, %s):\n  %s", where, v.ID, v.Help, v.Impact, strings.Join(v.Nodes, "\n  "))
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
