import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

const PORT = Number(process.env.PULSE_E2E_PORT ?? 3210);
const DATA_DIR = process.env.PULSE_E2E_DATA_DIR ?? '.tmp/e2e-data';

/**
 * End-to-end: the production build (server + a real local agent, as `npm start` runs them)
 * in Debian's chromium. Browsers cannot be downloaded here, so the system one is used.
 */
export default defineConfig({
	testDir: 'e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: process.env.CI ? [['list'], ['json', { outputFile: '.tmp/playwright-results.json' }]] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'retain-on-failure',
		launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }
	},
	webServer: {
		command: `rm -rf ${DATA_DIR} && node scripts/run-local.mjs`,
		url: `http://127.0.0.1:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(PORT), PULSE_DATA_DIR: DATA_DIR, PULSE_LOG_LEVEL: 'warn' },
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
