import { describe, expect, it } from 'vitest';
import { AgentConfigError, defaultHostId, loadAgentConfig } from './config.js';

describe('loadAgentConfig', () => {
	it('takes flags over environment, with defaults', () => {
		const c = loadAgentConfig(['--server', 'http://a:3000/', '--label', 'role=db', '--label', 'dc=eu'], {
			PULSE_SERVER: 'http://ignored',
			PULSE_AGENT_TOKEN: 'secret',
			PULSE_HOST_ID: 'db-1'
		});
		expect(c).toMatchObject({ server: 'http://a:3000', token: 'secret', hostId: 'db-1', intervalMs: 1000, labels: { role: 'db', dc: 'eu' }, insecure: false });
	});

	it('reads labels from PULSE_LABELS', () => {
		const c = loadAgentConfig([], { PULSE_SERVER: 'https://p', PULSE_AGENT_TOKEN: 't', PULSE_LABELS: 'a=1,b=2' });
		expect(c !== 'help' && c.labels).toEqual({ a: '1', b: '2' });
	});

	it('lists every problem with the flag, variable and value', () => {
		let error: unknown;
		try {
			loadAgentConfig(['--server', 'ftp://x', '--interval', '5', '--host-id', 'bad id', '--label', 'oops'], {});
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(AgentConfigError);
		const message = (error as Error).message;
		expect(message).toContain('--server / PULSE_SERVER="ftp://x"');
		expect(message).toContain('--token / PULSE_AGENT_TOKEN=(unset): required');
		expect(message).toContain('--interval / PULSE_INTERVAL_MS="5"');
		expect(message).toContain('--host-id / PULSE_HOST_ID="bad id"');
		expect(message).toContain('--label "oops": expected KEY=VALUE');
	});

	it('rejects unknown flags', () => {
		expect(() => loadAgentConfig(['--sever', 'x'], {})).toThrow(/sever/);
	});

	it('makes a host id from any hostname', () => {
		expect(defaultHostId('Web Server #1.local')).toBe('web-server-1.local');
		expect(defaultHostId('---')).toBe('host');
	});
});
