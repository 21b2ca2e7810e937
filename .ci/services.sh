#!/usr/bin/env bash
# Start and stop the servers the scale-out tests need, on loopback only:
# PostgreSQL (Debian package) for the session store and a Chroma server for the vector store.
# Sourced by .ci/run; also usable by hand: `. .ci/services.sh && start_services`.

CI_SERVICES_DIR=${CI_SERVICES_DIR:-/tmp/klantreis-ci-services}
PG_PORT=${PG_PORT:-55432}
CHROMA_PORT=${CHROMA_PORT:-58000}

_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  echo "$dir"
}

start_postgres() {
  if [ -z "$(_pg_bin)" ]; then
    echo "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  local bin pgdata
  bin=$(_pg_bin)
  pgdata="$CI_SERVICES_DIR/pg"
  rm -rf "$pgdata" && mkdir -p "$pgdata" && chown postgres:postgres "$pgdata" "$CI_SERVICES_DIR"
  su postgres -s /bin/sh -c "$bin/initdb -D $pgdata -A trust -U postgres -E UTF8 >/dev/null"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $pgdata -l $pgdata/log -w -o '-h 127.0.0.1 -p $PG_PORT -k $pgdata' start >/dev/null"
  su postgres -s /bin/sh -c "$bin/createdb -h 127.0.0.1 -p $PG_PORT klantreis_test"
  export KLANTREIS_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/klantreis_test"
  echo "postgresql on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  local bin
  bin=$(_pg_bin)
  [ -n "$bin" ] && [ -d "$CI_SERVICES_DIR/pg" ] &&
    su postgres -s /bin/sh -c "$bin/pg_ctl -D $CI_SERVICES_DIR/pg -m fast stop >/dev/null" || true
}

start_chroma() {
  mkdir -p "$CI_SERVICES_DIR/chroma"
  chroma run --host 127.0.0.1 --port "$CHROMA_PORT" --path "$CI_SERVICES_DIR/chroma" \
    >"$CI_SERVICES_DIR/chroma.log" 2>&1 &
  echo $! >"$CI_SERVICES_DIR/chroma.pid"
  for _ in $(seq 1 60); do
    if python - "$CHROMA_PORT" <<'PY' 2>/dev/null; then
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v2/heartbeat", timeout=1)
PY
      export KLANTREIS_TEST_CHROMA_URL="http://127.0.0.1:$CHROMA_PORT"
      echo "chroma on 127.0.0.1:$CHROMA_PORT"
      return 0
    fi
    sleep 0.5
  done
  echo "chroma server did not start:" && tail -20 "$CI_SERVICES_DIR/chroma.log"
  return 1
}

stop_chroma() {
  [ -f "$CI_SERVICES_DIR/chroma.pid" ] && kill "$(cat "$CI_SERVICES_DIR/chroma.pid")" 2>/dev/null || true
}

start_services() { start_postgres && start_chroma; }
stop_services() { stop_chroma; stop_postgres; }
