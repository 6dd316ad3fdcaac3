import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout (journald keeps them when run under systemd). */
export function createAgentLogger(level: string): Logger {
	return pino({ name: 'pulse-agent', level, base: { pid: process.pid } });
}
