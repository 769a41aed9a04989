# Sourced by scripts/run and scripts/test: make .venv with Python >= 3.11 and install
# the project into it (editable), with the extras named in $EXTRAS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python >= 3.11 is needed (found: $("$PY" --version 2>&1)); set PYTHON=..." >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv …" >&2
  "$PY" -m venv .venv
fi
echo "Installing into .venv …" >&2
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS:-}"
