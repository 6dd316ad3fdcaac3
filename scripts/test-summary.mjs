// Sums vitest's and Playwright's JSON reports (and a failed type check) into one
// "N passed, N failed" line.
// A missing report counts as a failure: a runner that crashed must not look green.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile, checksFailed = '0'] = process.argv.slice(2);
let passed = 0;
let failed = Number(checksFailed);
const problems = failed > 0 ? ['the type check failed'] : [];

if (existsSync(vitestFile)) {
	const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
	passed += v.numPassedTests;
	failed += v.numFailedTests;
	if (v.numFailedTestSuites > 0 && v.numFailedTests === 0) {
		failed += v.numFailedTestSuites;
		problems.push(`${v.numFailedTestSuites} vitest file(s) failed to run`);
	}
} else {
	failed += 1;
	problems.push(`no vitest report at ${vitestFile}`);
}

if (existsSync(playwrightFile)) {
	const p = JSON.parse(readFileSync(playwrightFile, 'utf8'));
	passed += p.stats.expected + p.stats.flaky;
	failed += p.stats.unexpected;
	if (p.errors?.length) {
		failed += p.errors.length;
		problems.push(`${p.errors.length} Playwright error(s) outside tests`);
	}
} else {
	failed += 1;
	problems.push(`no Playwright report at ${playwrightFile}`);
}

for (const p of problems) console.log(`note: ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
