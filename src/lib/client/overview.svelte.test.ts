import { describe, expect, it } from 'vitest';
import type { HostSummary } from '$lib/protocol/dashboard';
import { LiveHost, SPARK_POINTS } from './overview.svelte';

function summary(over: Partial<HostSummary> = {}): HostSummary {
	return {
		id: 'web-1',
		hostname: 'web-1.example',
		os: 'Debian 12',
		labels: { role: 'web' },
		status: 'online',
		lastSeen: 1_000,
		lastSampleTs: 1_000,
		cpu: 10,
		mem: 20,
		disk: 30,
		netRx: 1,
		netTx: 2,
		load1: 0.5,
		temp: null,
		uptime: 60,
		cores: 4,
		dropped: 0,
		...over
	};
}

describe('LiveHost', () => {
	it('takes the snapshot sparkline, then appends CPU only when a newer sample is behind an update', () => {
		const host = new LiveHost('web-1');
		host.reset({ ...summary(), spark: [5, 10] });
		expect(host.spark).toEqual([5, 10]);
		host.update(summary({ lastSampleTs: 1_000, cpu: 99 }));
		expect(host.spark).toEqual([5, 10]);
		expect(host.cpu).toBe(99);
		host.update(summary({ lastSampleTs: 2_000, cpu: 12 }));
		expect(host.spark).toEqual([5, 10, 12]);
	});

	it('keeps the sparkline to its last SPARK_POINTS values', () => {
		const host = new LiveHost('web-1');
		host.reset({ ...summary({ lastSampleTs: 0 }), spark: [] });
		for (let i = 1; i <= SPARK_POINTS + 5; i++) host.update(summary({ lastSampleTs: i * 1_000, cpu: i }));
		expect(host.spark).toHaveLength(SPARK_POINTS);
		expect(host.spark[0]).toBe(6);
		expect(host.spark.at(-1)).toBe(SPARK_POINTS + 5);
	});

	it('keeps its labels object while their content is the same', () => {
		const host = new LiveHost('web-1');
		host.update(summary());
		const labels = host.labels;
		host.update(summary({ labels: { role: 'web' } }));
		expect(host.labels).toBe(labels);
		host.update(summary({ labels: { role: 'db' } }));
		expect(host.labels).toEqual({ role: 'db' });
	});

	it('applies status changes', () => {
		const host = new LiveHost('web-1');
		host.update(summary());
		host.setStatus({ hostId: 'web-1', status: 'offline', lastSeen: 5_000 });
		expect(host.status).toBe('offline');
		expect(host.lastSeen).toBe(5_000);
	});

	it('applies partial updates: absent fields keep their value, a newer sample grows the sparkline', () => {
		const host = new LiveHost('web-1');
		host.reset({ ...summary({ cpu: 10, lastSampleTs: 1_000 }), spark: [10] });
		host.update({ id: 'web-1', lastSampleTs: 2_000, mem: 25 });
		expect(host.cpu).toBe(10);
		expect(host.mem).toBe(25);
		expect(host.hostname).toBe('web-1.example');
		expect(host.spark).toEqual([10, 10]);
		host.update({ id: 'web-1', cpu: 99 });
		expect(host.spark).toEqual([10, 10]);
	});
});
