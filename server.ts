/**
 * Production entry: the adapter-node request handler and Socket.IO on one HTTP server,
 * with a bounded, idempotent shutdown on SIGTERM/SIGINT. Built to build/server.js.
 */
// First, before any schema is built: zod compiles each schema on first use (~10× faster
// validation on the ingest path; falls back to the interpreter for anything it cannot compile).
import 'zod/compile';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadServerConfig } from './src/lib/server/config.js';
import { createLogger } from './src/lib/server/logger.js';
import { startPulse } from './src/lib/server/runtime.js';
import { StoreOpenError } from './src/lib/server/store/sqlite/database.js';

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

async function main(): Promise<void> {
	let config;
	try {
		config = loadServerConfig(process.env);
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			process.exit(2);
		}
		throw err;
	}
	const log = createLogger(config.logLevel);

	// handler.js is the adapter-node output next to this file once built.
	const { handler } = (await import(new URL('./handler.js', import.meta.url).href)) as { handler: Handler };
	const respond = (req: IncomingMessage, res: ServerResponse) =>
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	const httpServer = config.tls ? createHttpsServer(readTls(config.tls), respond) : createHttpServer(respond);
	let pulse;
	try {
		pulse = startPulse(httpServer, config, log);
	} catch (err) {
		if (err instanceof StoreOpenError) {
			log.fatal({ err: err.message }, 'cannot open the store');
			console.error(err.message);
			process.exit(2);
		}
		throw err;
	}

	let stopping = false;
	const shutdown = (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'shutting down');
		const force = setTimeout(() => {
			log.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
			process.exit(1);
		}, config.shutdownTimeoutMs);
		force.unref();
		pulse
			.close()
			.then(() => {
				log.info('stopped');
				process.exit(0);
			})
			.catch((err) => {
				log.error({ err }, 'shutdown failed');
				process.exit(1);
			});
	};
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGINT', () => shutdown('SIGINT'));

	httpServer.on('error', (err) => {
		log.fatal({ err }, 'HTTP server error');
		process.exit(1);
	});
	httpServer.listen(config.port, config.host, () => {
		const { port } = httpServer.address() as AddressInfo;
		const scheme = config.tls ? 'https' : 'http';
		log.info({ port, host: config.host, url: `${scheme}://localhost:${port}`, tls: Boolean(config.tls) }, 'listening');
	});
}

/** Reads the certificate and key at start: a missing or unreadable file stops the server with its name. */
function readTls(tls: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
	const read = (variable: string, file: string) => {
		try {
			return readFileSync(file);
		} catch (err) {
			console.error(`Invalid configuration:\n  - ${variable}=${JSON.stringify(file)}: cannot read it (${(err as Error).message})`);
			process.exit(2);
		}
	};
	return { cert: read('PULSE_TLS_CERT', tls.certFile), key: read('PULSE_TLS_KEY', tls.keyFile) };
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
