#!/usr/bin/env bash
# Runs Lifeboat on this machine (installs what it needs first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec node bin/lifeboat.js up "$@"
