import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP reverse proxy on 127.0.0.1 that forwards plain requests to a server but refuses
 * WebSocket upgrades with 403, as some corporate proxies and firewalls do. `refuseUpgrades`
 * can be switched off to let upgrades through (they are then tunnelled as raw TCP).
 */
export class NoUpgradeProxy {
	private server: Server;
	refuseUpgrades = true;
	/** Refuse only this many upgrades, then let them through (a proxy that came around). */
	refuseAtMost = Infinity;
	upgradesRefused = 0;
	upgradesPassed = 0;
	port = 0;

	constructor(private readonly targetPort: number) {
		this.server = createServer((req, res) => {
			const upstream = request(
				{ host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: req.headers },
				(up) => {
					res.writeHead(up.statusCode ?? 502, up.headers);
					up.pipe(res);
				}
			);
			upstream.on('error', () => {
				res.writeHead(502);
				res.end();
			});
			req.pipe(upstream);
		});
		this.server.on('upgrade', (req, socket, head) => {
			if (this.refuseUpgrades && this.upgradesRefused < this.refuseAtMost) {
				this.upgradesRefused++;
				socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
				return;
			}
			this.upgradesPassed++;
			const upstream = request({ host: '127.0.0.1', port: this.targetPort, path: req.url, headers: req.headers });
			upstream.on('upgrade', (res, upSocket, upHead) => {
				const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`, ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)];
				socket.write(`${lines.join('\r\n')}\r\n\r\n`);
				if (upHead.length) socket.write(upHead);
				if (head.length) upSocket.write(head);
				upSocket.pipe(socket).pipe(upSocket);
				upSocket.on('error', () => socket.destroy());
				socket.on('error', () => upSocket.destroy());
			});
			upstream.on('error', () => socket.destroy());
			upstream.end();
		});
	}

	async listen(): Promise<number> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this.port;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
