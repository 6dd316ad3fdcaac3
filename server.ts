/**
 * Production entry: the adapter-node request handler and Socket.IO on one HTTP server,
 * with a bounded, idempotent shutdown on SIGTERM/SIGINT. Built to build/server.js.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadServerConfig } from './src/lib/server/config.js';
import { createLogger } from './src/lib/server/logger.js';
import { startPulse } from './src/lib/server/runtime.js';

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
	const httpServer = createServer((req, res) =>
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		})
	);
	const pulse = startPulse(httpServer, config, log);

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
		log.info({ port, host: config.host, url: `http://localhost:${port}` }, 'listening');
	});
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
