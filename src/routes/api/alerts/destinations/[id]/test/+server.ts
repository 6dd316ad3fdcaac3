import { respond, withRuntime } from '$lib/server/api/alerts-http';

/** Queues a test notification to the destination. */
export const POST = ({ params }) => withRuntime((r) => respond(r.alerts.testDestination(params.id), (delivery) => ({ delivery }), 202));
