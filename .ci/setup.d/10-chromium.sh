#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the graph-page tests (tests/test_view_browser.py).
# Debian's packages; nothing is downloaded by the test tools themselves. Idempotent.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  echo "chromium and chromedriver already installed"
else
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
chromium --version 2>/dev/null | head -n 1
chromedriver --version | head -n 1
