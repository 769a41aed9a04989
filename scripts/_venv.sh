# Sourced by scripts/run, scripts/test and scripts/build-bundle: make the virtual environment
# $VENV (default .venv) with Python >= 3.11 and install the project into it (editable), with
# the extras named in $EXTRAS, held to the pins of the file $CONSTRAINTS if that is set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python >= 3.11 is needed (found: $("$PY" --version 2>&1)); set PYTHON=..." >&2
  exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating $VENV …" >&2
  "$PY" -m venv "$VENV"
fi
echo "Installing into $VENV${CONSTRAINTS:+ (pinned by $CONSTRAINTS)} …" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  ${CONSTRAINTS:+--constraint "$CONSTRAINTS"} -e ".${EXTRAS:-}"
