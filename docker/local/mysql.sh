#!/usr/bin/env bash
# MySQL protocol on 127.0.0.1:3306 for machines without a Docker engine: the machine's MariaDB.
#
#   docker/local/mysql.sh start    start the local MariaDB when nothing answers on the port;
#                                  install it (prerequisites.sh) when it is missing (root only);
#                                  make sure root can log in over TCP with an empty password
#   docker/local/mysql.sh status   print whether the server answers
#
# The schema is never created here: TypeORM migrations own it (npm run db:migrate).
set -euo pipefail

host=127.0.0.1
port=${MYSQL_PORT:-3306}

log() { printf '[mysql] %s\n' "$*" >&2; }

client() { command -v mariadb || command -v mysql; }

listening() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

tcp_root_ok() { "$(client)" --protocol=TCP -h "$host" -P "$port" -uroot -e 'SELECT 1' >/dev/null 2>&1; }

start_server() {
  [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ] || bash "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"
  daemon=/usr/sbin/mariadbd
  [ -x "$daemon" ] || daemon=/usr/sbin/mysqld
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld 2>/dev/null || true
  log "starting $daemon"
  start-stop-daemon --start --oknodo --background --exec "$daemon" -- --user=mysql >&2
  for _ in $(seq 1 60); do
    listening && return 0
    sleep 0.5
  done
  log "$daemon did not listen on $host:$port within 30 s"
  exit 1
}

ensure_tcp_root() {
  tcp_root_ok && return 0
  # A fresh Debian MariaDB lets root in only through the socket (unix_socket). Keep socket
  # login and add an empty-password root for TCP clients on this machine only.
  log "allowing root with an empty password over TCP from 127.0.0.1 and localhost"
  "$(client)" -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
FLUSH PRIVILEGES;
SQL
  tcp_root_ok || { log "root still cannot log in over TCP"; exit 1; }
}

case "${1:-}" in
  start)
    if listening; then log "already listening on $host:$port"; else start_server; fi
    ensure_tcp_root
    log "ready on $host:$port ($("$(client)" --protocol=TCP -h "$host" -P "$port" -uroot -N -e 'SELECT VERSION()'))"
    ;;
  status) if listening; then log "listening on $host:$port"; else log "not listening"; exit 1; fi ;;
  *) echo "usage: $0 start|status" >&2; exit 2 ;;
esac
