import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { loadServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { startPulse } from './runtime.js';
import { getRuntime } from './runtime-handle.js';

/** `vite dev`: attaches Socket.IO to Vite's own HTTP server, so dev and production share a port. */
export function pulseDevServer(): Plugin {
	return {
		name: 'pulse-socket-io',
		apply: 'serve',
		async configureServer(server) {
			// Null in middleware mode and when vitest loads this config: nothing to attach to.
			if (!server.httpServer) return;
			await getRuntime()?.close();
			const config = loadServerConfig(process.env);
			// Vite serves plain HTTP here (HTTP/2 only with its own TLS option, which Pulse does not use).
			startPulse(server.httpServer as HttpServer, config, createLogger(config.logLevel));
		}
	};
}
