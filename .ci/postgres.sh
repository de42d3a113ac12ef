#!/usr/bin/env bash
# PostgreSQL for the quote-store tests at 127.0.0.1:5432 (trust auth, database `test`, user
# `postgres`). Development and CI machines run one already; on a machine without, Debian's
# `postgresql` is installed and started here, so those tests never silently skip.
set -euo pipefail
up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if up; then exit 0; fi
echo "postgres: none at 127.0.0.1:5432; installing and starting Debian's postgresql"
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update && apt-get install -y postgresql
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
hba=/etc/postgresql/$version/main/pg_hba.conf
# Trust connections from this machine only (the tests' databases are throwaway).
cat > "$hba" <<HBA
local all all trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128 trust
HBA
sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" /etc/postgresql/$version/main/postgresql.conf
pg_ctlcluster "$version" main start || pg_ctlcluster "$version" main restart
for _ in $(seq 1 30); do up && break; sleep 1; done
up || { echo "postgres: did not start"; exit 1; }
su postgres -c "psql -h 127.0.0.1 -tc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" | grep -q 1 \
  || su postgres -c "createdb -h 127.0.0.1 test"
