import si from 'systeminformation';

/** CPU package temperature in °C, or null where the host exposes none (VMs, containers). */
export async function collectTemperature(): Promise<number | null> {
	const t = await si.cpuTemperature();
	const value = t.main ?? t.max;
	return typeof value === 'number' && Number.isFinite(value) && value > -100 && value < 300
		? Math.round(value * 10) / 10
		: null;
}
