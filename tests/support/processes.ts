import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './wait.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const SERVER_ENTRY = join(ROOT, 'build/server.js');
export const AGENT_BUNDLE = join(ROOT, 'build/agent/pulse-agent.mjs');

/** A child process whose stdout/stderr lines are kept (JSON log lines parsed when possible). */
export class Proc {
	readonly lines: string[] = [];
	readonly logs: Record<string, unknown>[] = [];
	readonly exited: Promise<number | null>;

	constructor(readonly child: ChildProcess) {
		const collect = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				this.lines.push(line);
				try {
					this.logs.push(JSON.parse(line));
				} catch {
					// not a JSON log line: kept in `lines` only
				}
			}
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** The first log entry matching `pred`, waiting up to `timeoutMs`. */
	waitForLog(what: string, pred: (entry: Record<string, unknown>) => boolean, timeoutMs = 15_000) {
		return waitFor(what, () => this.logs.find(pred), timeoutMs);
	}

	/** Sends `signal` and waits (bounded) for the exit; SIGKILL if it does not come. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<number | null> {
		if (!this.running) return this.child.exitCode;
		this.child.kill(signal);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
		const code = await this.exited;
		clearTimeout(timer);
		return code;
	}
}

function requireBuilt(file: string): void {
	if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the integration tests`);
}

export interface ServerProcess extends Proc {
	url: string;
	port: number;
	token: string;
	dataDir: string;
	cleanup(): Promise<void>;
}

/** Starts the production server on a free loopback port with its own data directory. */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
	requireBuilt(SERVER_ENTRY);
	const dataDir = env.PULSE_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'pulse-it-'));
	const proc = new Proc(
		spawn(process.execPath, [SERVER_ENTRY], {
			cwd: ROOT,
			env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PULSE_DATA_DIR: dataDir, PULSE_LOG_LEVEL: 'info', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		})
	);
	const listening = await proc.waitForLog('the server to listen', (e) => e.msg === 'listening').catch((err) => {
		proc.child.kill('SIGKILL');
		throw new Error(`${err.message}\n${proc.lines.join('\n')}`);
	});
	const port = listening.port as number;
	const token = env.PULSE_AGENT_TOKEN ?? readFileSync(join(dataDir, 'agent-token'), 'utf8').trim();
	return Object.assign(proc, {
		url: `http://127.0.0.1:${port}`,
		port,
		token,
		dataDir,
		async cleanup() {
			await proc.stop('SIGKILL');
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
}

/** Starts the built agent bundle against `url`, with its own state directory unless `args` name one. */
export function startAgent(url: string, token: string, args: string[] = [], env: Record<string, string> = {}): Proc {
	requireBuilt(AGENT_BUNDLE);
	const stateArgs = args.includes('--state-dir') ? [] : ['--state-dir', mkdtempSync(join(tmpdir(), 'pulse-agent-state-'))];
	return new Proc(
		spawn(process.execPath, [AGENT_BUNDLE, '--server', url, ...stateArgs, ...args], {
			cwd: ROOT,
			env: { ...process.env, PULSE_AGENT_TOKEN: token, PULSE_LOG_LEVEL: 'info', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		})
	);
}
