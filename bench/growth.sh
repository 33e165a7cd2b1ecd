#!/usr/bin/env bash
# How costs grow with the record (issues 9 and 23). For each size N, on a new database:
# "peaceboard bench --acts N --mix MIX" (append and verify, its JSON kept in OUT/bench-N.json),
# then "peaceboard serve" on that database, timing start-up to the first answer of /healthz; then
# bench/scale.py: the first State page after start, as-of reads at random instants of the
# record (300, one client, each another endpoint and second, so that no cache answers), a tour
# of every page of the portal, and the server's resident memory after it.
#
# Usage: bench/growth.sh [N ...]          (default: 10000 100000 1000000)
# Env:   MIX         the bench's mix: all (default; every kind of act over years) or default
#        STORE       sqlite (default) or postgres
#        PGURL       with STORE=postgres, a server's URL whose user may create databases
#                    (default postgres://postgres@/postgres?host=/tmp/pgsess&sslmode=disable);
#                    each size gets a new database peaceboard_growth_N, dropped first
#        PEACEBOARD  the binary (default: built from this checkout into OUT)
#        OUT         where databases and results go (default: a new temporary directory)
#        PORT        the port serve listens on (default: 18089)
#        REUSE       1: measure the records a run before made in OUT again (serve and scale.py
#                    only), without making them anew
# Prints one Markdown table row per size. Needs curl and python3 (and psql with postgres). A
# million acts take a few minutes and about 1.5 GB of disk.
set -euo pipefail

cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
mix=${MIX:-all}
store=${STORE:-sqlite}
pgurl=${PGURL:-postgres://postgres@/postgres?host=/tmp/pgsess&sslmode=disable}
out=${OUT:-$(mktemp -d /tmp/peaceboard-growth.XXXXXX)}
mkdir -p "$out"
port=${PORT:-18089}
pb=${PEACEBOARD:-}
if [ -z "$pb" ]; then
  pb=$out/peaceboard
  go build -o "$pb" ./cmd/peaceboard
fi
base=http://127.0.0.1:$port

echo "| acts | append acts/s | p99 ms | ratio | verify entries/s | ratio | start-up s | first State page ms | as-of p50 ms | as-of p99 ms | RSS after every page MB | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  reuse=${REUSE:-0}
  [ -f "$out/bench-$n.json" ] || reuse=0
  if [ "$store" = postgres ]; then
    name=peaceboard_growth_$n
    [ "$reuse" = 1 ] || psql -q "$pgurl" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
    db=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$pgurl" "$name")
  else
    db=$out/bench-$n.db
    [ "$reuse" = 1 ] || rm -f "$db" "$db"-* "$db.snapshot"
  fi
  [ "$reuse" = 1 ] || "$pb" bench --acts "$n" --mix "$mix" --db "$db" --json > "$out/bench-$n.json"
  # A State of the record, asked before serve starts.
  state=$("$pb" members --db "$db" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["state"])')
  span=""  # the record's first and last instants, asked of the server below

  start=$(date +%s.%N)
  "$pb" serve --db "$db" --addr "127.0.0.1:$port" --api-rate 0 2> "$out/serve-$n.log" &
  pid=$!
  # Wait for the first answer of /healthz from one process that tries a connection every 10 ms:
  # starting curl that often would take a good part of a core from the server starting up.
  up=$(python3 - "$start" "$port" "$pid" << 'PY'
import http.client, sys, time
start, port, pid = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
while True:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/healthz")
        if c.getresponse().status == 200:
            break
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/stat") as f:
            exited = f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        exited = True
    if exited:
        sys.exit("serve exited")
    time.sleep(0.01)
print(time.time() - start)
PY
  ) || { echo "serve exited; see $out/serve-$n.log" >&2; exit 1; }
  if [ -z "$span" ]; then
    first=$(curl -sf "$base/api/v1/entries/0" | python3 -c 'import json, sys; print(json.load(sys.stdin)["at"])')
    size=$(curl -sf "$base/healthz" | awk '{ print $2 }')
    last=$(curl -sf "$base/api/v1/entries/$((size - 1))" | python3 -c 'import json, sys; print(json.load(sys.stdin)["at"])')
    span="$first $last"
  fi
  # shellcheck disable=SC2086
  python3 bench/scale.py "$base" "$pid" "$state" $span > "$out/scale-$n.json"
  kill "$pid"
  wait "$pid" || true

  python3 - "$out/bench-$n.json" "$up" "$out/scale-$n.json" << 'PY'
import json, sys
b = json.load(open(sys.argv[1]))
up = float(sys.argv[2])
s = json.load(open(sys.argv[3]))
v = b["verify"]
print(f"| {b['acts']:,} | {b['acts_per_sec']:,.0f} | {b['p99_ms']:.1f} | {b['ratio']:.2f} | "
      f"{v['entries_per_sec']:,.0f} | {v['ratio']:.2f} | {up:.2f} | {s['first_state_page_ms']:.0f} | "
      f"{s['asof_p50_ms']} | {s['asof_p99_ms']} | {s['rss_after_every_page_mb']} | {s['peak_rss_mb']} |")
PY
done
echo "results in $out" >&2
