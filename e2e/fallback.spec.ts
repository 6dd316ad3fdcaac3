import { expect, test } from '@playwright/test';
import { hostname } from 'node:os';
import { NoUpgradeProxy } from '../tests/support/no-upgrade-proxy';

const PORT = Number(process.env.PULSE_E2E_PORT ?? 3210);

// Fault test 4 (dashboard side): behind a proxy that refuses WebSocket, the dashboard works
// over long-polling and says so.
test('the dashboard works over long-polling behind a proxy that refuses WebSocket', async ({ page }) => {
	const proxy = new NoUpgradeProxy(PORT);
	await proxy.listen();
	try {
		await page.goto(`http://127.0.0.1:${proxy.port}/`);
		const status = page.getByTestId('connection-status');
		await expect(status).toHaveAttribute('data-state', 'polling');
		await expect(status).toContainText(/polling/i);
		const card = page.getByTestId('host-card').filter({ hasText: hostname() });
		await expect(card).toBeVisible();
		await card.getByRole('link', { name: hostname() }).click();
		const cpu = page.getByTestId('chart-cpu');
		await expect.poll(async () => Number(await cpu.getAttribute('data-points'))).toBeGreaterThan(0);
		const before = Number(await cpu.getAttribute('data-last-ts'));
		await expect.poll(async () => Number(await cpu.getAttribute('data-last-ts')), { timeout: 10_000 }).toBeGreaterThan(before);
		expect(proxy.upgradesRefused).toBeGreaterThanOrEqual(1);
	} finally {
		await proxy.close();
	}
});
