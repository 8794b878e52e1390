import { STRIPE_SECRET_KEY } from '$env/static/private';
import type { PageServerLoad } from './$types';

// $env/static/private is replaced by its build-time value in the server bundle (never in the client one).
export const load: PageServerLoad = async ({ fetch }) => {
	const res = await fetch('https://api.stripe.com/v1/prices?active=true', {
		headers: { Authorization: `Bearer ${STRIPE_SECRET_KEY}` }
	});
	const body = res.ok ? await res.json() : { data: [] };
	return {
		prices: body.data.map((p: { id: string; unit_amount: number }) => ({
			id: p.id,
			amount: p.unit_amount
		}))
	};
};
