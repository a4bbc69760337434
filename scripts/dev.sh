#!/usr/bin/env bash
# The README's first command: installs what is missing, starts PostgreSQL, Redis and Azurite on
# 127.0.0.1, migrates and seeds the development database, then serves the API on
# http://127.0.0.1:7071/api with `func start` where Azure Functions Core Tools are installed, and with
# the project's own local host (`nrsgirls serve`) everywhere else. Ctrl+C stops serving; the services
# keep running until `dotnet run --project src/NrsGirls.Cli -- local down`.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${NRSGIRLS_HTTP_PORT:-7071}"

bash scripts/bootstrap.sh

settings=src/NrsGirls.Functions/local.settings.json
if [ ! -f "$settings" ]; then
  cp local.settings.sample.json "$settings"
  echo "dev: wrote $settings from local.settings.sample.json (local development values only)"
fi

echo "dev: building"
dotnet build src/NrsGirls.Cli --nologo --verbosity quiet
nrsgirls() { dotnet run --no-build --project src/NrsGirls.Cli -- "$@"; }

nrsgirls local up
nrsgirls db seed all

api="http://127.0.0.1:${port}/api"
# Development mail (verification tokens included) goes to files a developer can open; local.settings.json
# may say so already (the sample does), the environment makes sure, whatever the working folder.
export NRSGIRLS_DEV_MAIL_DIR="${NRSGIRLS_DEV_MAIL_DIR:-$(pwd)/.local/mail}"
mkdir -p "$NRSGIRLS_DEV_MAIL_DIR"
echo "dev: e-mail is not sent; each message (verification tokens included) is written to ${NRSGIRLS_DEV_MAIL_DIR}/*.eml"

if command -v func >/dev/null 2>&1; then
  # `nrsgirls serve` prints its own "Try:" lines from the routes it serves; func does not.
  cat <<EOF

dev: serving the API on ${api} (Ctrl+C stops it). Try:
  curl -s ${api}/health
  curl -s -X POST ${api}/auth/register -H 'Content-Type: application/json' -d '{"email":"dev@example.com","password":"correct-horse-battery-staple","role":"viewer"}'
  curl -s -X POST ${api}/auth/login -H 'Content-Type: application/json' -d '{"email":"dj.nova@nrsgirls.local","password":"nrsgirls-dev-password"}'
  curl -s ${api}/me -H "Authorization: Bearer <token from the login above>"

EOF
  echo "dev: Azure Functions Core Tools found: func start"
  cd src/NrsGirls.Functions
  exec func start --port "$port"
fi
echo "dev: Azure Functions Core Tools not installed: serving with the local host (nrsgirls serve; see the README, \"Running the Functions app\")"
exec dotnet run --no-build --project src/NrsGirls.Cli -- serve --port "$port"
