// The signing workspace (/workspace). An actor's key is made here by the browser's WebCrypto,
// as a non-extractable Ed25519 key kept in IndexedDB, and acts are signed here: the server only
// ever receives public keys, signatures and the bytes of acts. The page then checks the receipt
// the server gives back against the log's published key, so that the actor does not have to trust
// the server to have recorded what was signed. docs/signing.md specifies the bytes (act format
// v2) and the receipt; docs/workspace.md describes the page to its users.
//
// No library, no build step: the Content-Security-Policy lets the page load nothing but this
// server's files, and the code that signs should be short enough to be read by whoever uses it.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("ws-data").textContent);
  const $ = (id) => document.getElementById(id);
  const enc = new TextEncoder();

  // t returns the label key in the page's language, with {name} placeholders filled from vars.
  function t(key, vars) {
    let s = data.text[key] === undefined ? key : data.text[key];
    for (const [k, v] of Object.entries(vars || {})) {
      s = s.split("{" + k + "}").join(String(v));
    }
    return s;
  }

  // el makes an element with attributes (on*: listeners) and children (strings are text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) {
      if (c !== undefined && c !== null) e.append(c);
    }
    return e;
  }

  function show(id, on) { $(id).hidden = !on; }

  function status(msg) { $("ws-status").textContent = msg; }

  // alert shows a problem in the live region that screen readers announce at once; "" hides it.
  function alert(msg) {
    const a = $("ws-alert");
    a.textContent = msg;
    a.hidden = msg === "";
  }

  // ---- Bytes ----------------------------------------------------------------------------------

  function b64(bytes) {
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }

  // unb64 decodes standard base64 with padding, and throws on anything else.
  function unb64(s) {
    if (typeof s !== "string" || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
      throw new Error("not base64");
    }
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let i = 0;
    for (const p of parts) { out.set(p, i); i += p.length; }
    return out;
  }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  // canonical writes v as RFC 8785 (JSON Canonicalization Scheme) text. Acts hold only strings,
  // booleans, integers, lists and objects; JSON.stringify writes strings and integers exactly as
  // RFC 8785 wants, and members are sorted by their UTF-16 code units, which is what a
  // JavaScript sort without a comparator compares.
  function canonical(v) {
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (v !== null && typeof v === "object") {
      return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
    }
    if (typeof v === "number" && !Number.isSafeInteger(v)) throw new Error("acts hold whole numbers only");
    return JSON.stringify(v);
  }

  // nowSecond is the time an act gives: now, in UTC, to the second (docs/signing.md §1).
  function nowSecond() {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  }

  // ---- The API --------------------------------------------------------------------------------

  // problem returns what a failed answer says: an RFC 9457 problem's detail, or its status.
  async function problem(r) {
    try {
      const p = await r.json();
      if (p && p.detail) return p.detail;
      if (p && p.title) return p.title;
    } catch (e) { /* not JSON: say the status */ }
    return "HTTP " + r.status;
  }

  async function getJSON(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!r.ok) {
      const err = new Error(await problem(r));
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  // actorPath is the path segment of an actor; the colon of state:KAZ is allowed in a path.
  function actorPath(actor) {
    return encodeURIComponent(actor).replace(/%3A/g, ":");
  }

  // ---- The key, kept in IndexedDB -------------------------------------------------------------

  const DB = "peaceboard-workspace";
  const STORE = "keys";
  // The stored records: CURRENT is the key the page signs with; NEXT is a key being rotated in,
  // kept until the record holds it, so that a page closed mid-rotation does not lose it.
  const CURRENT = "current";
  const NEXT = "next";

  function openDB() {
    return new Promise((resolve, reject) => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  async function stored(mode, fn) {
    const db = await openDB();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  const load = (name) => stored("readonly", (s) => s.get(name));
  // save keeps a record whose keyPair holds CryptoKeys: IndexedDB stores them by structured
  // clone, private key included, without ever exposing its bytes.
  const save = (name, rec) => stored("readwrite", (s) => s.put(rec, name));
  const remove = (name) => stored("readwrite", (s) => s.delete(name));

  // keyRecord describes a key pair for the page: its public key (base64 of the raw 32 bytes) and
  // its key id (hex of the first 8 bytes of their SHA-256, as board.KeyIDOf).
  async function keyRecord(pair, actor) {
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
    return {
      keyPair: { privateKey: pair.privateKey, publicKey: pair.publicKey },
      actor: actor,
      publicKey: b64(raw),
      keyId: hex((await sha256(raw)).slice(0, 8)),
      created: new Date().toISOString(),
    };
  }

  const ED25519 = { name: "Ed25519" };

  // unsupported says why this browser cannot sign here, or "" if it can.
  async function unsupported() {
    if (!window.isSecureContext) return "ws.unsupported.insecure";
    if (!window.crypto || !crypto.subtle) return "ws.unsupported.nosubtle";
    try {
      await crypto.subtle.generateKey(ED25519, false, ["sign", "verify"]);
    } catch (e) {
      return "ws.unsupported.noed25519";
    }
    try {
      await load(CURRENT);
    } catch (e) {
      return "ws.unsupported.storage";
    }
    return "";
  }

  // ---- The encrypted backup -------------------------------------------------------------------

  const BACKUP_FORMAT = "peaceboard-workspace-key-backup-v1";
  const PBKDF2_ITERATIONS = 600000;

  async function wrappingKey(passphrase, salt, iterations) {
    const base = await crypto.subtle.importKey("raw", enc.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations },
      base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  }

  // backupAAD binds the ciphertext to the file's format, actor and public key: a file whose
  // public key was changed does not decrypt.
  function backupAAD(b) {
    return enc.encode(BACKUP_FORMAT + "\n" + b.actor + "\n" + b.public_key);
  }

  async function makeBackup(pkcs8, rec, passphrase) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const b = {
      format: BACKUP_FORMAT,
      actor: rec.actor,
      public_key: rec.publicKey,
      key_id: rec.keyId,
      kdf: { name: "PBKDF2", hash: "SHA-256", iterations: PBKDF2_ITERATIONS, salt: b64(salt) },
      cipher: { name: "AES-GCM", length: 256, iv: b64(iv) },
      ciphertext: "",
    };
    const k = await wrappingKey(passphrase, salt, PBKDF2_ITERATIONS);
    const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: backupAAD(b) }, k, pkcs8);
    b.ciphertext = b64(new Uint8Array(ct));
    return JSON.stringify(b, null, 2) + "\n";
  }

  async function openBackup(text, passphrase) {
    let b;
    try {
      b = JSON.parse(text);
    } catch (e) {
      throw new Error(t("ws.restore.bad", { why: "JSON" }));
    }
    if (!b || b.format !== BACKUP_FORMAT || !b.kdf || b.kdf.name !== "PBKDF2" || b.kdf.hash !== "SHA-256" ||
        !Number.isSafeInteger(b.kdf.iterations) || b.kdf.iterations < 100000 || !b.cipher || b.cipher.name !== "AES-GCM") {
      throw new Error(t("ws.restore.bad", { why: "format" }));
    }
    let pkcs8;
    try {
      const k = await wrappingKey(passphrase, unb64(b.kdf.salt), b.kdf.iterations);
      pkcs8 = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64(b.cipher.iv), additionalData: backupAAD(b) }, k, unb64(b.ciphertext)));
    } catch (e) {
      throw new Error(t("ws.restore.wrong"));
    }
    const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, ED25519, false, ["sign"]);
    pkcs8.fill(0);
    const publicKey = await crypto.subtle.importKey("raw", unb64(b.public_key), ED25519, true, ["verify"]);
    // The private key must be the public key's: sign and verify a probe.
    const probe = enc.encode("peaceboard workspace backup check");
    if (!await crypto.subtle.verify(ED25519, publicKey, await crypto.subtle.sign(ED25519, privateKey, probe), probe)) {
      throw new Error(t("ws.restore.bad", { why: "public_key" }));
    }
    return keyRecord({ privateKey, publicKey }, b.actor);
  }

  // dataURL makes a download link's address: a data: URL stays within the page's own origin
  // rules, and nothing is sent anywhere.
  function dataURL(text) {
    return "data:application/json;charset=utf-8," + encodeURIComponent(text);
  }

  // ---- The page's state -----------------------------------------------------------------------

  let key = null; // the CURRENT record
  let registered = false;
  let pollTimer = 0;
  let lastActs = "";
  let schemas = null; // components.schemas of /api/v1/openapi.json, once loaded
  let pending = null; // the act under review: {act, bytes, item, idem, made, after}

  const ACTOR = /^(chairman|chief-executive|secretariat|state:[A-Z]{3}|(executive|org):[a-z0-9]+(-[a-z0-9]+)*)$/;

  function actorName(a) { return data.names[a] || a; }

  function renderKey() {
    show("ws-key", true);
    show("ws-key-none", !key);
    show("ws-key-shown", !!key);
    show("ws-rotate", !!key && registered);
    if (!key) {
      show("ws-acts", false);
      return;
    }
    $("ws-key-actor").textContent = key.actor;
    $("ws-key-actor-name").textContent = actorName(key.actor) === key.actor ? "" : actorName(key.actor);
    $("ws-public-key").textContent = key.publicKey;
    $("ws-key-id").textContent = key.keyId;
    $("ws-register-command").textContent = "peaceboard act --server " + data.server +
      " --key secretariat.key --as secretariat register-key actor=" + key.actor + " key=" + key.publicKey;
    show("ws-register-how", !registered);
  }

  function fail(e) {
    alert(e && e.message ? e.message : String(e));
  }

  // ---- Generating, restoring, forgetting ------------------------------------------------------

  async function generate(ev) {
    ev.preventDefault();
    alert("");
    const actor = $("ws-actor").value.trim();
    if (!ACTOR.test(actor)) {
      alert(t("ws.actor.bad", { actor }));
      $("ws-actor").focus();
      return;
    }
    const backup = $("ws-backup").checked;
    const pass = $("ws-passphrase").value;
    if (backup && pass.length < 12) { alert(t("ws.passphrase.short")); $("ws-passphrase").focus(); return; }
    if (backup && pass !== $("ws-passphrase2").value) { alert(t("ws.passphrase.mismatch")); $("ws-passphrase2").focus(); return; }
    $("ws-generate-button").disabled = true;
    status(t("ws.generating"));
    try {
      let rec, file = null;
      if (!backup) {
        rec = await keyRecord(await crypto.subtle.generateKey(ED25519, false, ["sign", "verify"]), actor);
      } else {
        // Only a backup needs the private key's bytes: make an extractable key, write its
        // encrypted copy, and keep a non-extractable import of it. The extractable one is
        // dropped with this block, and the bytes are wiped.
        const extractable = await crypto.subtle.generateKey(ED25519, true, ["sign", "verify"]);
        const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", extractable.privateKey));
        const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, ED25519, false, ["sign"]);
        rec = await keyRecord({ privateKey, publicKey: extractable.publicKey }, actor);
        file = await makeBackup(pkcs8, rec, pass);
        pkcs8.fill(0);
      }
      await save(CURRENT, rec);
      key = rec;
      registered = false;
      $("ws-passphrase").value = $("ws-passphrase2").value = "";
      if (file) {
        const a = $("ws-backup-download");
        a.href = dataURL(file);
        a.download = "peaceboard-key-" + rec.keyId + ".json";
        show("ws-backup-offer", true);
      }
      renderKey();
      status(t("ws.generated"));
      $("h-key").focus();
      startPolling();
    } catch (e) {
      fail(e);
    } finally {
      $("ws-generate-button").disabled = false;
    }
  }

  async function restore(ev) {
    ev.preventDefault();
    alert("");
    const f = $("ws-restore-file").files[0];
    if (!f) return;
    try {
      const rec = await openBackup(await f.text(), $("ws-restore-passphrase").value);
      await save(CURRENT, rec);
      key = rec;
      registered = false;
      $("ws-restore-passphrase").value = "";
      renderKey();
      status(t("ws.restored"));
      $("h-key").focus();
      startPolling();
    } catch (e) {
      fail(e);
    }
  }

  // The forget and rotate buttons ask again in the page rather than with confirm(), which
  // blocks the page and which some browsers suppress.
  function confirmInPage(button, question, action) {
    const box = el("p", { class: "confirm", role: "group" });
    const no = el("button", { type: "button", class: "secondary", text: t("ws.cancel"), onclick: () => { box.remove(); button.hidden = false; button.focus(); } });
    const yes = el("button", { type: "button", text: button.textContent, onclick: () => { box.remove(); button.hidden = false; action(); } });
    box.append(el("span", { text: question }), " ", yes, " ", no);
    button.hidden = true;
    button.after(box);
    yes.focus();
  }

  async function forget() {
    try {
      await remove(CURRENT);
      await remove(NEXT);
    } catch (e) {
      fail(e);
      return;
    }
    key = null;
    registered = false;
    lastActs = "";
    clearInterval(pollTimer);
    show("ws-backup-offer", false);
    cancelReview();
    show("ws-receipt", false);
    renderKey();
    status(t("ws.forgotten"));
  }

  // ---- Registration ---------------------------------------------------------------------------

  function startPolling() {
    clearInterval(pollTimer);
    checkRegistration();
    pollTimer = setInterval(() => { registered ? loadActs() : checkRegistration(); }, 3000);
  }

  function day(iso) {
    try {
      return new Intl.DateTimeFormat(data.lang, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) + " UTC";
    } catch (e) {
      return iso;
    }
  }

  async function checkRegistration() {
    if (!key) return;
    const at = $("ws-registration");
    let k;
    try {
      k = await getJSON("/api/v1/keys/" + key.keyId);
    } catch (e) {
      at.textContent = e.status === 404 ? t("ws.reg.waiting") : t("ws.reg.error", { why: e.message });
      return;
    }
    if (!k.valid) {
      at.textContent = k.revoked_at ? t("ws.reg.revoked", { since: day(k.revoked_at) }) : t("ws.reg.waiting");
      return;
    }
    let msg = t("ws.reg.valid", { actor: k.actor, since: day(k.registered_at) });
    if (k.actor !== key.actor) {
      // The record is the authority on whose key this is.
      msg += " " + t("ws.reg.other", { actor: k.actor, wanted: key.actor });
      key.actor = k.actor;
      await save(CURRENT, key);
    }
    if (k.development) msg += " " + t("ws.reg.development");
    at.textContent = msg;
    registered = true;
    renderKey();
    show("ws-acts", true);
    loadActs();
  }

  // ---- What the actor may do now --------------------------------------------------------------

  async function loadSchemas() {
    if (schemas) return schemas;
    try {
      const doc = await getJSON("/api/v1/openapi.json");
      schemas = (doc.components && doc.components.schemas) || {};
    } catch (e) {
      schemas = {}; // every input falls back to a text field
    }
    return schemas;
  }

  // resolve follows a schema's $ref (and a lone allOf) within components.schemas.
  function resolve(s) {
    for (let i = 0; s && i < 10; i++) {
      if (s.$ref) {
        const name = s.$ref.replace(/^#\/components\/schemas\//, "");
        s = Object.assign({}, schemas[name] || {}, s.description ? { description: s.description } : {});
      } else if (Array.isArray(s.allOf) && s.allOf.length === 1) {
        const rest = Object.assign({}, s);
        delete rest.allOf;
        s = Object.assign({}, s.allOf[0], rest);
      } else {
        return s;
      }
    }
    return s || {};
  }

  async function loadActs() {
    if (!key || !registered || pending) return;
    let list;
    try {
      list = await getJSON("/api/v1/actors/" + actorPath(key.actor) + "/acts");
    } catch (e) {
      $("ws-acts-status").textContent = t("ws.acts.error", { why: e.message });
      lastActs = "";
      return;
    }
    const items = list.items || [];
    const sig = JSON.stringify(items);
    if (sig === lastActs) return;
    lastActs = sig;
    await loadSchemas();
    const box = $("ws-act-list");
    // Keep what the user already typed in a form that is still offered.
    const typed = {};
    box.querySelectorAll("[data-field]").forEach((i) => { typed[i.id] = i.type === "checkbox" ? i.checked : i.value; });
    box.textContent = "";
    const who = actorName(key.actor);
    $("ws-acts-status").textContent = items.length ? t("ws.acts.count", { at: day(list.as_of || new Date().toISOString()), actor: who }) : t("ws.acts.none", { actor: who });
    // Targeted acts (this vote, this invitation) come first; the acts the actor's kind may make
    // at any time (a pledge, a proposal) are folded away below them.
    let other = null;
    items.forEach((item, n) => {
      if (item.targeted) {
        box.append(actForm(item, n));
        return;
      }
      if (!other) {
        other = el("details", { class: "other-acts" }, el("summary", { text: t("ws.acts.other") }));
        box.append(other);
      }
      other.append(actForm(item, n));
    });
    box.querySelectorAll("[data-field]").forEach((i) => {
      if (i.id in typed) { if (i.type === "checkbox") i.checked = typed[i.id]; else i.value = typed[i.id]; }
    });
  }

  function fieldLabel(name) {
    return data.text["ws.field." + name] || name.replace(/[-_]/g, " ");
  }

  // valueLabel names an enumerated value as the portal does: a choice, an instrument.
  function valueLabel(field, v) {
    return data.text[field + "." + v] || v;
  }

  // actForm is one act the actor may make: its fixed fields as text, an input per other field,
  // built from the field's JSON Schema in the API's OpenAPI document.
  function actForm(item, n) {
    const id = "ws-act-" + n + "-" + item.act;
    const schema = resolve(schemas["fields-" + item.act]) || {};
    const props = schema.properties || {};
    const required = new Set(schema.required || []);
    const form = el("form", { class: "ws-act", "data-act": item.act, "data-about": item.about ? item.about.id : undefined, "aria-labelledby": id + "-h" });
    const kind = data.text["kind." + item.act] || item.act;
    form.append(el("h3", { id: id + "-h" }, kind + " ", el("code", { text: item.act })));
    const about = item.about && (item.about.title || item.about.id);
    if (about) form.append(el("p", { class: "about", text: about }));
    if (item.rule) form.append(el("p", { class: "note", text: t("ws.form.rule", { rule: item.rule }) }));
    const fixed = Object.entries(item.fields || {});
    if (fixed.length) {
      const dl = el("dl", { class: "facts" });
      for (const [k, v] of fixed) {
        dl.append(el("dt", { text: fieldLabel(k) }), el("dd", {}, el("code", { text: typeof v === "string" ? v : JSON.stringify(v) })));
      }
      form.append(el("p", { class: "note", text: t("ws.form.fixed") }), dl);
    }
    const inputs = [];
    for (const name of item.inputs || []) {
      const spec = resolve(props[name] || { type: "string" });
      const options = item.options && item.options[name];
      if (Array.isArray(options) && options.length) spec.enum = options; // the rules' own list, for now
      const input = makeInput(id + "-" + name, name, spec, required.has(name));
      inputs.push({ name, spec, input: input.control, required: required.has(name) });
      form.append(input.wrap);
    }
    form.append(el("button", { type: "submit", text: t("ws.form.review") }));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (!form.reportValidity()) return;
      // The API gives fixed fields as text; the act holds them as their schema's type.
      const fields = {};
      for (const [k, v] of Object.entries(item.fields || {})) fields[k] = typed(v, resolve(props[k] || {}));
      for (const x of inputs) {
        const v = inputValue(x);
        if (v !== undefined) fields[x.name] = v;
      }
      review({ act: item.act, at: nowSecond(), by: key.actor, fields }, item);
    });
    return form;
  }

  // typed reads a fixed field's text as its schema's type says.
  function typed(v, spec) {
    const type = Array.isArray(spec.type) ? spec.type.find((x) => x !== "null") : spec.type;
    if (typeof v !== "string") return v;
    if (type === "boolean") return v === "true";
    if (type === "integer" && /^-?[0-9]+$/.test(v)) return parseInt(v, 10);
    return v;
  }

  // validPattern reports whether a JSON Schema pattern is also a valid HTML pattern attribute,
  // which browsers compile with the v flag: an invalid one would be a console error.
  function validPattern(p) {
    try { new RegExp(p, "v"); return true; } catch (e) { return false; }
  }

  function makeInput(id, name, spec, required) {
    const wrap = el("div", { class: "field" });
    const hintID = spec.description ? id + "-hint" : undefined;
    const type = Array.isArray(spec.type) ? spec.type.find((x) => x !== "null") : spec.type;
    const label = el("label", { for: id }, fieldLabel(name), required ? "" : " (" + t("ws.form.optional") + ")");
    let control;
    if (Array.isArray(spec.enum)) {
      control = el("select", { id, name, required: required });
      if (!required) control.append(el("option", { value: "", text: "—" }));
      for (const v of spec.enum) control.append(el("option", { value: String(v), text: valueLabel(name === "choice" ? "choice" : name, v) }));
    } else if (type === "boolean") {
      control = el("input", { type: "checkbox", id, name });
      wrap.classList.add("check");
    } else if (type === "integer" || type === "number") {
      control = el("input", { type: "number", id, name, step: "1", required, min: spec.minimum, max: spec.maximum, inputmode: "numeric" });
    } else if (type === "string" && (spec.format === "date-time" || spec.format === "date")) {
      control = el("input", { type: "date", id, name, required });
    } else if (type === "array" && objectItems(spec)) {
      // A list of objects (a programme's sectors, the tiers of controls) is written in JSON, as
      // on the command line; the placeholder shows its shape.
      const keys = Object.keys(objectItems(spec).properties || {});
      control = el("input", { type: "text", id, name, required, autocomplete: "off", spellcheck: "false",
        placeholder: "[{" + keys.map((k) => JSON.stringify(k) + ": …").join(", ") + "}]" });
    } else if (type === "array") {
      control = el("input", { type: "text", id, name, required, autocomplete: "off" });
    } else if (spec["x-peaceboard-text"] === "long") {
      control = el("textarea", { id, name, rows: "5", required, maxlength: spec.maxLength });
    } else {
      const attrs = { type: "text", id, name, required, maxlength: spec.maxLength, autocomplete: "off" };
      if (spec.pattern && validPattern(spec.pattern)) attrs.pattern = spec.pattern;
      if (spec.format === "money") attrs.inputmode = "text";
      control = el("input", attrs);
    }
    control.setAttribute("data-field", name);
    if (hintID) control.setAttribute("aria-describedby", hintID);
    if (type === "boolean") wrap.append(control, " ", label);
    else wrap.append(label, control);
    // The API describes fields in English: a French page says so, for screen readers (WCAG 3.1.2).
    if (hintID) wrap.append(el("p", { id: hintID, class: "hint", lang: data.lang === "en" ? undefined : "en", text: spec.description }));
    return { wrap, control };
  }

  // inputValue reads an input as its field's type wants it. Text is put in Unicode NFC here,
  // before the act is built: a server refuses text that is not, and never changes a signed act.
  // An optional input left empty gives undefined: the field is left out of the act.
  function inputValue(x) {
    const spec = x.spec;
    const type = Array.isArray(spec.type) ? spec.type.find((y) => y !== "null") : spec.type;
    const c = x.input;
    let v;
    if (type === "boolean") v = c.checked;
    else if (type === "integer" || type === "number") v = c.value === "" ? 0 : parseInt(c.value, 10);
    else if (type === "string" && (spec.format === "date-time" || spec.format === "date")) v = c.value === "" ? "" : c.value + "T00:00:00Z";
    else if (type === "array" && objectItems(spec)) v = jsonList(c.value.normalize("NFC"));
    else if (type === "array") v = c.value.normalize("NFC").split(",").map((s) => s.trim()).filter((s) => s !== "");
    else v = c.value.normalize("NFC");
    const empty = v === "" || v === false || v === 0 || (Array.isArray(v) && v.length === 0);
    if (empty && !x.required) return undefined;
    return v;
  }

  // objectItems returns the schema of a list's items when they are objects, else undefined.
  function objectItems(spec) {
    const items = spec.items ? resolve(spec.items) : undefined;
    return items && items.type === "object" ? items : undefined;
  }

  // jsonList reads a list of objects written in JSON; text that is not a JSON list is kept as it
  // is, for the server to refuse with a sentence that says why.
  function jsonList(text) {
    if (text.trim() === "") return [];
    try {
      const v = JSON.parse(text);
      return Array.isArray(v) ? v : text;
    } catch (e) {
      return text;
    }
  }

  // ---- Before signing -------------------------------------------------------------------------

  function byName(actor) {
    if (actor.startsWith("state:")) return t("ws.say.delegation", { state: actorName(actor) });
    return actorName(actor);
  }

  // sentence says an act in words, in the page's language: one sentence per common kind, a
  // generic one otherwise.
  function sentence(act, item) {
    const f = act.fields;
    const vars = {};
    for (const [k, v] of Object.entries(f)) vars[k] = typeof v === "string" ? v : JSON.stringify(v);
    Object.assign(vars, {
      By: byName(act.by),
      kind: data.text["kind." + act.act] || act.act,
      about: (item && item.about && (item.about.title || item.about.id)) || f.proposal || f.meeting || "",
      choice: f.choice ? valueLabel("choice", f.choice) : "",
      instrument: f.instrument ? valueLabel("instrument", f.instrument) : "",
      state: f.state ? actorName("state:" + f.state) : "",
      actor: f.actor ? actorName(f.actor) : "",
    });
    let s = t(data.text["ws.say." + act.act] ? "ws.say." + act.act : "ws.say.generic", vars);
    if (f.place) s += t("ws.say.place", vars);
    if (f.replaces) s += t("ws.say.replaces", vars);
    if (f.explanation) s += t("ws.say.explanation", vars);
    if (act.act === "comment" && f.text) s += t("ws.say.text", vars);
    return s + ".";
  }

  async function review(act, item, after) {
    alert("");
    const text = canonical(act);
    const bytes = enc.encode(text);
    pending = { act, item, bytes, text, made: Date.now(), idem: crypto.randomUUID(), after };
    // The receipt of an earlier act, if any, makes way for this one's.
    show("ws-receipt", false);
    $("ws-receipt-check").removeAttribute("data-checked");
    show("ws-rotate", false);
    $("ws-sentence").textContent = sentence(act, item) + t("ws.say.at", { at: day(act.at) });
    $("ws-canonical").textContent = text;
    $("ws-hash").textContent = hex(await sha256(bytes));
    $("ws-review-key").textContent = key.keyId;
    show("ws-review", true);
    show("ws-acts", false);
    $("h-review").focus();
  }

  function cancelReview() {
    pending = null;
    show("ws-review", false);
    show("ws-rotate", !!key && registered);
    if (key && registered) {
      show("ws-acts", true);
      lastActs = "";
      loadActs();
    }
  }

  // STALE is how old an act under review may be before signing: the server refuses an act whose
  // time is further than its clock skew (5 minutes by default) from its clock.
  const STALE = 4 * 60 * 1000;

  async function sign() {
    if (!pending) return;
    if (Date.now() - pending.made > STALE) {
      const p = pending;
      await review(Object.assign({}, p.act, { at: nowSecond() }), p.item, p.after);
      alert(t("ws.review.stale"));
      return;
    }
    const p = pending;
    $("ws-sign").disabled = true;
    status(t("ws.signing"));
    try {
      const message = concat(enc.encode("peaceboard act v2\n"), p.bytes);
      const sig = new Uint8Array(await crypto.subtle.sign(ED25519, key.keyPair.privateKey, message));
      let r;
      try {
        r = await fetch("/api/v1/acts", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": p.idem },
          body: JSON.stringify({ canonical: b64(p.bytes), key_id: key.keyId, signature: b64(sig) }),
        });
      } catch (e) {
        alert(t("ws.failed", { why: e.message }));
        status("");
        return;
      }
      if (!r.ok) {
        alert(t("ws.refused", { detail: await problem(r) }));
        status("");
        return;
      }
      const text = await r.text();
      pending = null;
      show("ws-review", false);
      status("");
      if (p.after) await p.after();
      show("ws-rotate", !!key && registered);
      await showReceipt(text, p);
      if (key && registered) {
        show("ws-acts", true);
        lastActs = "";
        loadActs();
      }
    } catch (e) {
      fail(e);
    } finally {
      $("ws-sign").disabled = false;
    }
  }

  // ---- The receipt ----------------------------------------------------------------------------

  async function showReceipt(text, p) {
    let receipt;
    try {
      receipt = JSON.parse(text);
    } catch (e) {
      receipt = {};
    }
    show("ws-receipt", true);
    $("ws-receipt-sentence").textContent = t("ws.receipt.sentence", { index: receipt.index, sentence: sentence(p.act, p.item) });
    $("ws-receipt-json").textContent = text;
    const a = $("ws-receipt-download");
    a.href = dataURL(text);
    a.download = "receipt-" + receipt.index + ".json";
    const out = $("ws-receipt-check");
    const steps = $("ws-receipt-steps");
    steps.textContent = "";
    let result;
    try {
      result = await checkReceipt(receipt, p.bytes);
    } catch (e) {
      result = { ok: false, passed: [], why: e.message };
    }
    for (const s of result.passed) steps.append(el("li", { class: "ok", text: "✓ " + t("ws.check." + s) }));
    out.className = "check-result " + (result.ok ? "ok" : "bad");
    out.textContent = result.ok ? t("ws.receipt.checked", { key: result.key }) : t("ws.receipt.failed", { why: result.why });
    out.setAttribute("data-checked", result.ok ? "true" : "false");
    $("h-receipt").focus();
  }

  // checkReceipt checks a receipt in the page, as "peaceboard receipt check" does, against the
  // log's key published at /log/key (docs/signing.md §6): the key's own hash, the checkpoint's
  // signature, the leaf hash, that the leaf holds exactly the bytes signed, and the inclusion
  // proof. It says which check failed.
  async function checkReceipt(receipt, signed) {
    const passed = [];
    const failed = (why) => ({ ok: false, passed, why: t("ws.why." + why) });

    // The log's note verifier key: NAME+HASH+BASE64, BASE64 being 0x01 (Ed25519) and the key.
    const r = await fetch("/log/key", { cache: "no-store" });
    const vkey = (await r.text()).trim();
    const parts = vkey.split("+");
    if (!r.ok || parts.length !== 3 || parts[0] === "" || !/^[0-9a-f]{8}$/.test(parts[1])) return failed("key");
    const [name, keyHash] = parts;
    let kb;
    try { kb = unb64(parts[2]); } catch (e) { return failed("key"); }
    if (kb.length !== 33 || kb[0] !== 1) return failed("key");
    if (hex((await sha256(concat(enc.encode(name + "\n"), kb))).slice(0, 4)) !== keyHash) return failed("key_hash");
    passed.push("key");
    const logKey = await crypto.subtle.importKey("raw", kb.slice(1), ED25519, false, ["verify"]);

    // The checkpoint: a signed note, its text up to the blank line, then "— NAME BASE64" lines.
    const note = typeof receipt.checkpoint === "string" ? receipt.checkpoint : "";
    const blank = note.indexOf("\n\n");
    if (blank < 0) return failed("note");
    const text = note.slice(0, blank + 1);
    let good = false;
    for (const line of note.slice(blank + 2).split("\n")) {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      let sb;
      try { sb = unb64(m[2]); } catch (e) { continue; }
      if (sb.length !== 68 || hex(sb.slice(0, 4)) !== keyHash) continue;
      if (await crypto.subtle.verify(ED25519, logKey, sb.slice(4), enc.encode(text))) { good = true; break; }
    }
    if (!good) return failed("signature");
    passed.push("signature");
    const lines = text.split("\n");
    if (lines.length < 4 || !/^(0|[1-9][0-9]*)$/.test(lines[1])) return failed("checkpoint");
    const size = Number(lines[1]);
    let root;
    try { root = unb64(lines[2]); } catch (e) { return failed("checkpoint"); }
    if (root.length !== 32 || !Number.isSafeInteger(size)) return failed("checkpoint");

    // The leaf and its hash (RFC 6962: SHA-256 of 0x00 and the leaf).
    let leaf, leafHash;
    try { leaf = unb64(receipt.leaf); leafHash = unb64(receipt.leaf_hash); } catch (e) { return failed("leaf_hash"); }
    const h = await sha256(concat(new Uint8Array([0]), leaf));
    if (!equal(h, leafHash)) return failed("leaf_hash");
    passed.push("leaf_hash");

    // The leaf is {"act":BYTES,"key_id":...}: its act member must be the very bytes signed,
    // compared as bytes, never re-serialized.
    const head = enc.encode('{"act":');
    const tail = enc.encode(',"key_id":');
    const end = head.length + signed.length;
    if (!equal(leaf.slice(0, head.length), head) || !equal(leaf.slice(head.length, end), signed) ||
        !equal(leaf.slice(end, end + tail.length), tail)) return failed("act");
    passed.push("act");

    // The inclusion proof (RFC 9162 §2.1.3.2).
    const index = receipt.index;
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) return failed("index");
    let proof;
    try { proof = (receipt.inclusion_proof || []).map(unb64); } catch (e) { return failed("proof"); }
    if (!await included(index, size, h, proof, root)) return failed("proof");
    passed.push("proof");
    return { ok: true, passed, key: vkey };
  }

  async function included(index, size, leafHash, proof, root) {
    const node = (a, b) => sha256(concat(new Uint8Array([1]), a, b));
    let fn = index, sn = size - 1, r = leafHash;
    for (const p of proof) {
      if (p.length !== 32 || sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await node(p, r);
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await node(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equal(r, root);
  }

  // ---- Rotation -------------------------------------------------------------------------------

  // rotate makes a new key and has the actor sign, with its current key, the register-key act
  // that registers the new one and revokes the current one (replaces). The new key is kept as
  // NEXT until the record holds it, then becomes the current key.
  async function rotate() {
    alert("");
    try {
      const next = await keyRecord(await crypto.subtle.generateKey(ED25519, false, ["sign", "verify"]), key.actor);
      await save(NEXT, next);
      const act = { act: "register-key", at: nowSecond(), by: key.actor, fields: { actor: key.actor, key: next.publicKey, replaces: key.keyId } };
      await review(act, null, async () => {
        await save(CURRENT, next);
        await remove(NEXT);
        key = next;
        status(t("ws.rotated", { id: next.keyId }));
        renderKey();
        checkRegistration();
      });
    } catch (e) {
      fail(e);
    }
  }

  // promoteNext finishes a rotation that a closed page left half done: a NEXT key the record
  // holds becomes the current key; one it does not hold is dropped.
  async function promoteNext() {
    const next = await load(NEXT);
    if (!next) return;
    try {
      const k = await getJSON("/api/v1/keys/" + next.keyId);
      if (k.valid) {
        await save(CURRENT, next);
        key = next;
      }
    } catch (e) {
      if (e.status !== 404) return; // the server cannot say: keep it for the next visit
    }
    await remove(NEXT);
  }

  // ---- Start ----------------------------------------------------------------------------------

  async function start() {
    const why = await unsupported();
    if (why) {
      $("ws-unsupported-why").textContent = t(why);
      show("ws-unsupported", true);
      return;
    }
    $("ws-generate").addEventListener("submit", generate);
    $("ws-restore").addEventListener("submit", restore);
    $("ws-backup").addEventListener("change", () => {
      const on = $("ws-backup").checked;
      show("ws-backup-fields", on);
      $("ws-passphrase").required = on;
      $("ws-passphrase2").required = on;
    });
    $("ws-check").addEventListener("click", checkRegistration);
    $("ws-refresh").addEventListener("click", () => { lastActs = ""; loadActs(); });
    $("ws-forget").addEventListener("click", (ev) => confirmInPage(ev.currentTarget, t("ws.forget.confirm"), forget));
    $("ws-rotate-button").addEventListener("click", (ev) => confirmInPage(ev.currentTarget, t("ws.rotate.confirm"), rotate));
    $("ws-sign").addEventListener("click", sign);
    $("ws-cancel").addEventListener("click", cancelReview);
    key = (await load(CURRENT)) || null;
    await promoteNext();
    renderKey();
    if (key) startPolling();
    document.body.setAttribute("data-workspace", "ready");
  }

  start().catch(fail);
})();
