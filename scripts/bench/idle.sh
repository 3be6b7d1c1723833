#!/usr/bin/env bash
# npm run bench:idle -- [--settle S] [--seconds S] [--runs N] [BUNDLE ...]
#
# The CPU an idle router uses at rest: each bundle in turn (the built router by default; several
# bundles alternate run by run, so a change in the machine's load does not favour one), started
# alone against the local services with no input, left --settle seconds (start-up, the memory
# reducer after it), then measured for --seconds from /proc/<pid>/task/*/schedstat (nanoseconds
# on a CPU and times scheduled, summed over the process's threads: finer than /proc/<pid>/stat's
# 10-ms ticks, which `npm run bench` reads). Its own consumer group and database; the default
# topics. Needs Kafka and MySQL up (npm run services:up). docs/benchmarks.md, "Idle: kafkajs' request timeout check …".
set -euo pipefail
cd "$(dirname "$0")/../.."

settle=60 seconds=60 runs=2 bundles=()
while [ $# -gt 0 ]; do
  case "$1" in
    --settle) settle=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) bundles+=("$1"); shift ;;
  esac
done
if [ ${#bundles[@]} -eq 0 ]; then
  node scripts/ensure-built.js router
  bundles=(dist/apps/router/main.js)
fi

db=ticket_router_idle_bench
mysql -h 127.0.0.1 -u root -e "CREATE DATABASE IF NOT EXISTS $db"
trap 'mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db" || true' EXIT

# Sums one field of /proc/<pid>/task/*/schedstat: 1 = ns on a CPU, 3 = times scheduled.
sum_schedstat() {
  local pid=$1 field=$2 total=0 values
  for stat in /proc/"$pid"/task/*/schedstat; do
    read -r -a values <"$stat" || continue
    total=$((total + values[field - 1]))
  done
  echo "$total"
}

echo "machine: $(nproc) vCPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), node $(node -v), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
echo "settle ${settle} s, measure ${seconds} s, ${runs} run(s) of each"
for run in $(seq 1 "$runs"); do
  for bundle in "${bundles[@]}"; do
    log=$(mktemp)
    DATABASE_URL="mysql://root@127.0.0.1:3306/$db" KAFKA_GROUP_ID="idle-bench-$$" \
      KAFKA_CLIENT_ID="idle-bench-$$" HTTP_PORT=3190 LOG_LEVEL=warn node "$bundle" >"$log" 2>&1 &
    pid=$!
    sleep "$settle"
    if ! kill -0 "$pid" 2>/dev/null; then echo "$bundle ended early:" >&2; cat "$log" >&2; exit 1; fi
    cpu0=$(sum_schedstat "$pid" 1) slices0=$(sum_schedstat "$pid" 3)
    sleep "$seconds"
    cpu1=$(sum_schedstat "$pid" 1) slices1=$(sum_schedstat "$pid" 3)
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
    awk -v run="$run" -v b="$bundle" -v ns=$((cpu1 - cpu0)) -v n=$((slices1 - slices0)) -v s="$seconds" \
      'BEGIN { printf "run %d  %-40s %6.1f ms CPU  %.3f%% of a core  %5.1f wake-ups/s\n", run, b, ns / 1e6, ns / 1e9 / s * 100, n / s }'
  done
done
