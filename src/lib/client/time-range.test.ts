import { describe, expect, it } from 'vitest';
import { parseRange, rangeKey, rangeParams, rangeWindow, zoomTo, type RangeSelection } from './time-range';

const params = (query: string) => new URLSearchParams(query);
const HOUR = 3_600_000;

describe('parseRange', () => {
	it('is live without parameters', () => {
		expect(parseRange(params(''))).toEqual({ preset: 'live', zoom: null });
	});

	it('reads a preset', () => {
		expect(parseRange(params('range=1h'))).toEqual({ preset: '1h', zoom: null });
		expect(parseRange(params('range=30d'))).toEqual({ preset: '30d', zoom: null });
	});

	it('falls back to live for an unknown preset', () => {
		expect(parseRange(params('range=2y')).preset).toBe('live');
		expect(parseRange(params('range=')).preset).toBe('live');
	});

	it('reads a zoom in ms or ISO 8601, with the preset it was made in', () => {
		expect(parseRange(params('range=6h&from=1000&to=61000'))).toEqual({ preset: '6h', zoom: { from: 1_000, to: 61_000 } });
		expect(parseRange(params('from=2026-01-01T10:00:00Z&to=2026-01-01T11:00:00Z'))).toEqual({
			preset: 'live',
			zoom: { from: Date.UTC(2026, 0, 1, 10), to: Date.UTC(2026, 0, 1, 11) }
		});
	});

	it('ignores a zoom that is half given, reversed, too short, too long or not a time', () => {
		for (const query of ['from=1000', 'to=5000', 'from=5000&to=1000', 'from=1000&to=1500', 'from=0&to=40000000000000', 'from=abc&to=def', 'from=1e3&to=9e9']) {
			expect(parseRange(params(`range=1h&${query}`)), query).toEqual({ preset: '1h', zoom: null });
		}
	});
});

describe('rangeParams', () => {
	it('writes a preset and a zoom, keeping other parameters', () => {
		const next = rangeParams(params('tab=disk'), { preset: '1h', zoom: { from: 1_000.4, to: 2_000 } });
		expect(next.toString()).toBe('tab=disk&range=1h&from=1000&to=2000');
	});

	it('leaves the default preset out, so live is the plain URL', () => {
		expect(rangeParams(params('range=1h&from=1&to=2000'), { preset: 'live', zoom: null }).toString()).toBe('');
	});

	it('round-trips through parseRange', () => {
		const selections: RangeSelection[] = [
			{ preset: 'live', zoom: null },
			{ preset: '7d', zoom: null },
			{ preset: '24h', zoom: { from: 1_700_000_000_000, to: 1_700_000_600_000 } }
		];
		for (const selection of selections) expect(parseRange(rangeParams(params(''), selection))).toEqual(selection);
	});
});

describe('zoomTo', () => {
	it('orders the ends and keeps the preset', () => {
		expect(zoomTo({ preset: '1h', zoom: null }, 9_000.6, 2_000.2)).toEqual({ preset: '1h', zoom: { from: 2_000, to: 9_001 } });
	});

	it('widens a zoom narrower than a second around its middle', () => {
		expect(zoomTo({ preset: 'live', zoom: null }, 10_000, 10_200)).toEqual({ preset: 'live', zoom: { from: 9_600, to: 10_600 } });
	});
});

describe('rangeWindow', () => {
	it('ends a preset now and follows', () => {
		expect(rangeWindow({ preset: '1h', zoom: null }, 10 * HOUR)).toEqual({ from: 9 * HOUR, to: 10 * HOUR, spanMs: HOUR, follows: true, live: false });
		expect(rangeWindow({ preset: 'live', zoom: null }, HOUR)).toMatchObject({ spanMs: 300_000, follows: true, live: true });
	});

	it('fixes a zoom where it was made', () => {
		expect(rangeWindow({ preset: 'live', zoom: { from: 5_000, to: 65_000 } }, HOUR)).toEqual({
			from: 5_000,
			to: 65_000,
			spanMs: 60_000,
			follows: false,
			live: false
		});
	});
});

describe('rangeKey', () => {
	it('is equal for equal selections only', () => {
		expect(rangeKey({ preset: '1h', zoom: null })).toBe(rangeKey(parseRange(params('range=1h'))));
		expect(rangeKey({ preset: '1h', zoom: { from: 1, to: 2 } })).not.toBe(rangeKey({ preset: '1h', zoom: null }));
	});
});
