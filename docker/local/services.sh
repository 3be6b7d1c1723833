#!/usr/bin/env bash
# Brings up what the router needs on a machine without Docker: Kafka (KRaft, from Maven
# Central) on localhost:9092 and MySQL-protocol MariaDB on 127.0.0.1:3306.
# Idempotent: starts only what does not answer. `down` stops only the Kafka broker this
# project started; the machine's MariaDB is left running (other projects use it too).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${1:-up}" in
  up)
    "$here/mysql.sh" start
    "$here/kafka.sh" start
    cat >&2 <<EOF
[services] Kafka  localhost:${KAFKA_PORT:-9092}  (KRaft single node; stop with npm run services:down)
[services] MySQL  127.0.0.1:${MYSQL_PORT:-3306}  (user root, empty password)
EOF
    ;;
  down) "$here/kafka.sh" stop ;;
  status)
    "$here/mysql.sh" status || true
    "$here/kafka.sh" status || true
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
