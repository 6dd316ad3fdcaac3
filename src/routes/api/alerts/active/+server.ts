import { json } from '@sveltejs/kit';
import { withRuntime } from '$lib/server/api/alerts-http';

/** Every pending and firing alert. */
export const GET = () => withRuntime((r) => json(r.alerts.active()));
