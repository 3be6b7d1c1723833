#!/usr/bin/env bash
# Stops the apps scripts/start.sh started (SIGTERM: each drains and exits). Kafka and MySQL
# stay up; `npm run services:down` stops the broker.
set -uo pipefail
cd "$(dirname "$0")/.."
for name in audit-api router; do
  pidfile=.cache/run/$name.pid
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    printf '[stop] %s stopped\n' "$name" >&2
  fi
  rm -f "$pidfile"
done
