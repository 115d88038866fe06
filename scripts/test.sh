#!/usr/bin/env bash
# The whole test suite: unit tests beside the code, then integration and end-to-end tests against
# real embedded hubs, real kubectl and real binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# Compile once: every `lifeboat` process the suite starts (hubs, CLI calls, mover containers) then
# runs the compiled CLI (bin/lifeboat.js picks it while it is newer than every source) instead of
# compiling TypeScript at each start — seconds of CPU per process on this suite's hundreds of them.
npx tsc -p tsconfig.json || echo "warning: the build failed; lifeboat processes run from the sources" >&2
shopt -s globstar nullglob
files=(src/**/*.test.ts test/**/*.test.ts)
if [ ${#files[@]} -eq 0 ]; then
  echo "no test files found" >&2
  exit 1
fi
exec node --test --test-concurrency=2 --test-timeout=600000 --import tsx "$@" "${files[@]}"
