#!/usr/bin/env node
// A peaceboard signer written from docs/signing.md alone, in plain Node (18 or later) with no
// dependencies: the act's canonical bytes (RFC 8785), its Ed25519 signature (WebCrypto), the
// key id, the POST to /api/v1/acts, and the checks of the receipt that comes back.
//
// It exists to prove that the page is enough: it was written without reading the Go
// implementation, and the interop tests compare what it makes with the test vectors and with Go,
// and send its acts to a real server.
//
//   node sign.mjs vectors FILE
//       recomputes every test vector of FILE (docs/signing-vectors.json) from its act and key, and
//       checks every invalid one is refused; prints the results as JSON, changes nothing.
//   node sign.mjs sign --key KEYFILE --act JSON [--at TIME|now]
//       prints the body to POST: {"canonical","key_id","signature"}. --at gives the act its time
//       (now: the current time) when the act object has none.
//   node sign.mjs post --server URL --key KEYFILE --act JSON [--at TIME|now] [--log-key VKEY]
//       signs and POSTs the act, checks the receipt (against the log's key too with --log-key,
//       which is what /log/key serves) and prints it; on a refusal, prints the problem's rule
//       and detail and exits with status 1.
//
// KEYFILE is a key file of "peaceboard keys new" or "keys dev": the line
// "peaceboard ed25519 private key v1", then the key's 32-byte seed in base64.

import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';

// Node 18 has WebCrypto at crypto.webcrypto only; later versions have it as globalThis.crypto too.
const subtle = globalThis.crypto?.subtle ?? webcrypto.subtle;

const encoder = new TextEncoder();

// A refusal of the input (an act not in the form signing.md asks for), as opposed to a bug.
class Refused extends Error {}

// ---- §1 and §2: the act object and its canonical bytes -----------------------------------------

// TIME: RFC 3339 in UTC with "Z", a fraction only when it is not zero, 1 to 9 digits without a
// trailing zero (signing.md §1).
const timeForm = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z$/;

// checkText refuses text that signing.md §1 does not allow: not NFC (the signer refuses, never
// normalizes: the caller must sign exactly the text it means), a control character other than line
// feed and tab, or a lone surrogate (a JavaScript string can hold one; UTF-8 cannot).
function checkText(s, where) {
  if (/\p{Surrogate}/u.test(s)) {
    throw new Refused(`${where}: text holds a lone surrogate, which is not Unicode text`);
  }
  if (s.normalize('NFC') !== s) {
    throw new Refused(`${where}: text is not in Unicode normalization form C (normalize it before signing)`);
  }
  const control = s.match(/[^\P{Cc}\n\t]/u);
  if (control) {
    const code = control[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new Refused(`${where}: text holds the control character U+${code}`);
  }
}

// canonicalJSON writes a JSON value as RFC 8785 does, for the values acts hold: objects with
// members sorted by name at every depth, arrays, strings, integers, true and false (never null).
function canonicalJSON(v, where) {
  if (v === true || v === false) {
    return String(v);
  }
  if (v === null) {
    throw new Refused(`${where}: null (no value of an act is null: leave an empty optional field out)`);
  }
  if (typeof v === 'number') {
    // Acts hold integers only (counts); a fraction or an integer a double cannot hold exactly
    // would have more than one reading, so it is refused rather than rounded.
    if (!Number.isSafeInteger(v)) {
      throw new Refused(`${where}: ${v} is not an integer (acts hold integers only; amounts are strings)`);
    }
    return String(v); // the shortest decimal form; String(-0) is "0", as RFC 8785 writes it
  }
  if (typeof v === 'string') {
    checkText(v, where);
    // JSON.stringify escapes exactly what RFC 8785 escapes (", \, the short forms \b \t \n \f \r,
    // other characters below U+0020 as \u00xx in lowercase hex) and writes every other character
    // as itself; RFC 8785 §3.2.2.2 takes its string serialization from ECMAScript's.
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    return '[' + v.map((x, i) => canonicalJSON(x, `${where}[${i}]`)).join(',') + ']';
  }
  if (typeof v === 'object') {
    // Array.prototype.sort without a comparator compares strings by UTF-16 code units, which is
    // RFC 8785's order (§3.2.3).
    const names = Object.keys(v).sort();
    return '{' + names.map((k) => {
      checkText(k, `${where}: member name`);
      return JSON.stringify(k) + ':' + canonicalJSON(v[k], `${where}.${k}`);
    }).join(',') + '}';
  }
  throw new Refused(`${where}: a ${typeof v} is not a JSON value`);
}

// canonicalBytes checks the act object's shape (signing.md §1) and returns its canonical bytes.
// It does not know the catalogue of kinds and fields (docs/acts.md): the server judges those.
function canonicalBytes(act) {
  if (act === null || typeof act !== 'object' || Array.isArray(act)) {
    throw new Refused('an act is a JSON object {"act", "at", "by", "fields"}');
  }
  const members = Object.keys(act).sort().join(',');
  if (members !== 'act,at,by,fields') {
    throw new Refused(`an act has the members act, at, by and fields, exactly; this one has ${members || 'none'}`);
  }
  for (const k of ['act', 'at', 'by']) {
    if (typeof act[k] !== 'string' || act[k] === '') {
      throw new Refused(`${k}: want a non-empty string`);
    }
  }
  if (!timeForm.test(act.at)) {
    throw new Refused(`at ${JSON.stringify(act.at)}: want UTC as YYYY-MM-DDTHH:MM:SSZ, with a fraction of a second only when not zero and without trailing zeros`);
  }
  if (act.fields === null || typeof act.fields !== 'object' || Array.isArray(act.fields)) {
    throw new Refused('fields: want an object ({} for a kind without fields)');
  }
  // "An optional field whose value is empty is left out, not written empty; a required list that
  // is empty is written []" (§1). Which fields are optional is the catalogue's (docs/acts.md),
  // which this signer does not carry; but a required field left empty (no State, no proposal, no
  // text) is refused by the rules anyway, so no field is signed as "", false or 0, and the caller
  // is told to leave it out. An empty list may be a required one, and is left to the server.
  for (const [name, value] of Object.entries(act.fields)) {
    if (value === '' || value === false || value === 0) {
      throw new Refused(`fields.${name} is empty (${JSON.stringify(value)}): leave an empty optional field out`);
    }
  }
  return encoder.encode(canonicalJSON(act, 'act'));
}

// parseCanonical reads bytes that claim to be an act's canonical bytes, as a server would: they
// must decode (as UTF-8, then as JSON) to an act whose canonical bytes are these bytes exactly.
// Whitespace, members out of order, unneeded escapes, duplicate members, numbers in another form
// and text not in NFC all fail that.
function parseCanonical(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Refused('the bytes are not UTF-8');
  }
  let act;
  try {
    act = JSON.parse(text);
  } catch (e) {
    throw new Refused(`the bytes are not JSON: ${e.message}`);
  }
  const again = canonicalBytes(act);
  if (!equalBytes(again, bytes)) {
    throw new Refused('the bytes are not in canonical form (RFC 8785)');
  }
  return act;
}

// ---- §3 and §4: the signature and the key id ---------------------------------------------------

const actPrefix = encoder.encode('peaceboard act v2\n');

// A PKCS #8 private key for Ed25519 (RFC 8410) is this fixed DER prefix followed by the 32-byte
// seed; WebCrypto imports a raw seed no other way but JWK, which needs the public key first.
const pkcs8Prefix = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

// importSeed turns a 32-byte Ed25519 seed into a signing key and its raw public key.
async function importSeed(seed) {
  if (seed.length !== 32) {
    throw new Refused(`an Ed25519 seed is 32 bytes, not ${seed.length}`);
  }
  const pkcs8 = concat(pkcs8Prefix, seed);
  let key;
  try {
    // Extractable only so that the public key can be read back from its JWK form ("x").
    key = await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  } catch (e) {
    throw new Error(`this Node has no WebCrypto Ed25519 (Node 18.4 or later has): ${e.message}`);
  }
  const jwk = await subtle.exportKey('jwk', key);
  return { key, publicKey: Buffer.from(jwk.x, 'base64url') };
}

// keyID is the lowercase hex of the first 8 bytes of SHA-256 of the 32-byte public key.
async function keyID(publicKey) {
  const digest = new Uint8Array(await subtle.digest('SHA-256', publicKey));
  return Buffer.from(digest.subarray(0, 8)).toString('hex');
}

// signAct signs canonical bytes: Ed25519 over "peaceboard act v2\n" followed by the bytes.
async function signAct(key, canonical) {
  return new Uint8Array(await subtle.sign({ name: 'Ed25519' }, key, concat(actPrefix, canonical)));
}

// readKeyFile reads a "peaceboard keys new" key file and returns its seed.
function readKeyFile(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[0] !== 'peaceboard ed25519 private key v1') {
    throw new Refused(`${path}: not a peaceboard key file (its first line is not "peaceboard ed25519 private key v1")`);
  }
  const seed = decodeBase64(lines[1] ?? '', `${path}: the key`);
  if (seed.length !== 32) {
    throw new Refused(`${path}: the key is ${seed.length} bytes; an Ed25519 seed is 32`);
  }
  return seed;
}

// signedBody is the body of POST /api/v1/acts for an act object (signing.md §5).
async function signedBody(seed, act) {
  const canonical = canonicalBytes(act);
  const { key, publicKey } = await importSeed(seed);
  return {
    canonical: Buffer.from(canonical).toString('base64'),
    key_id: await keyID(publicKey),
    signature: Buffer.from(await signAct(key, canonical)).toString('base64'),
  };
}

// ---- §6: the receipt ----------------------------------------------------------------------------

async function sha256(...parts) {
  return new Uint8Array(await subtle.digest('SHA-256', concat(...parts)));
}

// checkReceipt checks a receipt for the canonical bytes that were sent, as signing.md §6 says:
// the leaf holds those bytes, the leaf hash is the leaf's, and, given the log's verifier key
// (NAME+HASH+BASE64), the checkpoint is signed by it and the inclusion proof leads from the leaf
// hash to the checkpoint's root.
async function checkReceipt(receipt, canonical, logKey) {
  const leaf = decodeBase64(receipt.leaf, 'receipt leaf');
  const leafText = new TextDecoder().decode(leaf);
  const sent = new TextDecoder().decode(canonical);
  // The leaf's act member is the signed bytes as they are: the same act, and those very bytes
  // after the member's name (not another serialization of the same value).
  const leafAct = JSON.parse(leafText).act;
  if (leafAct === null || typeof leafAct !== 'object' ||
      !equalBytes(canonicalBytes(leafAct), canonical) || !leafText.includes('"act":' + sent)) {
    throw new Refused('receipt: the leaf does not hold the act that was sent, as its bytes');
  }
  const leafHash = await sha256(Uint8Array.of(0), leaf);
  if (!equalBytes(leafHash, decodeBase64(receipt.leaf_hash, 'receipt leaf_hash'))) {
    throw new Refused('receipt: leaf_hash is not SHA-256 of 0x00 and the leaf');
  }
  if (logKey === undefined) {
    return 'the leaf holds the act';
  }
  const { size, root } = await checkCheckpoint(receipt.checkpoint, logKey);
  const proof = (receipt.inclusion_proof ?? []).map((p, i) => decodeBase64(p, `inclusion_proof[${i}]`));
  const computed = await inclusionRoot(BigInt(receipt.index), size, leafHash, proof);
  if (!equalBytes(computed, root)) {
    throw new Refused(`receipt: the inclusion proof does not lead to the checkpoint's root (entry ${receipt.index}, tree size ${size})`);
  }
  return `entry ${receipt.index} is in the log of ${size} entries, checkpoint signed by ${logKey.split('+')[0]}`;
}

// checkCheckpoint checks a C2SP signed note against the log's verifier key and returns its tree
// size and root hash.
async function checkCheckpoint(note, logKey) {
  const [name, hashHex, key64] = logKey.trim().split('+');
  const vkey = decodeBase64(key64 ?? '', 'log key');
  if (!name || vkey.length !== 33 || vkey[0] !== 0x01) {
    throw new Refused('log key: want NAME+HASH+BASE64 of an Ed25519 note verifier key');
  }
  const keyHash = (await sha256(encoder.encode(name + '\n'), vkey)).subarray(0, 4);
  if (Buffer.from(keyHash).toString('hex') !== hashHex) {
    throw new Refused('log key: its hash does not match its name and key');
  }
  const blank = note.indexOf('\n\n');
  if (blank < 0) {
    throw new Refused('checkpoint: no blank line between the text and the signatures');
  }
  const text = note.slice(0, blank + 1);
  const publicKey = await subtle.importKey('raw', vkey.subarray(1), { name: 'Ed25519' }, false, ['verify']);
  let signed = false;
  for (const line of note.slice(blank + 2).split('\n')) {
    const m = line.match(/^\u2014 (\S+) (\S+)$/);
    if (!m || m[1] !== name) {
      continue;
    }
    const sig = decodeBase64(m[2], 'checkpoint signature');
    if (sig.length === 68 && equalBytes(sig.subarray(0, 4), keyHash) &&
        await subtle.verify({ name: 'Ed25519' }, publicKey, sig.subarray(4), encoder.encode(text))) {
      signed = true;
    }
  }
  if (!signed) {
    throw new Refused(`checkpoint: no valid signature by ${name}`);
  }
  const lines = text.split('\n');
  if (!/^\d+$/.test(lines[1] ?? '')) {
    throw new Refused('checkpoint: its second line is not a tree size');
  }
  return { size: BigInt(lines[1]), root: decodeBase64(lines[2] ?? '', 'checkpoint root hash') };
}

// inclusionRoot computes the root an RFC 9162 §2.1.3.2 inclusion proof leads to.
async function inclusionRoot(index, size, leafHash, proof) {
  if (index >= size) {
    throw new Refused(`receipt: index ${index} is not below the tree size ${size}`);
  }
  let fn = index;
  let sn = size - 1n;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) {
      throw new Refused('receipt: the inclusion proof is too long');
    }
    if ((fn & 1n) === 1n || fn === sn) {
      r = await sha256(Uint8Array.of(1), p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await sha256(Uint8Array.of(1), r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) {
    throw new Refused('receipt: the inclusion proof is too short');
  }
  return r;
}

// ---- the test vectors ---------------------------------------------------------------------------

// vectorResults recomputes every vector of a vectors file (signing.md §7). For a valid vector it
// reports the bytes, key and signature this signer makes from the vector's act and seed (the
// caller compares them with the vector's); for an invalid one, whether its bytes were refused,
// and why.
async function vectorResults(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const results = [];
  for (const v of doc.vectors ?? []) {
    const r = { name: v.name };
    try {
      const canonical = canonicalBytes(v.act);
      const { key, publicKey } = await importSeed(decodeHex(v.seed, `${v.name}: seed`));
      r.canonical = Buffer.from(canonical).toString('base64');
      r.public_key = Buffer.from(publicKey).toString('base64');
      r.key_id = await keyID(publicKey);
      r.signature = Buffer.from(await signAct(key, canonical)).toString('base64');
      // The vector's own bytes must read back as canonical too.
      parseCanonical(decodeBase64(v.canonical_base64, `${v.name}: canonical_base64`));
    } catch (e) {
      if (!(e instanceof Refused)) {
        throw e;
      }
      r.error = e.message;
    }
    results.push(r);
  }
  for (const v of doc.invalid ?? []) {
    const r = { name: v.name, invalid: true };
    try {
      parseCanonical(decodeBase64(v.canonical_base64, `${v.name}: canonical_base64`));
      r.refused = false;
    } catch (e) {
      if (!(e instanceof Refused)) {
        throw e;
      }
      r.refused = true;
      r.error = e.message;
    }
    results.push(r);
  }
  return results;
}

// ---- helpers and the command line ---------------------------------------------------------------

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equalBytes(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function decodeHex(s, what) {
  if (typeof s !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(s)) {
    throw new Refused(`${what}: want lowercase hex`);
  }
  return new Uint8Array(Buffer.from(s, 'hex'));
}

// decodeBase64 decodes standard base64 with padding, and refuses anything else (Buffer.from
// would skip characters it does not know).
function decodeBase64(s, what) {
  if (typeof s !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    throw new Refused(`${what}: want standard base64 with padding`);
  }
  return new Uint8Array(Buffer.from(s, 'base64'));
}

function options(args, names) {
  const o = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, '');
    if (!names.includes(name) || i + 1 >= args.length) {
      throw new Refused(`unknown or incomplete option ${args[i]} (want ${names.map((n) => '--' + n).join(', ')})`);
    }
    o[name] = args[i + 1];
  }
  return o;
}

// actArg reads the act of --act, giving it the time of --at if there is one.
function actArg(o) {
  if (o.act === undefined) {
    throw new Refused('--act JSON is required');
  }
  let act;
  try {
    act = JSON.parse(o.act);
  } catch (e) {
    throw new Refused(`--act: not JSON: ${e.message}`);
  }
  if (o.at !== undefined) {
    if (act === null || typeof act !== 'object' || 'at' in act) {
      throw new Refused('give the time either as --at or as the act\'s at, not both');
    }
    act.at = o.at === 'now' ? timeOf(new Date()) : o.at;
  }
  return act;
}

// timeOf writes an instant as signing.md §1 asks: toISOString gives UTC with milliseconds always,
// and TIME has a fraction only when it is not zero, without trailing zeros.
function timeOf(date) {
  return date.toISOString().replace(/\.?0*Z$/, 'Z');
}

async function main(argv) {
  const [mode, ...rest] = argv;
  switch (mode) {
    case 'vectors': {
      if (rest.length !== 1) {
        throw new Refused('vectors takes the vectors file');
      }
      console.log(JSON.stringify(await vectorResults(rest[0]), null, 1));
      return;
    }
    case 'sign': {
      const o = options(rest, ['key', 'act', 'at']);
      if (o.key === undefined) {
        throw new Refused('--key KEYFILE is required');
      }
      console.log(JSON.stringify(await signedBody(readKeyFile(o.key), actArg(o))));
      return;
    }
    case 'post': {
      const o = options(rest, ['server', 'key', 'act', 'at', 'log-key']);
      if (o.server === undefined || o.key === undefined) {
        throw new Refused('post takes --server URL and --key KEYFILE');
      }
      const body = await signedBody(readKeyFile(o.key), actArg(o));
      const resp = await fetch(new URL('/api/v1/acts', o.server), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': (globalThis.crypto ?? webcrypto).randomUUID() },
        body: JSON.stringify(body),
      });
      const text = await resp.text();
      if (resp.status !== 201) {
        // An RFC 9457 problem document: detail says why, and rule names the charter rule when one
        // refused the act.
        let why = text;
        try {
          const problem = JSON.parse(text);
          why = (problem.rule ? `${problem.rule}: ` : '') + (problem.detail ?? text);
        } catch {
          // not a problem document: the body as it is says more than nothing
        }
        throw new Refused(`the server refused the act (${resp.status}): ${why}`);
      }
      const receipt = JSON.parse(text);
      const checked = await checkReceipt(receipt, decodeBase64(body.canonical, 'canonical'), o['log-key']);
      console.error(`receipt checked: ${checked}`);
      console.log(JSON.stringify(receipt));
      return;
    }
    default:
      throw new Refused('usage: sign.mjs vectors FILE | sign --key KEYFILE --act JSON [--at TIME|now] | post --server URL --key KEYFILE --act JSON [--at TIME|now] [--log-key VKEY]');
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`sign.mjs: ${e instanceof Refused ? e.message : e.stack}`);
  process.exit(1);
});
