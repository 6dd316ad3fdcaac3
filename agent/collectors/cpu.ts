import si from 'systeminformation';
import type { Readings } from './types.js';
import { percent } from './types.js';

/** CPU busy % since the previous call: total, user, system and per core. */
export async function collectCpu(): Promise<Readings['cpu']> {
	const load = await si.currentLoad();
	return {
		total: percent(load.currentLoad),
		user: percent(load.currentLoadUser),
		system: percent(load.currentLoadSystem),
		cores: load.cpus.map((core) => percent(core.load))
	};
}
