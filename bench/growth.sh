#!/usr/bin/env bash
# How the write path's costs grow with the record (issue 9). For each size N, on a new SQLite
# database: "peaceboard bench --acts N" (append and verify, its JSON kept in OUT/bench-N.json),
# then "peaceboard serve" on that database, timing start-up to the first answer of /healthz,
# then as-of queries, the current member list and the members page (the median of 7 requests
# each, after one warm-up), and the server's resident memory.
#
# Usage: bench/growth.sh [N ...]          (default: 10000 100000 1000000)
# Env:   PEACEBOARD  the binary (default: built from this checkout into OUT)
#        OUT         where databases and results go (default: a new temporary directory)
#        PORT        the port serve listens on (default: 18089)
# Prints one Markdown table row per size. Needs curl. The largest size takes minutes and about
# 1.5 GB of disk for its database.
set -euo pipefail

cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
out=${OUT:-$(mktemp -d /tmp/peaceboard-growth.XXXXXX)}
port=${PORT:-18089}
pb=${PEACEBOARD:-}
if [ -z "$pb" ]; then
  pb=$out/peaceboard
  go build -o "$pb" ./cmd/peaceboard
fi
base=http://127.0.0.1:$port

# median of the time_total of 7 GETs, in milliseconds, after one warm-up request. The URL is a
# printf format with one %d, which each request fills with a different number (9, then 1 to 7): the API
# answers a question it was asked already, about the same instant of the same record, from its
# cache, and these requests are to measure the answer's work, not the cache.
median_ms() {
  curl -sf -o /dev/null "$(printf "$1" 9)"
  for k in 1 2 3 4 5 6 7; do curl -sf -o /dev/null -w '%{time_total}\n' "$(printf "$1" "$k")"; done |
    sort -n | awk 'NR == 4 { printf "%.1f", $1 * 1000 }'
}

echo "| acts | append acts/s | p99 ms | ratio | verify entries/s | ratio | bench peak RSS MB | start-up s | serve RSS MB | as-of query ms | as-of middle: members ms | treasury ms | member list ms | members page ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  db=$out/bench-$n.db
  rm -f "$db" "$db-wal" "$db-shm"
  "$pb" bench --acts "$n" --db "$db" --json > "$out/bench-$n.json"

  start=$(date +%s.%N)
  "$pb" serve --db "$db" --addr "127.0.0.1:$port" --api-rate 0 2> "$out/serve-$n.log" &
  pid=$!
  # Wait for the first answer of /healthz from one process that tries a connection every 10 ms:
  # starting curl that often would take a good part of a core from the server starting up.
  up=$(python3 - "$start" "$port" "$pid" << 'EOF'
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
EOF
  ) || { echo "serve exited; see $out/serve-$n.log" >&2; exit 1; }
  # The workload's acts come after nine days of setup, the first half at 2026-03-11T01:00Z, the
  # second an hour later. As of 2026-03-10 is during the setup: the state is rebuilt up to then. As of 01:30 is the middle of the record: the latest state answers, leaving out the
  # second half (only votes, comments, pledges and receipts came after).
  # Each request asks about another second (as_of=…:0NZ), or, for the current state, another
  # day after the last act (2027-01-01 to 07). The portal has no cache (n= is ignored).
  asof=$(median_ms "$base/api/v1/members?as_of=2026-03-10T12:00:0%dZ")
  mid=$(median_ms "$base/api/v1/members?as_of=2026-03-11T01:30:0%dZ")
  midt=$(median_ms "$base/api/v1/treasury?as_of=2026-03-11T01:30:0%dZ")
  list=$(median_ms "$base/api/v1/members?as_of=2027-01-0%d")
  page=$(median_ms "$base/members?n=%d")
  rss=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" || true

  python3 - "$out/bench-$n.json" "$up" "$rss" "$asof" "$mid" "$midt" "$list" "$page" << 'EOF'
import json, sys
b = json.load(open(sys.argv[1]))
up, rss, asof, mid, midt, lst, page = sys.argv[2:]
v = b["verify"]
print(f"| {b['acts']:,} | {b['acts_per_sec']:,.0f} | {b['p99_ms']:.1f} | {b['ratio']:.2f} | "
      f"{v['entries_per_sec']:,.0f} | {v['ratio']:.2f} | {b['peak_rss_mb']:.0f} | {float(up):.2f} | {rss} | "
      f"{asof} | {mid} | {midt} | {lst} | {page} |")
EOF
done
echo "results in $out" >&2
