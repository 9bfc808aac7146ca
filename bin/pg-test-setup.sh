#!/usr/bin/env bash
# Starts Debian's PostgreSQL for the tests that need it (hosted instance on PostgreSQL) and makes a role `tem`
# (password tem) and a database `tem_test`. Idempotent; runs as root. Prints the URL the tests read:
#   TEM_TEST_DATABASE_URL=postgres://tem:tem@127.0.0.1:5432/tem_test
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

# The first cluster pg_lsclusters shows (Debian makes one, e.g. "15 main"); created if there is none.
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1) || true
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main >/dev/null
  read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
fi
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done

psql_as_postgres() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt $*"; }
if [ "$(psql_as_postgres "-c \"SELECT 1 FROM pg_roles WHERE rolname = 'tem'\"")" != "1" ]; then
  psql_as_postgres "-c \"CREATE ROLE tem LOGIN PASSWORD 'tem'\""
fi
if [ "$(psql_as_postgres "-c \"SELECT 1 FROM pg_database WHERE datname = 'tem_test'\"")" != "1" ]; then
  psql_as_postgres "-c \"CREATE DATABASE tem_test OWNER tem\""
fi

echo "TEM_TEST_DATABASE_URL=postgres://tem:tem@127.0.0.1:$port/tem_test"
