# Throwaway PostgreSQL clusters for local runs and tests. Source this file, then:
#   foi_pg_start DIR PORT   creates (once) and starts a cluster in DIR listening on 127.0.0.1:PORT
#   foi_pg_stop DIR         stops it
#   foi_free_port           prints a TCP port nothing listens on
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.

FOI_PG_BIN=${FOI_PG_BIN:-/usr/lib/postgresql/15/bin}

foi_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

foi_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

foi_pg_start() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    foi_pg_as_owner "$FOI_PG_BIN/initdb" --pgdata="$dir/data" --username=postgres \
      --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  foi_pg_as_owner "$FOI_PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/postgres.log" --wait \
    --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=${FOI_PG_FSYNC:-on}" \
    start >/dev/null || { tail -20 "$dir/postgres.log" >&2; return 1; }
}

foi_pg_stop() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    foi_pg_as_owner "$FOI_PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null 2>&1 || true
  fi
}

# foi_pg_crash DIR: kills the cluster's postmaster and every backend with SIGKILL, as a power
# cut or an OOM kill would; foi_pg_start brings it back through crash recovery.
foi_pg_crash() {
  local dir=$1 pid
  pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null) || return 0
  pkill -9 -P "$pid" 2>/dev/null || true
  kill -9 "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null || pgrep -P "$pid" >/dev/null 2>&1; do sleep 0.05; done
}

# foi_pg_start_replica PRIMARY_PORT DIR PORT: a streaming replica of the cluster on
# PRIMARY_PORT, cloned with pg_basebackup, started in DIR on PORT.
foi_pg_start_replica() {
  local primary_port=$1 dir=$2 port=$3
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
  fi
  foi_pg_as_owner "$FOI_PG_BIN/pg_basebackup" --host=127.0.0.1 --port="$primary_port" \
    --username=postgres --pgdata="$dir/data" --write-recovery-conf --wal-method=stream \
    --checkpoint=fast \
    >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; return 1; }
  foi_pg_start "$dir" "$port"
}
