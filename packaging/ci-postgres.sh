#!/bin/sh
# Start Debian's PostgreSQL for the test suite and create the `kiosk` role and `kiosk_test`
# database. Run as root. Safe to run twice. Prints only progress lines.
# Afterwards: KIOSK_TEST_PG_URL=postgresql+psycopg://kiosk:kiosk@127.0.0.1:5432/kiosk_test
set -eu

VERSION="${PG_VERSION:-}"
if [ -z "$VERSION" ]; then
    VERSION=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)
fi
if [ -z "$VERSION" ]; then
    echo "ci-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
fi
CLUSTER=main

if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
    echo "ci-postgres: creating cluster $VERSION/$CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER" --port 5432 >/dev/null
fi

CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER"
# Listen on the loopback address only, via a drop-in (Debian's postgresql.conf includes conf.d).
mkdir -p "$CONF_DIR/conf.d"
WANTED=$(printf "listen_addresses = '127.0.0.1'\nport = 5432")
CHANGED=no
if [ "$(cat "$CONF_DIR/conf.d/kiosk-ci.conf" 2>/dev/null)" != "$WANTED" ]; then
    printf '%s\n' "$WANTED" > "$CONF_DIR/conf.d/kiosk-ci.conf"
    CHANGED=yes
fi
# Password logins over TCP from the loopback address.
if ! grep -q "kiosk-ci" "$CONF_DIR/pg_hba.conf"; then
    echo "host all all 127.0.0.1/32 scram-sha-256 # kiosk-ci" >> "$CONF_DIR/pg_hba.conf"
fi

STATUS=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
if [ "$STATUS" = "online" ] && [ "$CHANGED" = "yes" ]; then
    # listen_addresses only takes effect on a restart.
    echo "ci-postgres: restarting PostgreSQL $VERSION/$CLUSTER"
    pg_ctlcluster "$VERSION" "$CLUSTER" restart >/dev/null
elif [ "$STATUS" = "online" ]; then
    echo "ci-postgres: PostgreSQL $VERSION/$CLUSTER is running; reloading"
    pg_ctlcluster "$VERSION" "$CLUSTER" reload >/dev/null
else
    echo "ci-postgres: starting PostgreSQL $VERSION/$CLUSTER"
    pg_ctlcluster "$VERSION" "$CLUSTER" start >/dev/null
fi

psql_admin() {
    su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -tA $*" </dev/null
}

# Wait until the server answers (start returns before it accepts connections on slow machines).
tries=0
until su postgres -c "psql -X -tA -c 'SELECT 1'" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
        echo "ci-postgres: server did not answer after 30 s" >&2
        exit 1
    fi
    sleep 1
done

if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = 'kiosk'\"")" = "1" ]; then
    echo "ci-postgres: role kiosk exists; resetting its password"
    psql_admin "-c \"ALTER ROLE kiosk WITH LOGIN PASSWORD 'kiosk'\"" >/dev/null
else
    echo "ci-postgres: creating role kiosk"
    psql_admin "-c \"CREATE ROLE kiosk WITH LOGIN PASSWORD 'kiosk'\"" >/dev/null
fi

if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = 'kiosk_test'\"")" = "1" ]; then
    echo "ci-postgres: database kiosk_test exists"
else
    echo "ci-postgres: creating database kiosk_test"
    psql_admin "-c \"CREATE DATABASE kiosk_test OWNER kiosk\"" >/dev/null
fi
psql_admin "-d kiosk_test -c \"ALTER SCHEMA public OWNER TO kiosk\"" >/dev/null

echo "ci-postgres: ready at postgresql+psycopg://kiosk:kiosk@127.0.0.1:5432/kiosk_test"
