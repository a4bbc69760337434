#!/usr/bin/env bash
# Installs what the backend needs on a Debian machine with the .NET SDK: PostgreSQL 15 server
# binaries and redis-server from Debian's packages, Azurite (pinned in package-lock.json) from npm,
# and the NuGet packages of the solution. Idempotent: what is already there is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
pg_bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pg_bindir="$d"; done
[ -n "$pg_bindir" ] || need_apt+=(postgresql-15 postgresql-contrib)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
# pgbench (the money benchmark's anchor) ships in postgresql-15 itself, installed above when missing.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # The packages' own services are not needed: the project starts private instances on 127.0.0.1.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  for svc in postgresql redis-server; do
    $SUDO service "$svc" stop >/dev/null 2>&1 || true
  done
fi

if [ ! -x node_modules/.bin/azurite ]; then
  echo "bootstrap: installing Azurite (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "bootstrap: restoring NuGet packages"
dotnet restore NrsGirls.sln --verbosity quiet
echo "bootstrap: ready (PostgreSQL $( ("${pg_bindir:-/usr/lib/postgresql/15/bin}/postgres" --version 2>/dev/null || echo '?') | awk '{print $3}'), redis $(redis-server --version | awk '{print $3}' | sed 's/^v=//'), Azurite $(node -p "require('./node_modules/azurite/package.json').version"))"
