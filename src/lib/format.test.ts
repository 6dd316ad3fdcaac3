import { describe, expect, it } from 'vitest';
import {
	formatAgo,
	formatBytes,
	formatBytesPerSecond,
	formatClock,
	formatDuration,
	formatNumber,
	formatPercent,
	formatSpan,
	formatTemperature,
	formatTimeRange,
	MISSING
} from './format';

describe('formatPercent', () => {
	it('shows one decimal by default', () => {
		expect(formatPercent(42.345)).toBe('42.3%');
		expect(formatPercent(0)).toBe('0.0%');
		expect(formatPercent(100)).toBe('100.0%');
	});
	it('takes a count of decimals', () => {
		expect(formatPercent(42.345, 0)).toBe('42%');
	});
	it('shows unknown values as a dash', () => {
		expect(formatPercent(null)).toBe(MISSING);
		expect(formatPercent(undefined)).toBe(MISSING);
		expect(formatPercent(Number.NaN)).toBe(MISSING);
	});
});

describe('formatBytes (SI, base 1000)', () => {
	it('keeps whole bytes below one kilobyte', () => {
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(999)).toBe('999 B');
		expect(formatBytes(12.6)).toBe('13 B');
	});
	it('uses base 1000, not 1024', () => {
		expect(formatBytes(1000)).toBe('1.00 kB');
		expect(formatBytes(1024)).toBe('1.02 kB');
		expect(formatBytes(1_000_000)).toBe('1.00 MB');
	});
	it('shows three significant digits', () => {
		expect(formatBytes(1_234)).toBe('1.23 kB');
		expect(formatBytes(12_345_678)).toBe('12.3 MB');
		expect(formatBytes(123_456_789_012)).toBe('123 GB');
		expect(formatBytes(8.5e12)).toBe('8.50 TB');
	});
	it('carries into the next prefix instead of showing 1000', () => {
		expect(formatBytes(999_960)).toBe('1.00 MB');
		expect(formatBytes(999_400)).toBe('999 kB');
	});
	it('keeps the sign of negative values', () => {
		expect(formatBytes(-2_500)).toBe('-2.50 kB');
	});
	it('shows unknown values as a dash', () => {
		expect(formatBytes(null)).toBe(MISSING);
		expect(formatBytes(Number.POSITIVE_INFINITY)).toBe(MISSING);
	});
});

describe('formatBytesPerSecond', () => {
	it('appends /s to the byte size', () => {
		expect(formatBytesPerSecond(1_500_000)).toBe('1.50 MB/s');
		expect(formatBytesPerSecond(0)).toBe('0 B/s');
	});
	it('shows unknown rates as a dash without a unit', () => {
		expect(formatBytesPerSecond(null)).toBe(MISSING);
	});
});

describe('formatNumber and formatTemperature', () => {
	it('formats load averages with two decimals', () => {
		expect(formatNumber(1.256)).toBe('1.26');
		expect(formatNumber(3, 1)).toBe('3.0');
		expect(formatNumber(null)).toBe(MISSING);
	});
	it('rounds temperatures to whole degrees Celsius', () => {
		expect(formatTemperature(54.4)).toBe('54 °C');
		expect(formatTemperature(null)).toBe(MISSING);
	});
});

describe('formatDuration', () => {
	it('shows the two largest units', () => {
		expect(formatDuration(3 * 86_400 + 4 * 3_600 + 59 * 60)).toBe('3d 4h');
		expect(formatDuration(4 * 3_600 + 12 * 60 + 30)).toBe('4h 12m');
		expect(formatDuration(12 * 60 + 5)).toBe('12m 5s');
		expect(formatDuration(45.9)).toBe('45s');
		expect(formatDuration(0)).toBe('0s');
	});
	it('shows unknown or negative durations as a dash', () => {
		expect(formatDuration(null)).toBe(MISSING);
		expect(formatDuration(-5)).toBe(MISSING);
	});
});

describe('formatAgo', () => {
	const now = 1_700_000_000_000;
	it('counts seconds, minutes, hours and days', () => {
		expect(formatAgo(now - 12_400, now)).toBe('12 s ago');
		expect(formatAgo(now - 3 * 60_000 - 10_000, now)).toBe('3 min ago');
		expect(formatAgo(now - 2 * 3_600_000, now)).toBe('2 h ago');
		expect(formatAgo(now - 4 * 86_400_000, now)).toBe('4 d ago');
	});
	it('says "just now" under a second and for small clock skew into the future', () => {
		expect(formatAgo(now - 400, now)).toBe('just now');
		expect(formatAgo(now + 1_500, now)).toBe('just now');
	});
	it('shows a never-seen host as a dash', () => {
		expect(formatAgo(null, now)).toBe(MISSING);
	});
});

describe('formatClock', () => {
	it('shows local time as HH:MM:SS', () => {
		const ts = new Date(2024, 0, 2, 9, 5, 7).getTime();
		expect(formatClock(ts)).toBe('09:05:07');
		expect(formatClock(null)).toBe(MISSING);
	});
});

describe('formatSpan', () => {
	it('uses the largest unit the span is a whole number of', () => {
		expect(formatSpan(4_000)).toBe('4 s');
		expect(formatSpan(120_000)).toBe('2 min');
		expect(formatSpan(2_640_000)).toBe('44 min');
		expect(formatSpan(6 * 3_600_000)).toBe('6 h');
		expect(formatSpan(7 * 86_400_000)).toBe('7 d');
		expect(formatSpan(90_000)).toBe('90 s');
	});
	it('keeps fractions of a second', () => {
		expect(formatSpan(1_500)).toBe('1.5 s');
		expect(formatSpan(250)).toBe('250 ms');
	});
	it('shows unknown or empty spans as a dash', () => {
		expect(formatSpan(null)).toBe(MISSING);
		expect(formatSpan(0)).toBe(MISSING);
	});
});

describe('formatTimeRange', () => {
	it('shows clock times within one day, dates across days', () => {
		const at = (d: number, h: number, m: number, s = 0) => new Date(2024, 10, d, h, m, s).getTime();
		expect(formatTimeRange(at(25, 14, 5, 9), at(25, 14, 25))).toBe('14:05:09 – 14:25:00');
		expect(formatTimeRange(at(25, 14, 5), at(26, 10, 0))).toBe('Nov 25 14:05 – Nov 26 10:00');
		expect(formatTimeRange(null, at(25, 1, 0))).toBe(MISSING);
	});
});
