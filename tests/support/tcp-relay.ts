import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a server, able to fail silently: while `partitioned`
 * every byte is dropped in both directions and nothing is closed (no FIN, no RST), as when
 * a network dies under a connection. `heal()` resets the connections the partition broke
 * (as a NAT or firewall that lost its state would) and forwards new ones again.
 */
export class TcpRelay {
	private server: Server;
	private pairs = new Set<[Socket, Socket]>();
	partitioned = false;
	port = 0;

	constructor(private readonly targetPort: number) {
		this.server = createServer((client) => {
			const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
			const pair: [Socket, Socket] = [client, upstream];
			this.pairs.add(pair);
			const forward = (from: Socket, to: Socket) =>
				from.on('data', (chunk) => {
					if (!this.partitioned) to.write(chunk);
				});
			forward(client, upstream);
			forward(upstream, client);
			const close = () => {
				this.pairs.delete(pair);
				client.destroy();
				upstream.destroy();
			};
			// While partitioned, ends are swallowed too: nobody hears about anything.
			client.on('close', () => !this.partitioned && close());
			upstream.on('close', () => !this.partitioned && close());
			client.on('error', () => {});
			upstream.on('error', () => {});
		});
	}

	async listen(): Promise<number> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this.port;
	}

	partition(): void {
		this.partitioned = true;
	}

	heal(): void {
		for (const [a, b] of this.pairs) {
			a.resetAndDestroy();
			b.resetAndDestroy();
		}
		this.pairs.clear();
		this.partitioned = false;
	}

	async close(): Promise<void> {
		this.heal();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
