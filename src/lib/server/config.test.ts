import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from './config.js';

describe('loadServerConfig', () => {
	it('has documented defaults', () => {
		const c = loadServerConfig({});
		expect(c).toMatchObject({ port: 3000, dataDir: './data', agentToken: null, historyWindowMs: 900_000, pingIntervalMs: 5_000, pingTimeoutMs: 5_000 });
	});

	it('names every bad variable, its value and what was expected', () => {
		let error: unknown;
		try {
			loadServerConfig({ PORT: 'eighty', PULSE_AGENT_TOKEN: 'short', PULSE_LOG_LEVEL: 'loud' });
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const problems = (error as ConfigError).problems;
		expect(problems).toHaveLength(3);
		expect(problems[0]).toMatch(/^PORT="eighty": /);
		expect(problems[1]).toMatch(/^PULSE_AGENT_TOKEN="short": .*16/);
		expect(problems[2]).toMatch(/^PULSE_LOG_LEVEL="loud": /);
	});

	it('treats an empty variable as unset', () => {
		expect(loadServerConfig({ PORT: '' }).port).toBe(3000);
	});
});
