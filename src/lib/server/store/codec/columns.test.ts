import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, type Column } from './columns.js';
import { ByteReader, ByteWriter } from './varint.js';

describe('varints', () => {
	it('round-trip signed and unsigned values up to 2^53', () => {
		const values = [0, 1, -1, 63, -64, 127, 128, 300, -300, 2 ** 31, -(2 ** 31) - 5, 2 ** 40 + 7, 2 ** 52 - 1, -(2 ** 52) + 1];
		const w = new ByteWriter(4);
		for (const v of values) w.svarint(v);
		w.uvarint(2 ** 53 - 1);
		const r = new ByteReader(w.finish());
		expect(values.map(() => r.svarint())).toEqual(values);
		expect(r.uvarint()).toBe(2 ** 53 - 1);
		expect(r.done).toBe(true);
	});

	it('refuses to read past the end', () => {
		const w = new ByteWriter();
		w.byte(0x80);
		expect(() => new ByteReader(w.finish()).uvarint()).toThrow(RangeError);
	});
});

describe('chunk codec', () => {
	it('round-trips timestamps, decimals and nulls exactly', () => {
		const ts = [1_700_000_000_000, 1_700_000_001_000, 1_700_000_002_003, 1_700_000_002_500, 1_700_000_010_000];
		const columns: Column[] = [
			{ id: 0, decimals: 2, values: [12.34, 0, 100, 99.99, 0.01] },
			{ id: 6, decimals: 0, values: [8_000_000_000_123, 8_000_000_000_000, 0, 5, 2 ** 50] },
			{ id: 15, decimals: 1, values: [null, 45.5, null, -12.3, 48] },
			{ id: 13, decimals: 0, values: [null, null, null, null, null] },
			{ id: 1001, decimals: 2, values: [1, 2, 3, 4, 5] }
		];
		const decoded = decodeChunk(encodeChunk(ts, columns));
		expect(decoded.ts).toEqual(ts);
		expect(decoded.columns).toEqual(columns);
	});

	it('round-trips runs of unchanged values around nulls, compressed or not', () => {
		const ts = Array.from({ length: 12 }, (_, i) => i * 1000);
		const columns: Column[] = [
			{ id: 1, decimals: 0, values: [5, 5, 5, null, 5, 6, 6, null, null, 6, 5, 5] },
			{ id: 2, decimals: 2, values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.01] },
			{ id: 3, decimals: 0, values: [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7] }
		];
		for (const compress of [true, false]) {
			const blob = encodeChunk(ts, columns, compress);
			expect(decodeChunk(blob)).toEqual({ ts, columns });
		}
		// A constant column is its first value and one run token.
		const constant = encodeChunk(ts, [columns[2]], false).length - encodeChunk(ts, [], false).length;
		expect(constant).toBeLessThanOrEqual(5);
	});

	it('stores values in units (memory in KiB) and rounds others to one', () => {
		const ts = [1, 2, 3];
		const col = { id: 6, decimals: 0, unit: 1024, values: [8 * 2 ** 30, 8 * 2 ** 30 + 4096, null] };
		expect(decodeChunk(encodeChunk(ts, [col])).columns[0]).toEqual(col);
		const off = decodeChunk(encodeChunk(ts, [{ ...col, values: [1000, 1600, 3 * 2 ** 40] }])).columns[0].values;
		expect(off).toEqual([1024, 2048, 3 * 2 ** 40]);
	});

	it('rounds values to the column decimals', () => {
		const decoded = decodeChunk(encodeChunk([1, 2], [{ id: 0, decimals: 2, values: [1.23456, 2.0051] }]));
		expect(decoded.columns[0].values).toEqual([1.23, 2.01]);
	});

	it('handles empty and single-row chunks', () => {
		expect(decodeChunk(encodeChunk([], []))).toEqual({ ts: [], columns: [] });
		const one = decodeChunk(encodeChunk([5], [{ id: 2, decimals: 0, values: [7] }]));
		expect(one).toEqual({ ts: [5], columns: [{ id: 2, decimals: 0, values: [7] }] });
	});

	it('rejects mismatched columns and corrupt blobs', () => {
		expect(() => encodeChunk([1, 2], [{ id: 0, decimals: 0, values: [1] }])).toThrow(/1 values for 2 rows/);
		expect(() => decodeChunk(Buffer.from('not a chunk'))).toThrow();
	});

	it('stores a regular minute of slowly varying metrics in well under a byte per value', () => {
		const ts = Array.from({ length: 60 }, (_, i) => 1_700_000_000_000 + i * 1000);
		const columns: Column[] = [
			{ id: 0, decimals: 2, values: ts.map((_, i) => Math.round((3 + Math.sin(i / 5)) * 100) / 100) },
			{ id: 6, decimals: 0, values: ts.map((_, i) => 2_000_000_000 + Math.floor(i / 10) * 4096) },
			{ id: 8, decimals: 0, values: ts.map(() => 16_000_000_000) },
			{ id: 3, decimals: 2, values: ts.map((_, i) => 0.5 + Math.floor(i / 5) / 100) }
		];
		const bytes = encodeChunk(ts, columns).length;
		expect(bytes / (60 * columns.length)).toBeLessThan(1);
	});
});
