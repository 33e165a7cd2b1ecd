#!/usr/bin/env bash
# The write path with two witnesses running (issue 19): alternates "peaceboard bench" without
# witnesses and with two "peaceboard witness serve --audit=false" witnesses, both needed, fresh
# witness databases each run, and prints one line per run (acts/s, p50 ms, p99 ms, ratio to the
# Ed25519 bound; with witnesses, the lag from a commit to a published quorum, p50 and p99 ms).
#
# Usage: bench/witnesses.sh [ACTS [ROUNDS]]     (default 100000 5)
# Env:   PEACEBOARD  the binary (default: built from this checkout into OUT)
#        OUT         where databases and keys go (default: a new temporary directory)
#        WITNESS_DB_DIR  where the witnesses keep their databases (default OUT; /dev/shm keeps
#                    their fsyncs off the writer's disk)
# Needs python3 and sqlite3 (to read the bench record's log key).
set -euo pipefail

cd "$(dirname "$0")/.."
acts=${1:-100000}
rounds=${2:-5}
out=${OUT:-$(mktemp -d /tmp/peaceboard-witnesses.XXXXXX)}
pb=${PEACEBOARD:-}
if [ -z "$pb" ]; then
  pb=$out/peaceboard
  go build -o "$pb" ./cmd/peaceboard
fi
wdir=${WITNESS_DB_DIR:-$out}
cd "$out"
# The bench's records all have one log key (its development keyring's): the witnesses know it.
rm -f k.db && "$pb" bench --acts 100 --delegations 5 --db k.db --bound-sample 10ms >/dev/null 2>&1
sqlite3 k.db "select value from meta where key='log_key'" > log.vkey
for i in 1 2; do
  [ -f w$i.key ] || "$pb" witness new --name w$i.example/witness --out w$i.key --url http://127.0.0.1:738$i > w$i.out
done
without='import json,sys; d=json.load(sys.stdin); print("without", round(d["acts_per_sec"]), d["p50_ms"], d["p99_ms"], round(d["ratio"],3))'
with='import json,sys; d=json.load(sys.stdin); w=d["witness"]; print("with 2 ", round(d["acts_per_sec"]), d["p50_ms"], d["p99_ms"], round(d["ratio"],3), "lag", w["lag_p50_ms"], w["lag_p99_ms"], "unmet", w["unmet"])'
for r in $(seq 1 "$rounds"); do
  rm -f b.db; "$pb" bench --acts "$acts" --db b.db --json --bound-sample 500ms 2>/dev/null | python3 -c "$without"
  rm -f "$wdir"/w1.db* "$wdir"/w2.db* policy.txt
  pids=()
  for i in 1 2; do
    "$pb" witness serve --key w$i.key --db "$wdir/w$i.db" --log log.vkey --log-url http://127.0.0.1:9/ \
      --listen 127.0.0.1:738$i --audit=false 2> w$i.log &
    pids+=($!)
    grep '^policy line:' w$i.out | sed 's/^policy line: *//' >> policy.txt
  done
  printf 'group both all w1.example/witness w2.example/witness\nquorum both\n' >> policy.txt
  sleep 0.5
  rm -f b.db; "$pb" bench --acts "$acts" --db b.db --json --bound-sample 500ms --witness-policy policy.txt 2>/dev/null | python3 -c "$with"
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
done
