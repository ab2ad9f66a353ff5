#!/usr/bin/env bash
# The whole test suite (`npm test`): dependencies, import rules (dependency-cruiser,
# .dependency-cruiser.cjs), typecheck, unit/integration tests (vitest), browser
# tests (playwright). Every test step runs even if an earlier one failed, so one
# run shows every problem; the output ends with a
# summary and one PASSED/FAILED line, and the exit status is non-zero on any failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
results=()
failed=()

banner() { printf '\n==> %s\n' "$*"; }

banner "ensure-test-deps: bash scripts/ensure-test-deps.sh"
if ! bash scripts/ensure-test-deps.sh; then
  echo
  echo "==> TESTS FAILED: test dependencies are missing (see above); nothing was run" >&2
  exit 1
fi

run_step() {
  local name="$1"
  shift
  banner "${name}: $*"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local took=$((SECONDS - t0))
  if [[ $rc -eq 0 ]]; then
    results+=("  pass  ${name} (${took}s)")
  else
    results+=("  FAIL  ${name} (exit ${rc}, ${took}s)")
    failed+=("${name}")
  fi
}

run_step import-rules npm run --silent lint:imports
run_step typecheck npx tsc --noEmit -p .
rm -rf .test-reports && mkdir -p .test-reports
run_step vitest npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json
run_step playwright npx playwright test

# One plain closing line that counts every test of both runners: "N passed, N failed".
counts=$(node -e '
  const fs = require("node:fs");
  const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
  let passed = 0, failed = 0, skipped = 0;
  const v = read(".test-reports/vitest.json");
  if (v) { passed += v.numPassedTests; failed += v.numFailedTests; skipped += v.numPendingTests + v.numTodoTests; }
  else failed += 1;
  const p = read(".test-reports/playwright.json");
  if (p) { passed += p.stats.expected + p.stats.flaky; failed += p.stats.unexpected; skipped += p.stats.skipped; }
  else failed += 1;
  process.stdout.write(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
')

banner "summary"
printf '%s\n' "${results[@]}"
took=$((SECONDS - started))
if ((${#failed[@]} == 0)); then
  echo "==> TESTS PASSED (import-rules, typecheck, vitest, playwright) in ${took}s"
  echo "${counts}"
else
  echo "==> TESTS FAILED: ${failed[*]} (after ${took}s)"
  echo "${counts}"
  exit 1
fi
