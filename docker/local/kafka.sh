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

log() { printf '[kafka] %s\n' "$*" >&2; }

answers() {
  # A metadata request through kafkajs: the broker is up only when it can answer one.
  node "$here/kafka-ping.js" "localhost:$port" "${1:-2000}" >/dev/null 2>&1
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
  { cat "$here/kafka/server.properties"; echo "log.dirs=$data"; } |
    sed -e "s/localhost:9093/localhost:$controller_port/g" -e "s/localhost:9092/localhost:$port/g" >"$props"
  if [ ! -f "$data/meta.properties" ]; then
    java_args
    cluster_id=$("${java_cmd[@]}" kafka.tools.StorageTool random-uuid)
    log "formatting $data (cluster $cluster_id)"
    "${java_cmd[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" >"$logs/format.log" 2>&1 ||
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
      log "ready on localhost:$port after ${ms} ms (data $data, log $logs/server.log)"
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
