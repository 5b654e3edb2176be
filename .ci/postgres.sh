# Sourced by .ci/run: a PostgreSQL server of the tests' own, on loopback, for
# test/sources-postgres.test.ts, which reads ZHUNRU_TEST_PG. Idempotent and fast when things are
# present: Debian's postgresql is installed only when no server binaries are found, the cluster is
# created once, and the server is started only when it is not running. As root, the server runs
# as the postgres user (initdb refuses root). ZHUNRU_PG_DIR and ZHUNRU_PG_PORT choose the folder
# and the port (default /tmp/zhunru-ci-postgres, 55432). Stop it with:
#   runuser -u postgres -- /usr/lib/postgresql/*/bin/pg_ctl -D /tmp/zhunru-ci-postgres stop
pg_dir=${ZHUNRU_PG_DIR:-/tmp/zhunru-ci-postgres}
pg_port=${ZHUNRU_PG_PORT:-55432}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -s "$pg_dir/PG_VERSION" ]; then
  mkdir -p "$pg_dir"
  chmod 700 "$pg_dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$pg_dir"; fi
  as_pg "$pg_bin/initdb" -D "$pg_dir" -A trust -U zhunru -E UTF8 --no-sync >/dev/null
fi
if ! as_pg "$pg_bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; then
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -w -l "$pg_dir/server.log" \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
fi
export ZHUNRU_TEST_PG="postgres://zhunru@127.0.0.1:$pg_port/postgres"
