#!/usr/bin/env bash
# YASGUI (@triply/yasgui from the npm registry) for the browser test that queries `kg serve`
# from a page on another loopback origin (tests/test_serve_browser.py). Installed outside the
# repository; the test finds it at $KG_YASGUI_DIR (default /opt/kg-yasgui).
set -euo pipefail
dir=${KG_YASGUI_DIR:-/opt/kg-yasgui}
bundle="$dir/node_modules/@triply/yasgui/build/yasgui.min.js"
if [ ! -f "$bundle" ]; then
  if ! command -v npm >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nodejs npm >/dev/null
  fi
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent @triply/yasgui@4.2.28
fi
test -f "$bundle"
echo "yasgui: $(node -p "require('$dir/node_modules/@triply/yasgui/package.json').version")"
