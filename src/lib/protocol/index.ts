/** The wire protocol shared by agent, server and browser. Depends on zod only. */
export * from './version.js';
export * from './limits.js';
export * from './ack.js';
export * from './schemas.js';
export * from './series.js';
export * from './dashboard.js';
export * from './events.js';
export * from './api.js';
export * from './alerts.js';
