import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sample } from '../tests/fixtures/samples.js';
import { Outbox } from './outbox.js';
import { Spool } from './spool.js';

describe('Spool', () => {
	let dir = '';
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'pulse-spool-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('is empty on first start', () => {
		expect(new Spool(dir).load()).toEqual({ samples: [], nextSeq: 0, skipped: 0 });
	});

	it('gives back exactly the unacknowledged samples and the next seq after a restart', () => {
		const spool = new Spool(dir);
		const box = new Outbox(100, 30_000, spool);
		for (let i = 0; i < 6; i++) box.push(sample('h', i, 1000 * i));
		box.acknowledge([0, 2, 5], 6000);
		const restored = new Spool(dir).load();
		expect(restored.samples.map((s) => s.seq)).toEqual([1, 3, 4]);
		expect(restored.samples[1]).toEqual(sample('h', 3, 3000));
		expect(restored.nextSeq).toBe(6);
	});

	it('keeps the sequence counter across a compaction that leaves nothing pending', () => {
		const spool = new Spool(dir);
		spool.compact({ samples: [], nextSeq: 42 });
		expect(new Spool(dir).load()).toEqual({ samples: [], nextSeq: 42, skipped: 0 });
	});

	it('compacts itself once enough removals pile up, without losing pending samples', () => {
		const spool = new Spool(dir);
		const box = new Outbox(10_000, 30_000, spool);
		spool.pendingForCompaction = () => ({ samples: box.snapshot(), nextSeq: 2_000 });
		for (let i = 0; i < 1_000; i++) box.push(sample('h', i, i));
		box.acknowledge(box.backlog(700).map((s) => s.seq), 1_000);
		const lines = readFileSync(join(dir, 'spool.log'), 'utf8').trim().split('\n');
		expect(lines[0]).toBe('N 2000');
		expect(lines.length).toBe(1 + 300);
		expect(new Spool(dir).load().samples.map((s) => s.seq)).toEqual(Array.from({ length: 300 }, (_, i) => 700 + i));
	});

	it('skips a torn last line (a crash mid-write) and keeps the rest', () => {
		const spool = new Spool(dir);
		spool.added(sample('h', 0, 0));
		appendFileSync(join(dir, 'spool.log'), 'S {"host":"h","seq":1,"ts"');
		const restored = new Spool(dir).load();
		expect(restored.samples.map((s) => s.seq)).toEqual([0]);
		expect(restored.skipped).toBe(1);
	});
});
