#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at $LIUYAN_TEST_PG (default 127.0.0.1:5432, user postgres):
# starts the local cluster if it is installed but stopped, installs it from Debian if it is missing.
set -euo pipefail
url="${LIUYAN_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
ready() { pg_isready -q -d "$url/postgres" 2>/dev/null; }
ready && exit 0
if ! command -v pg_ctlcluster >/dev/null; then
  echo "installing PostgreSQL" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "PostgreSQL does not answer at $url" >&2
exit 1
