#!/usr/bin/env bash
# rapper (Debian's raptor2-utils), an RDF parser of its own, for the export tests: every RDF
# export must parse in a tool that is not ours (tests/test_export.py).
set -euo pipefail
if ! command -v rapper >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq raptor2-utils >/dev/null
fi
rapper --version
