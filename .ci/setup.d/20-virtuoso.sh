#!/usr/bin/env bash
# Virtuoso open source (Debian's virtuoso-opensource 7) for the remote-store tests.
# The tests start their own server on loopback with free ports (tests/virtuoso.py);
# this only installs it and checks that the binaries and the stock ini are there. Their ini
# (written from the stock one) allows the server's own `load` directory in DirsAllowed, where
# the `kg load` tests put files for Virtuoso's bulk loader.
set -euo pipefail
if ! command -v virtuoso-t >/dev/null || ! command -v isql-vt >/dev/null \
   || [ ! -f /etc/virtuoso-opensource-7/virtuoso.ini ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq virtuoso-opensource >/dev/null
fi
# Debian's package may start a server of its own on the default ports; the tests do not need it.
if command -v service >/dev/null; then service virtuoso-opensource-7 stop >/dev/null 2>&1 || true; fi
command -v virtuoso-t isql-vt
test -f /etc/virtuoso-opensource-7/virtuoso.ini
echo "virtuoso-opensource: $( (virtuoso-t -? 2>&1 || true) | grep -m1 -i version || true)"
