#!/usr/bin/env bash
# The one test command (`npm test`): makes sure the system packages the tests need are here,
# builds, type-checks, runs unit + integration tests (vitest) and e2e tests (Playwright in
# Debian's chromium), then prints one "N passed, N failed" line. Exit non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
rm -f .tmp/vitest-results.json .tmp/playwright-results.json

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
/usr/bin/python3 -c 'import socketio, websocket' 2>/dev/null || need_apt+=(python3-socketio python3-websocket python3-requests)
if [ ${#need_apt[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "Installing test packages: ${need_apt[*]}"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null || { echo "apt-get install failed"; exit 1; }
	else
		echo "Missing system packages for the tests: ${need_apt[*]} (run: sudo apt-get install -y ${need_apt[*]})"
		exit 1
	fi
fi

status=0
checks_failed=0
npm run build --silent || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
npm run check --silent || { echo "type check failed"; checks_failed=1; status=1; }

CI=${CI:-} npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-results.json || status=1
CI=true npx playwright test || status=1

node scripts/test-summary.mjs .tmp/vitest-results.json .tmp/playwright-results.json "$checks_failed" || status=1
exit $status
