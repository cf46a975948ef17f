#!/usr/bin/env bash
# Make sure a local PostgreSQL is up and that PostGIS can be created in it, for the tests.
# Prints the test server URL's check result; fails with a reason when it cannot.
set -euo pipefail
URL_HOST=${PGHOST:-127.0.0.1}
URL_PORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}

if ! pg_isready -q -h "$URL_HOST" -p "$URL_PORT"; then
  v=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$v" ]; then
    echo "PostgreSQL is not installed: apt-get install postgresql postgis" >&2
    exit 1
  fi
  echo "Starting PostgreSQL $v..."
  pg_ctlcluster --skip-systemctl-redirect "$v" main start
  for _ in $(seq 1 30); do pg_isready -q -h "$URL_HOST" -p "$URL_PORT" && break; sleep 1; done
fi
pg_isready -h "$URL_HOST" -p "$URL_PORT"

# A fresh database with PostGIS proves the extension is installed and creatable.
psql -h "$URL_HOST" -p "$URL_PORT" -U "$PGUSER" -d postgres -v ON_ERROR_STOP=1 -qc \
  "DROP DATABASE IF EXISTS mapapp_test WITH (FORCE)" -c "CREATE DATABASE mapapp_test"
psql -h "$URL_HOST" -p "$URL_PORT" -U "$PGUSER" -d mapapp_test -v ON_ERROR_STOP=1 -qAtc \
  "CREATE EXTENSION postgis; SELECT 'PostGIS ' || postgis_lib_version() || ' ready in mapapp_test'"
