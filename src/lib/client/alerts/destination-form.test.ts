import { describe, expect, it } from 'vitest';
import { DestinationInputSchema, type Destination } from '$lib/protocol/alerts';
import { destinationToForm, emptyDestinationForm, formToDestinationInput, type DestinationForm } from './destination-form';

function form(over: Partial<DestinationForm> = {}): DestinationForm {
	return { ...emptyDestinationForm(), name: 'Ops', url: 'https://hooks.example.com/x', ...over };
}

function convert(f: DestinationForm) {
	const result = formToDestinationInput(f);
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
	return result.value;
}

describe('formToDestinationInput', () => {
	it('sends a new destination the server schema takes as it is', () => {
		const input = convert(form({ url: ' http://127.0.0.1:9000/hook ', format: 'slack', secret: '0123456789abcdef' }));
		expect(input).toEqual({
			name: 'Ops',
			enabled: true,
			url: 'http://127.0.0.1:9000/hook',
			format: 'slack',
			secret: '0123456789abcdef',
			headers: {}
		});
		expect(DestinationInputSchema.safeParse(input).success).toBe(true);
	});

	it('leaves an empty secret out (an update keeps the stored one) and asks for removal only when ticked', () => {
		expect(convert(form())).not.toHaveProperty('secret');
		expect(convert(form())).not.toHaveProperty('removeSecret');
		const removal = convert(form({ removeSecret: true, secret: 'typed before ticking' }));
		expect(removal.removeSecret).toBe(true);
		expect(removal).not.toHaveProperty('secret');
	});

	it('turns header rows into a record, skipping blank rows', () => {
		const input = convert(
			form({
				headers: [
					{ name: ' Authorization ', value: 'Bearer x' },
					{ name: '', value: '' },
					{ name: 'X-Team', value: '' }
				]
			})
		);
		expect(input.headers).toEqual({ Authorization: 'Bearer x', 'X-Team': '' });
	});

	it('refuses a value without a name and the same header twice, whatever its case', () => {
		const result = formToDestinationInput(
			form({
				headers: [
					{ name: '', value: 'orphan' },
					{ name: 'X-A', value: '1' },
					{ name: 'x-a', value: '2' }
				]
			})
		);
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.problems).toEqual([
				{ field: 'headers', message: 'headers: row 1 has a value but no name' },
				{ field: 'headers', message: 'headers: "x-a" given twice' }
			]);
	});
});

describe('destinationToForm', () => {
	it('shows a destination without its secret and round-trips the rest', () => {
		const destination: Destination = {
			id: 'd1',
			name: 'Ops',
			enabled: false,
			url: 'https://hooks.example.com/x',
			format: 'alertmanager',
			headers: { Authorization: 'Bearer x' },
			hasSecret: true,
			createdAt: 1,
			updatedAt: 2
		};
		const f = destinationToForm(destination);
		expect(f.secret).toBe('');
		expect(f.removeSecret).toBe(false);
		expect(convert(f)).toEqual({ name: 'Ops', enabled: false, url: 'https://hooks.example.com/x', format: 'alertmanager', headers: { Authorization: 'Bearer x' } });
	});
});
