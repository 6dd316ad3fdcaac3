import type { ActiveAlerts, HostStatusChange, OverviewUpdate, Sample } from '../../protocol/index.js';

/** Where live data goes. Rooms and events carry it, so a Redis adapter can fan out later. */
export interface Broadcaster {
	sample(hostId: string, sample: Sample): void;
	status(change: HostStatusChange): void;
	overview(update: OverviewUpdate): void;
	/** The active alerts changed. */
	alerts(active: ActiveAlerts): void;
	/** Whether anyone watches the overview (skips building updates nobody receives). */
	overviewWatched(): boolean;
}
