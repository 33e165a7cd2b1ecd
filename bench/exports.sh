#!/usr/bin/env bash
# Size and time of each export of a record (issue 20): for each data set and format,
# "peaceboard export" into a file (wall time, peak RSS, bytes), then "peaceboard verify --export
# FILE --db" on it (wall time). The record is a database given as DB, or, with N, a new one made
# by "peaceboard bench --acts N" (the write-path workload: a quarter each of votes, comments,
# pledges and receipts).
#
# Usage: bench/exports.sh DB            (an existing database)
#        N=1000000 bench/exports.sh     (a new one of N acts, in OUT)
# Env:   PEACEBOARD  the binary (default: built from this checkout into OUT)
#        OUT         where the database and files go (default: a new temporary directory)
# Prints one Markdown table row per export. Needs GNU time (/usr/bin/time).
set -euo pipefail

cd "$(dirname "$0")/.."
out=${OUT:-$(mktemp -d /tmp/peaceboard-exports.XXXXXX)}
pb=${PEACEBOARD:-}
if [ -z "$pb" ]; then
  pb=$out/peaceboard
  go build -o "$pb" ./cmd/peaceboard
fi
db=${1:-}
if [ -z "$db" ]; then
  n=${N:?give DB, or N to make a database of N acts}
  db=$out/bench-$n.db
  # 250 delegations: the workload opens votes/delegations proposals, and an agenda holds at most 1000.
  "$pb" bench --acts "$n" --delegations "${DELEGATIONS:-250}" --db "$db" --json > "$out/bench-$n.json"
fi

# timed CMD...: runs CMD, prints "SECONDS RSS_MB" from GNU time.
timed() {
  /usr/bin/time -f '%e %M' -o "$out/time" "$@" > /dev/null
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$out/time"
}

echo "| export | bytes | export s | export peak RSS MB | verify --export --db s |"
echo "|---|---:|---:|---:|---:|"
for spec in members:csv members:json invitations:csv invitations:json decisions:csv decisions:json \
  votes:csv votes:json popolo:json funds:csv funds:json contributions:csv contributions:json \
  disbursements:csv disbursements:json iati:xml iati-organisation:xml; do
  name=${spec%%:*} format=${spec##*:}
  file=$out/$name.$format
  args=(export "$name" --db "$db" --out "$file")
  [ "$format" = xml ] || args+=(--format "$format")
  read -r secs rss < <(timed "$pb" "${args[@]}")
  bytes=$(stat -c %s "$file")
  read -r vsecs _ < <(timed "$pb" verify --export "$file" --db "$db")
  printf '| %s.%s | %s | %s | %s | %s |\n' "$name" "$format" "$bytes" "$secs" "$rss" "$vsecs"
done
echo
echo "record: $db, $(sed -n 's/^# size: //p' "$out/members.csv") entries"
