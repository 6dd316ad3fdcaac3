// `npm start`: the built server plus one agent reporting this machine, as two processes.
// Ctrl-C (or SIGTERM) stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.PULSE_DATA_DIR ?? './data';
const base = `http://127.0.0.1:${port}`;
const START_TIMEOUT_MS = 30_000;

const server = spawn(process.execPath, ['build/server.js'], { stdio: 'inherit', env: process.env });
let agent = null;
let exiting = false;

function stopAll(code) {
	if (exiting) return;
	exiting = true;
	for (const child of [agent, server]) if (child && child.exitCode === null) child.kill('SIGTERM');
	setTimeout(() => process.exit(code), 6_000).unref();
	Promise.all([agent, server].filter(Boolean).map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
		process.exit(code)
	);
}

server.once('exit', (code) => stopAll(code ?? 1));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function waitForServer() {
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline && !exiting) {
		try {
			if ((await fetch(`${base}/healthz`)).ok) return true;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return false;
}

if (!(await waitForServer())) {
	console.error(`Pulse did not answer on ${base}/healthz within ${START_TIMEOUT_MS / 1000} s`);
	stopAll(1);
} else {
	const token = process.env.PULSE_AGENT_TOKEN ?? readFileSync(join(dataDir, 'agent-token'), 'utf8').trim();
	agent = spawn(process.execPath, ['build/agent/pulse-agent.mjs', '--server', base, '--state-dir', join(dataDir, 'agent-state')], {
		stdio: 'inherit',
		env: { ...process.env, PULSE_AGENT_TOKEN: token }
	});
	agent.once('exit', (code) => stopAll(code ?? 1));
	console.log(`\n  Pulse is running: http://localhost:${port}  (agent token in ${join(dataDir, 'agent-token')})\n`);
}
