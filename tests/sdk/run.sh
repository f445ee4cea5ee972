#!/usr/bin/env bash
# Runs the official Rynko Python SDK against a real Quire binary (built by `cargo build -p quire`).
set -euo pipefail
cd "$(dirname "$0")"
venv="${QUIRE_SDK_VENV:-/var/tmp/quire-sdk-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check rynko pytest
exec "$venv/bin/python" -m pytest -q "$@"
