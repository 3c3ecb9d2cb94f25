#!/usr/bin/env bash
# What the test suite needs from the system, installed when we can (as root on Debian) and otherwise
# named in one line, so `make test` never ends in a hundred browser errors on a machine without chromium.
#   chromium              the browser and accessibility tests (Playwright drives Debian's build; no download)
#   java (JRE)            HermiT, through owlready2, classifies the ontology at every build
#   npm                   axe-core and the front-end packages in node_modules/
#   python3-venv          the project's virtual environment
#   postgresql            a real PostgreSQL server for the private-database tests (tests/postgres_server.py)
# `prerequisites.sh run` checks only what `make run` needs (Java and venv).
# `prerequisites.sh virtuoso` checks what `make test-virtuoso` needs (Java, venv and):
#   virtuoso-opensource-7-bin   Virtuoso Open Source (virtuoso-t, isql-vt), the second SPARQL engine tested
set -euo pipefail

missing=()
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
command -v java >/dev/null || missing+=(default-jre-headless)
if [ "${1:-test}" = virtuoso ]; then
  { command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; } || missing+=(virtuoso-opensource-7-bin)
fi
if [ "${1:-test}" = test ]; then
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
  command -v npm >/dev/null || missing+=(npm)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing the system packages the tests need: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "make ${1:-test} needs these Debian packages: ${missing[*]} (run as root: apt-get install ${missing[*]})" >&2
exit 1
