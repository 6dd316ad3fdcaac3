import { z } from 'zod';

/**
 * The server's configuration: an allow-list of environment variables parsed once at start.
 * Every error names the variable, the value and what was expected, and stops the process.
 */
export interface ServerConfig {
	port: number;
	host: string;
	dataDir: string;
	/** From PULSE_AGENT_TOKEN; when unset the server uses (or creates) `<dataDir>/agent-token`. */
	agentToken: string | null;
	historyWindowMs: number;
	pingIntervalMs: number;
	pingTimeoutMs: number;
	overviewIntervalMs: number;
	/** A connected host without a sample for this long is `stale` (at least 3 agent intervals). */
	staleAfterMs: number;
	logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
	shutdownTimeoutMs: number;
	/** `sqlite` (default): persistent tiers in `<dataDir>/pulse.db`; `memory`: recent window only. */
	store: 'sqlite' | 'memory';
	flushIntervalMs: number;
	retention: { rawMs: number; minuteMs: number; hourMs: number };
	/** Base URL of the dashboard as people reach it, for links in notifications. */
	publicUrl: string | null;
	webhook: { timeoutMs: number; retryBaseMs: number; retryMaxMs: number; giveUpMs: number };
	alertHistoryMs: number;
	/** PEM certificate chain and key: when both are set the server speaks HTTPS/WSS only. */
	tls: { certFile: string; keyFile: string } | null;
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Variable name → how to parse it, with its default. */
const VARIABLES = {
	PORT: int(0, 65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	PULSE_DATA_DIR: z.string().min(1).default('./data'),
	PULSE_AGENT_TOKEN: z.string().min(16, 'at least 16 characters').max(512).optional(),
	PULSE_HISTORY_WINDOW_S: int(10, 86_400).default(900),
	PULSE_PING_INTERVAL_MS: int(100, 300_000).default(5_000),
	PULSE_PING_TIMEOUT_MS: int(100, 300_000).default(5_000),
	PULSE_OVERVIEW_INTERVAL_MS: int(100, 60_000).default(1_000),
	PULSE_STALE_AFTER_MS: int(1_000, 3_600_000).default(5_000),
	PULSE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	PULSE_SHUTDOWN_TIMEOUT_MS: int(100, 120_000).default(5_000),
	PULSE_STORE: z.enum(['sqlite', 'memory']).default('sqlite'),
	PULSE_FLUSH_INTERVAL_MS: int(100, 60_000).default(2_000),
	PULSE_RETENTION_RAW_H: int(1, 24 * 365).default(48),
	PULSE_RETENTION_1M_D: int(1, 3650).default(30),
	PULSE_RETENTION_1H_D: int(1, 36500).default(365),
	PULSE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
	PULSE_WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000),
	PULSE_WEBHOOK_RETRY_BASE_MS: int(10, 3_600_000).default(5_000),
	PULSE_WEBHOOK_RETRY_MAX_MS: int(10, 86_400_000).default(600_000),
	PULSE_WEBHOOK_GIVE_UP_H: int(1, 24 * 30).default(24),
	PULSE_ALERT_HISTORY_D: int(1, 3650).default(90),
	PULSE_TLS_CERT: z.string().min(1).optional(),
	PULSE_TLS_KEY: z.string().min(1).optional()
} as const;

type VariableName = keyof typeof VARIABLES;

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** One format for every configuration problem: which variable, what value, what was expected. */
export function describeProblem(name: string, value: string | undefined, expected: string): string {
	return `${name}=${value === undefined ? '(unset)' : JSON.stringify(value)}: ${expected}`;
}

/** Parses the allow-listed variables of `env`; throws ConfigError listing every problem. */
export function loadServerConfig(env: Record<string, string | undefined>): ServerConfig {
	const problems: string[] = [];
	const values: Partial<Record<VariableName, unknown>> = {};
	for (const name of Object.keys(VARIABLES) as VariableName[]) {
		const raw = env[name] === '' ? undefined : env[name];
		const result = VARIABLES[name].safeParse(raw);
		if (result.success) values[name] = result.data;
		else problems.push(describeProblem(name, raw, result.error.issues.map((i) => i.message).join('; ')));
	}
	if (Boolean(values.PULSE_TLS_CERT) !== Boolean(values.PULSE_TLS_KEY)) {
		const missing = values.PULSE_TLS_CERT ? 'PULSE_TLS_KEY' : 'PULSE_TLS_CERT';
		problems.push(describeProblem(missing, undefined, 'PULSE_TLS_CERT and PULSE_TLS_KEY go together (a PEM certificate and its key)'));
	}
	if (problems.length > 0) throw new ConfigError(problems);
	const v = values as { [K in VariableName]: z.output<(typeof VARIABLES)[K]> };
	return {
		port: v.PORT,
		host: v.HOST,
		dataDir: v.PULSE_DATA_DIR,
		agentToken: v.PULSE_AGENT_TOKEN ?? null,
		historyWindowMs: v.PULSE_HISTORY_WINDOW_S * 1000,
		pingIntervalMs: v.PULSE_PING_INTERVAL_MS,
		pingTimeoutMs: v.PULSE_PING_TIMEOUT_MS,
		overviewIntervalMs: v.PULSE_OVERVIEW_INTERVAL_MS,
		staleAfterMs: v.PULSE_STALE_AFTER_MS,
		logLevel: v.PULSE_LOG_LEVEL,
		shutdownTimeoutMs: v.PULSE_SHUTDOWN_TIMEOUT_MS,
		store: v.PULSE_STORE,
		flushIntervalMs: v.PULSE_FLUSH_INTERVAL_MS,
		retention: {
			rawMs: v.PULSE_RETENTION_RAW_H * 3_600_000,
			minuteMs: v.PULSE_RETENTION_1M_D * 86_400_000,
			hourMs: v.PULSE_RETENTION_1H_D * 86_400_000
		},
		publicUrl: v.PULSE_PUBLIC_URL ?? null,
		webhook: {
			timeoutMs: v.PULSE_WEBHOOK_TIMEOUT_MS,
			retryBaseMs: v.PULSE_WEBHOOK_RETRY_BASE_MS,
			retryMaxMs: v.PULSE_WEBHOOK_RETRY_MAX_MS,
			giveUpMs: v.PULSE_WEBHOOK_GIVE_UP_H * 3_600_000
		},
		alertHistoryMs: v.PULSE_ALERT_HISTORY_D * 86_400_000,
		tls: v.PULSE_TLS_CERT && v.PULSE_TLS_KEY ? { certFile: v.PULSE_TLS_CERT, keyFile: v.PULSE_TLS_KEY } : null
	};
}
