#!/usr/bin/env bash
# The README's first command: from a fresh clone on a machine of this kind, install what is
# missing, bring up Kafka and MySQL, apply the migrations, start the router and the audit API
# in the background, feed them a demo stream and say where everything is.
# Idempotent: what already runs is left alone. Stop the apps with `npm run stop`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
run="$repo/.cache/run"
mkdir -p "$run"
log() { printf '[start] %s\n' "$*" >&2; }

command -v node >/dev/null || { log "Node.js 20 is needed (https://nodejs.org)"; exit 1; }
bash docker/local/prerequisites.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund >&2
fi

bash docker/local/services.sh up

# Settings: the environment wins; these are the defaults of .env.example.
export DATABASE_URL=${DATABASE_URL:-mysql://root@127.0.0.1:3306/ticket_router}
export HTTP_PORT=${HTTP_PORT:-3000}
export AUDIT_API_PORT=${AUDIT_API_PORT:-3001}

# The audit API reads with its own SELECT-only user; its password is made once and kept here.
if [ -z "${AUDIT_API_DATABASE_URL:-}" ]; then
  [ -f "$run/reader-password" ] || node -e 'process.stdout.write(require("crypto").randomBytes(18).toString("base64url"))' >"$run/reader-password"
  export AUDIT_API_DATABASE_URL="mysql://ticket_router_reader:$(cat "$run/reader-password")@127.0.0.1:3306/ticket_router"
fi
npm run --silent db:migrate

# Two demo API keys (analyst, admin), made once; only their hashes go to the API.
if [ ! -f "$run/audit-api-keys" ]; then
  : >"$run/audit-api-keys"
  for role in analyst admin; do
    out=$(npm run --silent api-key -- --role "$role" --name "demo-$role")
    printf '%s\n' "$out" | sed -n 's/^key: *//p' >"$run/$role.key"
    printf '%s\n' "$out" | sed -n 's/^entry: *//p' >>"$run/audit-api-keys"
  done
fi
export AUDIT_API_KEYS_FILE="$run/audit-api-keys"

npm run --silent build >&2

start_app() { # name, readiness url, curl options
  local name=$1 url=$2
  shift 2
  if curl -fsS "$@" "$url" >/dev/null 2>&1; then
    log "$name already answers at $url"
    return 0
  fi
  log "starting $name (log .cache/run/$name.log)"
  nohup setsid node "dist/apps/$name/main.js" >"$run/$name.log" 2>&1 </dev/null &
  echo $! >"$run/$name.pid"
  for _ in $(seq 1 120); do
    curl -fsS "$@" "$url" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || { tail -n 20 "$run/$name.log" >&2; log "$name exited"; exit 1; }
    sleep 0.5
  done
  log "$name did not answer at $url within 60 s; see .cache/run/$name.log"
  exit 1
}
start_app router "http://127.0.0.1:$HTTP_PORT/health"
# Every audit API endpoint needs a key, its readiness probe too.
start_app audit-api "http://127.0.0.1:$AUDIT_API_PORT/v1/me" -H "Authorization: Bearer $(cat "$run/analyst.key")"

npm run --silent demo

cat <<EOF

Everything is up:
  Kafka         localhost:9092  (topics support.tickets.new, support.tickets.routed.{partner,isv,microsoft}, support.tickets.dlq)
  MySQL         127.0.0.1:3306  database ticket_router (root, empty password; the API reads as ticket_router_reader)
  Router        http://127.0.0.1:$HTTP_PORT/health   http://127.0.0.1:$HTTP_PORT/metrics   log .cache/run/router.log
  Audit API     http://127.0.0.1:$AUDIT_API_PORT/docs (OpenAPI UI)   log .cache/run/audit-api.log
                analyst key: $(cat "$run/analyst.key")
                admin key:   $(cat "$run/admin.key")
  Try:          curl -H "Authorization: Bearer \$(cat .cache/run/analyst.key)" "http://127.0.0.1:$AUDIT_API_PORT/v1/decisions?limit=5"
  Stop:         npm run stop   (apps)   npm run services:down   (Kafka)
EOF
