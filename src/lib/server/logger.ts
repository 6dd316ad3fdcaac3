import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; one root logger per process, children per module. */
export function createLogger(level: string, name = 'pulse'): Logger {
	return pino({ name, level, base: { pid: process.pid } });
}
