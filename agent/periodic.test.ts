import { describe, expect, it } from 'vitest';
import { Periodic } from './periodic.js';

describe('Periodic', () => {
	it('reads at most once per period, never overlapping, each result taken once', async () => {
		let calls = 0;
		let finish: (v: number) => void = () => {};
		const p = new Periodic<number>(1_000, () => new Promise<number>((r) => ((calls++), (finish = r))), () => {});
		p.poll(0);
		p.poll(10);
		expect(calls).toBe(1);
		expect(p.take()).toBeUndefined();
		finish(42);
		await new Promise((r) => setTimeout(r, 0));
		expect(p.take()).toBe(42);
		expect(p.take()).toBeUndefined();
		p.poll(999);
		expect(calls).toBe(1);
		p.poll(1_000);
		expect(calls).toBe(2);
	});

	it('reports errors and tries again next period', async () => {
		const errors: unknown[] = [];
		let n = 0;
		const p = new Periodic<number>(100, async () => {
			if (n++ === 0) throw new Error('no sensor');
			return 7;
		}, (e) => errors.push(e));
		p.poll(0);
		await new Promise((r) => setTimeout(r, 0));
		expect(errors).toHaveLength(1);
		p.poll(100);
		await new Promise((r) => setTimeout(r, 0));
		expect(p.take()).toBe(7);
	});
});
