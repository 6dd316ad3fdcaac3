import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_FILE_NAME = 'agent-token';

/**
 * The token agents must present. Configured explicitly, or generated once into the data
 * directory (mode 0600) so that it survives restarts and remote agents keep working.
 */
export function resolveAgentToken(configured: string | null, dataDir: string): { token: string; source: string } {
	if (configured) return { token: configured, source: 'PULSE_AGENT_TOKEN' };
	const file = join(dataDir, TOKEN_FILE_NAME);
	try {
		const stored = readFileSync(file, 'utf8').trim();
		if (stored.length >= 16) return { token: stored, source: file };
		throw new Error(`${file} holds fewer than 16 characters; delete it to generate a new token`);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
	}
	mkdirSync(dataDir, { recursive: true });
	const token = randomBytes(24).toString('base64url');
	writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
	chmodSync(file, 0o600);
	return { token, source: `${file} (generated)` };
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokensMatch(expected: string, presented: string): boolean {
	const a = Buffer.from(expected);
	const b = Buffer.from(presented);
	return a.length === b.length && timingSafeEqual(a, b);
}
