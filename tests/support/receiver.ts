import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	json: unknown;
	at: number;
}

/**
 * A webhook receiver on 127.0.0.1: records every request it answers 2xx. While `down`, it
 * answers 503 and records nothing (the request counts as failed for the sender).
 */
export class WebhookReceiver {
	private server: Server;
	readonly received: Received[] = [];
	refused = 0;
	down = false;
	port = 0;

	constructor() {
		this.server = createServer((req, res) => {
			let body = '';
			req.setEncoding('utf8');
			req.on('data', (c: string) => (body += c));
			req.on('end', () => {
				if (this.down) {
					this.refused++;
					res.writeHead(503).end('down for maintenance');
					return;
				}
				let json: unknown = null;
				try {
					json = JSON.parse(body);
				} catch {
					// kept as text
				}
				this.received.push({ path: req.url ?? '/', headers: req.headers, body, json, at: Date.now() });
				res.writeHead(200).end('ok');
			});
		});
	}

	async listen(): Promise<string> {
		await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
		this.port = (this.server.address() as AddressInfo).port;
		return `http://127.0.0.1:${this.port}`;
	}

	at(path: string): Received[] {
		return this.received.filter((r) => r.path === path);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((r) => this.server.close(() => r()));
	}
}
