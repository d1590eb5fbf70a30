#!/usr/bin/env bash
# The package installed as a user installs it: `pip install .` (not editable, no dev extras) into a
# new venv, then the tests that read HTML pages and feeds run against that install, from a copy of
# the tests outside the source tree (so `import kg` can only find the installed package), and the
# installed `kg` reads a page and a feed. Only pytest, the runner, is added beside the package.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet .
"$work/venv/bin/python" -m pip install --quiet "$(grep -E '^\s*pytest==' setup.cfg | tr -d ' ')"
cp -r tests "$work/tests"
cd "$work"
"$work/venv/bin/python" - <<'PY'
import kg
assert "site-packages" in kg.__file__, f"kg imported from {kg.__file__}, not from the install"
print(f"kg {kg.__version__} from {kg.__file__}")
PY
"$work/venv/bin/kg" ingest "$root/tests/fixtures/page_with_boilerplate.html" "$root/tests/fixtures/feed.atom" \
  --store "$work/store"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider \
  tests/test_sources_formats.py tests/test_sources_url.py tests/test_robustness_fetch.py
