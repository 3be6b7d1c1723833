#!/usr/bin/env bash
# Installs from Debian's packages what the local stack needs and the machine lacks: Java 17
# and Maven (to fetch and run Kafka), openssl (certificates of the tests' secured broker), a
# MySQL-protocol server when nothing listens on 3306, and chromium for the console's browser
# test (playwright-core drives Debian's build; it downloads no browser). Needs root; without
# it, it only says what is missing.
set -euo pipefail
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v curl >/dev/null || missing+=(curl)
command -v "${CHROMIUM_PATH:-chromium}" >/dev/null || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
if ! (exec 3<>/dev/tcp/127.0.0.1/${MYSQL_PORT:-3306}) 2>/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
  missing+=(mariadb-server)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  printf '[prerequisites] missing: %s (install them, or run this as root on Debian)\n' "${missing[*]}" >&2
  exit 1
fi
printf '[prerequisites] apt-get install %s\n' "${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq "${missing[@]}" >&2
