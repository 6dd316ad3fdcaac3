import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { HostIdSchema, LabelsSchema } from '../src/lib/protocol/index.js';

/** The agent's settings, from CLI flags first, then environment variables, then defaults. */
export interface AgentConfig {
	server: string;
	token: string;
	intervalMs: number;
	hostId: string;
	labels: Record<string, string>;
	caFile: string | null;
	insecure: boolean;
	maxBufferedSamples: number;
	/** Where the agent keeps its spool of unsent samples (survives restarts). */
	stateDir: string;
	/** Backlog replay after a reconnect, samples per second (live samples are not held back). */
	replayRate: number;
	reconnectMinMs: number;
	reconnectMaxMs: number;
	logLevel: string;
}

export const USAGE = `Usage: pulse-agent --server URL --token TOKEN [options]

  --server URL         Pulse server, e.g. https://pulse.example.com     (PULSE_SERVER)
  --token TOKEN        agent token shown by the server                   (PULSE_AGENT_TOKEN)
  --interval MS        sampling interval in ms, default 1000             (PULSE_INTERVAL_MS)
  --host-id ID         id of this host, default: the hostname            (PULSE_HOST_ID)
  --label KEY=VALUE    a label for this host; repeat for more            (PULSE_LABELS=k=v,k2=v2)
  --ca FILE            PEM file of the CA that signed the server's cert  (PULSE_CA_FILE)
  --insecure           accept any TLS certificate (testing only)         (PULSE_INSECURE=1)
  --buffer N           samples kept while disconnected, default 3600     (PULSE_BUFFER_SAMPLES)
  --state-dir DIR      spool of unsent samples, default ./pulse-agent-state (PULSE_STATE_DIR;
                       under systemd: $STATE_DIRECTORY)
  --replay-rate N      backlog samples sent per second after a reconnect, default 200
                                                                         (PULSE_REPLAY_RATE)
  --reconnect-min MS   first reconnection delay, default 1000             (PULSE_RECONNECT_MIN_MS)
  --reconnect-max MS   longest reconnection delay, default 30000          (PULSE_RECONNECT_MAX_MS)
  --log-level LEVEL    fatal|error|warn|info|debug, default info          (PULSE_LOG_LEVEL)
  --help               show this help
`;

export class AgentConfigError extends Error {
	constructor(problems: string[]) {
		super(`Invalid agent configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${USAGE}`);
		this.name = 'AgentConfigError';
	}
}

/** A hostname made into a valid host id (ids appear in URLs and room names). */
export function defaultHostId(name = hostname()): string {
	const slug = name
		.toLowerCase()
		.replace(/[^a-z0-9._-]+/g, '-')
		.replace(/^[^a-z0-9]+/, '')
		.slice(0, 64);
	return slug || 'host';
}

function parseLabels(items: string[], source: string, problems: string[]): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const item of items) {
		const eq = item.indexOf('=');
		if (eq <= 0) problems.push(`${source} "${item}": expected KEY=VALUE`);
		else labels[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
	}
	return labels;
}

const ServerUrlSchema = z
	.string()
	.url()
	.refine((u) => /^(https?|wss?):\/\//.test(u), 'expected an http(s):// or ws(s):// URL');

/** Parses argv (without node and script) and env; throws AgentConfigError with every problem. */
export function loadAgentConfig(argv: string[], env: Record<string, string | undefined>): AgentConfig | 'help' {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		options: {
			server: { type: 'string' },
			token: { type: 'string' },
			interval: { type: 'string' },
			'host-id': { type: 'string' },
			label: { type: 'string', multiple: true },
			ca: { type: 'string' },
			insecure: { type: 'boolean' },
			buffer: { type: 'string' },
			'state-dir': { type: 'string' },
			'replay-rate': { type: 'string' },
			'reconnect-min': { type: 'string' },
			'reconnect-max': { type: 'string' },
			'log-level': { type: 'string' },
			help: { type: 'boolean' }
		}
	});
	if (values.help) return 'help';

	const problems: string[] = [];
	const pick = <T>(name: string, schema: z.ZodType<T>, flag: unknown, envName: string, fallback?: T): T => {
		const raw = flag ?? (env[envName] === '' ? undefined : env[envName]) ?? fallback;
		if (raw === undefined) {
			problems.push(`--${name} / ${envName}=(unset): required`);
			return undefined as T;
		}
		const result = schema.safeParse(raw);
		if (result.success) return result.data;
		problems.push(`--${name} / ${envName}=${JSON.stringify(raw)}: ${result.error.issues.map((i) => i.message).join('; ')}`);
		return undefined as T;
	};

	const server = pick('server', ServerUrlSchema, values.server, 'PULSE_SERVER');
	const token = pick('token', z.string().min(1), values.token, 'PULSE_AGENT_TOKEN');
	const intervalMs = pick('interval', z.coerce.number().int().min(100).max(3_600_000), values.interval, 'PULSE_INTERVAL_MS', 1000);
	const hostId = pick('host-id', HostIdSchema, values['host-id'], 'PULSE_HOST_ID', defaultHostId());
	const caFile = pick('ca', z.string().min(1).nullable(), values.ca, 'PULSE_CA_FILE', null);
	const insecure = values.insecure ?? ['1', 'true', 'yes'].includes((env.PULSE_INSECURE ?? '').toLowerCase());
	const maxBufferedSamples = pick('buffer', z.coerce.number().int().min(10).max(10_000_000), values.buffer, 'PULSE_BUFFER_SAMPLES', 3600);
	const stateDir = pick('state-dir', z.string().min(1), values['state-dir'] ?? env.STATE_DIRECTORY?.split(':')[0], 'PULSE_STATE_DIR', './pulse-agent-state');
	const replayRate = pick('replay-rate', z.coerce.number().int().min(1).max(100_000), values['replay-rate'], 'PULSE_REPLAY_RATE', 200);
	const reconnectMinMs = pick('reconnect-min', z.coerce.number().int().min(10).max(600_000), values['reconnect-min'], 'PULSE_RECONNECT_MIN_MS', 1000);
	const reconnectMaxMs = pick('reconnect-max', z.coerce.number().int().min(10).max(3_600_000), values['reconnect-max'], 'PULSE_RECONNECT_MAX_MS', 30_000);
	const logLevel = pick('log-level', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), values['log-level'], 'PULSE_LOG_LEVEL', 'info');

	const labelItems = values.label ?? (env.PULSE_LABELS ? env.PULSE_LABELS.split(',').filter(Boolean) : []);
	const labels = pick('label', LabelsSchema, parseLabels(labelItems, '--label', problems), 'PULSE_LABELS');

	if (reconnectMaxMs < reconnectMinMs) problems.push(`--reconnect-max ${reconnectMaxMs} is below --reconnect-min ${reconnectMinMs}`);
	if (problems.length > 0) throw new AgentConfigError(problems);
	return {
		server: server.replace(/\/+$/, ''),
		token,
		intervalMs,
		hostId,
		labels,
		caFile,
		insecure,
		maxBufferedSamples,
		stateDir,
		replayRate,
		reconnectMinMs,
		reconnectMaxMs,
		logLevel
	};
}
