#!/usr/bin/env python3
"""A peaceboard signer written from docs/signing.md alone, in Python 3 with the cryptography
package (Debian: python3-cryptography) for Ed25519 and nothing else.

It is the second signer in another language that the interop tests hold to the page, next to
signer-node/sign.mjs, and written apart from it: the act's canonical bytes (RFC 8785), the
signature, the key id, the POST to /api/v1/acts and the first checks of the receipt.

    python3 sign.py vectors FILE
        recomputes every test vector of FILE (docs/signing-vectors.json) from its act and seed,
        and checks that every invalid one is refused; prints the results as JSON.
    python3 sign.py sign --key KEYFILE --act JSON [--at TIME|now]
        prints the body to POST: {"canonical","key_id","signature"}.
    python3 sign.py post --server URL --key KEYFILE --act JSON [--at TIME|now]
        signs and POSTs the act, checks the receipt's leaf and prints the receipt; on a refusal
        prints the problem's rule and detail and exits with status 1.

KEYFILE is a key file of "peaceboard keys new" or "keys dev": the line
"peaceboard ed25519 private key v1", then the key's 32-byte seed in base64.
"""

import base64
import binascii
import datetime
import hashlib
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class Refused(Exception):
    """The input is not what signing.md asks for (as opposed to a bug)."""


# ---- §1 and §2: the act object and its canonical bytes --------------------------------------

# TIME: RFC 3339 in UTC with "Z", a fraction of a second only when it is not zero, 1 to 9 digits
# without a trailing zero.
TIME_FORM = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z\Z")

# The short escapes RFC 8785 (and JSON) use; other characters below U+0020 are \u00xx.
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}

# The largest integer an IEEE double, which RFC 8785 numbers are, holds exactly.
MAX_INTEGER = 2**53 - 1


def check_text(s, where):
    """Refuses text signing.md §1 does not allow. Text that is not NFC is refused, never
    normalized: the caller must sign exactly the text it means."""
    for c in s:
        category = unicodedata.category(c)
        if category == "Cs":
            raise Refused(f"{where}: text holds a lone surrogate, which is not Unicode text")
        if category == "Cc" and c not in "\n\t":
            raise Refused(f"{where}: text holds the control character U+{ord(c):04X}")
    if not unicodedata.is_normalized("NFC", s):
        raise Refused(f"{where}: text is not in Unicode normalization form C (normalize it before signing)")


def json_string(s):
    """A string as RFC 8785 writes it: only what JSON requires is escaped; every other character
    is itself (its UTF-8 bytes, once encoded)."""
    out = ['"']
    for c in s:
        if c in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[c])
        elif c < " ":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def utf16_order(name):
    """RFC 8785 sorts member names by their UTF-16 code units: big-endian UTF-16 bytes compare in
    that order (Python's own string order is by code points, which differs above U+FFFF)."""
    return name.encode("utf-16-be")


def canonical_json(v, where):
    """The RFC 8785 text of a JSON value as acts hold them: objects with members sorted at every
    depth, arrays, strings, integers, true and false (never null)."""
    if v is None:
        raise Refused(f"{where}: null (no value of an act is null: leave an empty optional field out)")
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        # Acts hold integers only (counts), and RFC 8785 numbers are doubles: an integer a double
        # cannot hold exactly would have more than one reading.
        if abs(v) > MAX_INTEGER:
            raise Refused(f"{where}: {v} is beyond the integers JSON numbers hold exactly")
        return str(v)
    if isinstance(v, float):
        raise Refused(f"{where}: {v} is not an integer (acts hold integers only; amounts are strings)")
    if isinstance(v, str):
        check_text(v, where)
        return json_string(v)
    if isinstance(v, list):
        return "[" + ",".join(canonical_json(x, f"{where}[{i}]") for i, x in enumerate(v)) + "]"
    if isinstance(v, dict):
        members = []
        for name in sorted(v, key=utf16_order):
            check_text(name, f"{where}: member name")
            members.append(json_string(name) + ":" + canonical_json(v[name], f"{where}.{name}"))
        return "{" + ",".join(members) + "}"
    raise Refused(f"{where}: a {type(v).__name__} is not a JSON value")


def canonical_bytes(act):
    """Checks the act object's shape (signing.md §1) and returns its canonical bytes. The kinds
    and their fields (docs/acts.md) are the server's to judge."""
    if not isinstance(act, dict):
        raise Refused('an act is a JSON object {"act", "at", "by", "fields"}')
    if sorted(act) != ["act", "at", "by", "fields"]:
        raise Refused(f"an act has the members act, at, by and fields, exactly; this one has {', '.join(sorted(act)) or 'none'}")
    for name in ("act", "at", "by"):
        if not isinstance(act[name], str) or act[name] == "":
            raise Refused(f"{name}: want a non-empty string")
    if not TIME_FORM.match(act["at"]):
        raise Refused(f"at {act['at']!r}: want UTC as YYYY-MM-DDTHH:MM:SSZ, with a fraction of a second only when not zero and without trailing zeros")
    if not isinstance(act["fields"], dict):
        raise Refused("fields: want an object ({} for a kind without fields)")
    # "An optional field whose value is empty is left out, not written empty; a required list
    # that is empty is written []" (§1). Which fields are optional is the catalogue's
    # (docs/acts.md), which this signer does not carry; but a required field left empty (no State,
    # no proposal, no text) is refused by the rules anyway, so no field is signed as "", false or
    # 0, and the caller is told to leave it out. An empty list may be a required one, and is left
    # to the server.
    for name, value in act["fields"].items():
        if value is False or value == "" or (type(value) is int and value == 0):
            raise Refused(f"fields.{name} is empty ({json.dumps(value)}): leave an empty optional field out")
    return canonical_json(act, "act").encode("utf-8")


def strict_json(text):
    """Parses JSON, refusing what would make two readings of one text: duplicate member names,
    and numbers with a fraction or an exponent (acts hold integers only)."""

    def pairs(items):
        names = [name for name, _ in items]
        if len(set(names)) != len(names):
            raise Refused("duplicate member names")
        return dict(items)

    def no_float(s):
        raise Refused(f"the number {s} is not an integer")

    return json.loads(text, object_pairs_hook=pairs, parse_float=no_float, parse_constant=no_float)


def parse_canonical(data):
    """Reads bytes that claim to be an act's canonical bytes, as a server would: they must be the
    canonical bytes of the act they decode to, exactly."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("the bytes are not UTF-8")
    try:
        act = strict_json(text)
    except json.JSONDecodeError as e:
        raise Refused(f"the bytes are not JSON: {e}")
    if canonical_bytes(act) != data:
        raise Refused("the bytes are not in canonical form (RFC 8785)")
    return act


# ---- §3 and §4: the signature and the key id ------------------------------------------------

ACT_PREFIX = b"peaceboard act v2\n"


def public_key_of(private_key):
    return private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key):
    """The lowercase hex of the first 8 bytes of SHA-256 of the 32-byte public key."""
    return hashlib.sha256(public_key).digest()[:8].hex()


def sign_act(private_key, canonical):
    """Ed25519 over "peaceboard act v2\\n" followed by the canonical bytes."""
    return private_key.sign(ACT_PREFIX + canonical)


def private_key_of(seed):
    if len(seed) != 32:
        raise Refused(f"an Ed25519 seed is 32 bytes, not {len(seed)}")
    return Ed25519PrivateKey.from_private_bytes(seed)


def b64decode(s, what):
    """Standard base64 with padding, and nothing else."""
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise Refused(f"{what}: want standard base64 with padding")


def b64(data):
    return base64.b64encode(data).decode("ascii")


def read_key_file(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[0] != "peaceboard ed25519 private key v1" or len(lines) < 2:
        raise Refused(f'{path}: not a peaceboard key file (its first line is not "peaceboard ed25519 private key v1")')
    return b64decode(lines[1], f"{path}: the key")


def signed_body(seed, act):
    """The body of POST /api/v1/acts (signing.md §5)."""
    canonical = canonical_bytes(act)
    key = private_key_of(seed)
    return {"canonical": b64(canonical), "key_id": key_id(public_key_of(key)), "signature": b64(sign_act(key, canonical))}


def time_of(instant):
    """An instant as signing.md §1 writes TIME: a fraction only when not zero, no trailing zero."""
    instant = instant.astimezone(datetime.timezone.utc)
    fraction = f".{instant.microsecond:06d}".rstrip("0") if instant.microsecond else ""
    return instant.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


# ---- §6: the receipt's leaf -----------------------------------------------------------------


def check_leaf(receipt, canonical):
    """The leaf holds the bytes that were signed, as they are, and leaf_hash is its RFC 6962 hash.
    (The checkpoint and the inclusion proof are "peaceboard receipt check"'s to check here.)"""
    leaf = b64decode(receipt["leaf"], "receipt leaf")
    if canonical_bytes(strict_json(leaf.decode("utf-8"))["act"]) != canonical or b'"act":' + canonical not in leaf:
        raise Refused("receipt: the leaf does not hold the act that was sent, as its bytes")
    if hashlib.sha256(b"\x00" + leaf).digest() != b64decode(receipt["leaf_hash"], "receipt leaf_hash"):
        raise Refused("receipt: leaf_hash is not SHA-256 of 0x00 and the leaf")


# ---- the test vectors and the command line --------------------------------------------------


def vector_results(path):
    """Recomputes every vector of a vectors file (signing.md §7): for a valid vector, the bytes, key
    and signature this signer makes from its act and seed (the caller compares them with the
    vector's); for an invalid one, whether its bytes were refused, and why."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    results = []
    for v in doc.get("vectors", []):
        r = {"name": v["name"]}
        try:
            canonical = canonical_bytes(v["act"])
            key = private_key_of(bytes.fromhex(v["seed"]))
            r["canonical"] = b64(canonical)
            r["public_key"] = b64(public_key_of(key))
            r["key_id"] = key_id(public_key_of(key))
            r["signature"] = b64(sign_act(key, canonical))
            # The vector's own bytes must read back as canonical too.
            parse_canonical(b64decode(v["canonical_base64"], f"{v['name']}: canonical_base64"))
        except Refused as e:
            r["error"] = str(e)
        results.append(r)
    for v in doc.get("invalid", []):
        r = {"name": v["name"], "invalid": True}
        try:
            parse_canonical(b64decode(v["canonical_base64"], f"{v['name']}: canonical_base64"))
            r["refused"] = False
        except Refused as e:
            r["refused"] = True
            r["error"] = str(e)
        results.append(r)
    return results


def options(args, names):
    o = {}
    if len(args) % 2:
        raise Refused(f"incomplete option {args[-1]}")
    for flag, value in zip(args[::2], args[1::2]):
        name = flag.removeprefix("--")
        if name not in names:
            raise Refused(f"unknown option {flag} (want {', '.join('--' + n for n in names)})")
        o[name] = value
    return o


def act_arg(o):
    if "act" not in o:
        raise Refused("--act JSON is required")
    try:
        act = strict_json(o["act"])
    except json.JSONDecodeError as e:
        raise Refused(f"--act: not JSON: {e}")
    if "at" in o:
        if not isinstance(act, dict) or "at" in act:
            raise Refused("give the time either as --at or as the act's at, not both")
        act["at"] = time_of(datetime.datetime.now(datetime.timezone.utc)) if o["at"] == "now" else o["at"]
    return act


def post(server, body):
    request = urllib.request.Request(
        urllib.parse.urljoin(server, "/api/v1/acts"),
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request) as resp:
            status, text = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    if status != 201:
        # An RFC 9457 problem document: detail says why, and rule names the charter rule when one
        # refused the act.
        why = text.decode("utf-8", "replace")
        try:
            problem = json.loads(text)
            why = (f"{problem['rule']}: " if problem.get("rule") else "") + problem.get("detail", why)
        except (ValueError, AttributeError):
            pass  # not a problem document: the body as it is says more than nothing
        raise Refused(f"the server refused the act ({status}): {why}")
    return json.loads(text)


def main(argv):
    mode, rest = (argv[0], argv[1:]) if argv else ("", [])
    if mode == "vectors" and len(rest) == 1:
        print(json.dumps(vector_results(rest[0]), indent=1))
    elif mode == "sign":
        o = options(rest, ["key", "act", "at"])
        if "key" not in o:
            raise Refused("--key KEYFILE is required")
        print(json.dumps(signed_body(read_key_file(o["key"]), act_arg(o)), separators=(",", ":")))
    elif mode == "post":
        o = options(rest, ["server", "key", "act", "at"])
        if "server" not in o or "key" not in o:
            raise Refused("post takes --server URL and --key KEYFILE")
        body = signed_body(read_key_file(o["key"]), act_arg(o))
        receipt = post(o["server"], body)
        check_leaf(receipt, base64.b64decode(body["canonical"]))
        print(json.dumps(receipt, separators=(",", ":")))
    else:
        raise Refused("usage: sign.py vectors FILE | sign --key KEYFILE --act JSON [--at TIME|now] | post --server URL --key KEYFILE --act JSON [--at TIME|now]")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Refused as e:
        print(f"sign.py: {e}", file=sys.stderr)
        sys.exit(1)
