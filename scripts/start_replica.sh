#!/usr/bin/env bash
# A real streaming replica of the local PostgreSQL, for the read-replica tests: a second
# cluster on port 5433 (REPLICA_PORT), made with `pg_basebackup -R` (hot standby, streaming
# from 127.0.0.1:5432) and started with pg_ctl. Idempotent: an already running replica is
# kept. Needs root (it runs the server as the postgres user) and scripts/start_postgres.sh
# to have run. Prints the replica's state; fails with a reason when it cannot.
set -euo pipefail
PRIMARY_PORT=${PGPORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
VERSION=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
BIN=/usr/lib/postgresql/$VERSION/bin
DATA=${REPLICA_DATA:-/var/lib/postgresql/$VERSION/mapapp-replica}
as_postgres() { runuser -u postgres -- "$@"; }

streaming() {
  pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" &&
    psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -qAtc \
      "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null | grep -qx streaming
}

if streaming; then
  echo "replica already streaming on port $REPLICA_PORT"
else
  # Streaming needs a replication entry in pg_hba.conf ('all' does not match replication).
  HBA=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qAtc "SHOW hba_file")
  if ! grep -Eq '^host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$HBA"; then
    echo "host replication all 127.0.0.1/32 trust  # mapapp read-replica tests" >>"$HBA"
    psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qAtc "SELECT pg_reload_conf()" >/dev/null
  fi
  # A replication slot keeps the WAL the replica has not received yet (the tests create
  # and drop databases faster than a standby without one could follow), bounded so that a
  # replica left stopped can never fill the disk.
  if [ -f "$DATA/postmaster.pid" ] || [ -f "$DATA/PG_VERSION" ]; then
    as_postgres "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qAt \
    -c "SELECT pg_drop_replication_slot('mapapp_replica') FROM pg_replication_slots WHERE slot_name = 'mapapp_replica'" \
    -c "ALTER SYSTEM SET max_slot_wal_keep_size = '4GB'" -c "SELECT pg_reload_conf()" >/dev/null
  rm -rf "$DATA"
  install -d -o postgres -g postgres -m 700 "$DATA"
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA" \
    -R -X stream -c fast -C -S mapapp_replica
  # Debian keeps a cluster's configuration under /etc: the copy gets its own, minimal one
  # (primary_conninfo is in postgresql.auto.conf, which -R wrote into the copy).
  cat >"$DATA/postgresql.conf" <<CONF
port = $REPLICA_PORT
hot_standby = on
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
CONF
  printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' >"$DATA/pg_hba.conf"
  : >"$DATA/pg_ident.conf"
  chown postgres:postgres "$DATA/postgresql.conf" "$DATA/pg_hba.conf" "$DATA/pg_ident.conf"
  as_postgres "$BIN/pg_ctl" -D "$DATA" -w -l "$DATA/replica.log" start
fi
psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -qAtc \
  "SELECT 'replica on port $REPLICA_PORT: in recovery ' || pg_is_in_recovery()"
