import { connect as tlsConnect } from 'node:tls';
import { connect as tcpConnect } from 'node:net';

const TIMEOUT_MS = 5_000;

/**
 * Why the server cannot be reached, in words: Socket.IO's own connect error only says
 * "xhr poll error". Opens a bare TCP (or TLS, with the agent's trust settings) connection to
 * the server and reports what failed: refused, timeout, certificate not trusted…; null if it
 * connects fine (the problem is above TLS).
 */
export function diagnoseReachability(serverUrl: string, tls: { ca?: string; rejectUnauthorized: boolean }): Promise<string | null> {
	const url = new URL(serverUrl);
	const secure = url.protocol === 'https:' || url.protocol === 'wss:';
	const port = Number(url.port) || (secure ? 443 : 80);
	const host = url.hostname.replace(/^\[|\]$/g, '');
	return new Promise((resolve) => {
		const socket = secure
			? tlsConnect({ host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host, ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized })
			: tcpConnect({ host, port });
		const done = (reason: string | null) => {
			socket.destroy();
			resolve(reason);
		};
		socket.setTimeout(TIMEOUT_MS, () => done(`no answer from ${host}:${port} within ${TIMEOUT_MS / 1000} s`));
		socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ? `${err.code}: ${err.message}` : err.message));
		socket.once(secure ? 'secureConnect' : 'connect', () => done(null));
	});
}
