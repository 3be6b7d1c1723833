#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft) for machines without a Docker engine.
# The jars come from the official artifacts on Maven Central (org.apache.kafka:kafka_2.13),
# resolved by Maven into a cache folder; the broker runs on the machine's Java 17.
#
#   docker/local/kafka.sh install   resolve the jars (once)
#   docker/local/kafka.sh start     format storage when new, start, wait for a metadata answer
#   docker/local/kafka.sh stop      stop the broker this script started
#   docker/local/kafka.sh status    print whether the broker answers
#
# Settings: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_VERSION (from pom.xml),
# TICKET_ROUTER_CACHE (<repo>/.cache). Each port gets its own data, logs and pid file, so the
# fault-injection tests can run a private broker beside the shared one.
#
# KAFKA_SECURITY=sasl_ssl starts a secured broker instead (docker/local/kafka/secure.properties):
# a SASL_SSL listener with a CA and a broker certificate made with openssl, SCRAM users created
# when the storage is formatted, the StandardAuthorizer (ACLs) and super users broker, admin and
# router. Its files are in <cache>/kafka-<version>/secure-<port>/: ca.pem (the CA clients trust)
# and credentials.json (user -> password, generated once); the users are listed in
# KAFKA_SECURE_USERS (default: the super users plus contoso and fabrikam, two ISVs).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=${KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/kafka/pom.xml")}
cache=${TICKET_ROUTER_CACHE:-$repo/.cache}
home="$cache/kafka-$version"
libs="$home/libs"
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
data="$home/data-$port"
logs="$home/logs-$port"
pidfile="$home/broker-$port.pid"
security=${KAFKA_SECURITY:-plaintext}
secure="$home/secure-$port"
super_users=(broker admin router)
read -r -a users <<<"${KAFKA_SECURE_USERS:-broker admin router contoso fabrikam}"

log() { printf '[kafka] %s\n' "$*" >&2; }

answers() {
  # A metadata request through kafkajs: the broker is up only when it can answer one.
  if [ "$security" = sasl_ssl ]; then
    [ -f "$secure/credentials.json" ] || return 1
    KAFKA_SSL=true KAFKA_SSL_CA_FILE="$secure/ca.pem" KAFKA_SASL_MECHANISM=scram-sha-512 \
      KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD="$(password admin)" \
      node "$here/kafka-ping.js" "localhost:$port" "${1:-2000}" >/dev/null 2>&1
  else
    node "$here/kafka-ping.js" "localhost:$port" "${1:-2000}" >/dev/null 2>&1
  fi
}

password() {
  node -e 'process.stdout.write(require(process.argv[1])[process.argv[2]])' \
    "$secure/credentials.json" "$1"
}

# The CA, the broker's certificate (localhost, 127.0.0.1) and a password per user, once.
secure_files() {
  if [ -f "$secure/credentials.json" ] && [ -f "$secure/broker.pem" ]; then return 0; fi
  command -v openssl >/dev/null || { log "openssl is needed for the secured broker: apt-get install -y openssl"; exit 1; }
  # New passwords: storage formatted with the old ones must go too.
  rm -rf "$secure" "$data"
  mkdir -p "$secure" "$data"
  (
    cd "$secure"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout ca.key -out ca.pem \
      -subj "/CN=ticket-router test CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout broker.key -out broker.csr \
      -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' >broker.ext
    openssl x509 -req -sha256 -days 3650 -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
      -extfile broker.ext -out broker.crt 2>/dev/null
    # Kafka's PEM keystore: the private key (PKCS#8) and the certificate chain in one file.
    cat broker.key broker.crt ca.pem >broker.pem
    rm -f broker.csr broker.ext ca.srl
    chmod 600 ca.key broker.key broker.pem
  )
  node -e '
    const { randomBytes } = require("node:crypto");
    const users = process.argv.slice(2);
    const out = Object.fromEntries(users.map((u) => [u, randomBytes(12).toString("hex")]));
    require("node:fs").writeFileSync(process.argv[1], JSON.stringify(out, null, 2) + "\n", { mode: 0o600 });
  ' "$secure/credentials.json" "${users[@]}"
  log "made a CA, a broker certificate and passwords for ${users[*]} in $secure"
}

# secure.properties plus the files, the super users and the JAAS logins (SCRAM and PLAIN).
secure_props() {
  local plain_users="" u supers=("User:ANONYMOUS")
  for u in "${users[@]}"; do plain_users+=" user_$u=\"$(password "$u")\""; done
  for u in "${super_users[@]}"; do supers+=("User:$u"); done
  cat "$here/kafka/secure.properties"
  echo "ssl.keystore.location=$secure/broker.pem"
  echo "ssl.truststore.location=$secure/ca.pem"
  echo "super.users=$(IFS=';'; echo "${supers[*]}")"
  echo "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"$(password broker)\";"
  echo "listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"$(password broker)\";"
  echo "listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"$(password broker)\"$plain_users;"
}

install() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is needed to fetch Kafka: apt-get install -y maven"; exit 1; }
  command -v java >/dev/null || { log "Java 17 is needed to run Kafka: apt-get install -y openjdk-17-jre-headless"; exit 1; }
  log "resolving org.apache.kafka:kafka_2.13:$version from Maven Central into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  mvn -q -B -f "$here/kafka/pom.xml" -Dkafka.version="$version" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" >&2
  touch "$libs/.complete"
}

java_args() {
  # shellcheck disable=SC2206
  java_cmd=(java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" -Dkafka.logs.dir="$logs"
    -cp "$libs/*")
}

start() {
  if answers; then
    log "already running on localhost:$port"
    return 0
  fi
  install
  mkdir -p "$data" "$logs"
  props="$home/server-$port.properties"
  scram=()
  if [ "$security" = sasl_ssl ]; then
    secure_files
    { secure_props; echo "log.dirs=$data"; } |
      sed -e "s/localhost:9093/localhost:$controller_port/g" -e "s/localhost:9092/localhost:$port/g" >"$props"
    chmod 600 "$props"
    # SCRAM credentials live in the cluster metadata: created with the storage, before the start.
    for u in "${users[@]}"; do
      scram+=(--add-scram "SCRAM-SHA-512=[name=$u,password=$(password "$u")]"
        --add-scram "SCRAM-SHA-256=[name=$u,password=$(password "$u")]")
    done
  elif [ "$security" = plaintext ]; then
    { cat "$here/kafka/server.properties"; echo "log.dirs=$data"; } |
      sed -e "s/localhost:9093/localhost:$controller_port/g" -e "s/localhost:9092/localhost:$port/g" >"$props"
  else
    log "KAFKA_SECURITY must be plaintext or sasl_ssl (got $security)"
    exit 2
  fi
  if [ ! -f "$data/meta.properties" ]; then
    java_args
    cluster_id=$("${java_cmd[@]}" kafka.tools.StorageTool random-uuid)
    log "formatting $data (cluster $cluster_id)"
    "${java_cmd[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" "${scram[@]}" >"$logs/format.log" 2>&1 ||
      { cat "$logs/format.log" >&2; exit 1; }
  fi
  started=$(date +%s%N)
  java_args
  # setsid: the broker outlives the shell (and npm) that started it.
  nohup setsid "${java_cmd[@]}" kafka.Kafka "$props" >"$logs/stdout.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if answers 1000; then
      ms=$((($(date +%s%N) - started) / 1000000))
      log "ready on localhost:$port ($security) after ${ms} ms (data $data, log $logs/server.log)"
      return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "the broker exited; last lines of $logs/stdout.log and server.log:"
      tail -n 30 "$logs/stdout.log" "$logs/server.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  log "no metadata answer on localhost:$port after 60 s; see $logs/server.log"
  exit 1
}

stop() {
  if [ ! -f "$pidfile" ]; then
    log "no broker started by this script ($pidfile missing)"
    return 0
  fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if answers; then log "running on localhost:$port"; else log "not running"; exit 1; fi ;;
  *) echo "usage: $0 install|start|stop|restart|status" >&2; exit 2 ;;
esac
