// \0virtual:env/static/private
/** @type {import('$env/static/private').STRIPE_SECRET_KEY} */
var STRIPE_SECRET_KEY = "sk_live_SyRuvxlC31vUgOQQHCANc3xf";
// src/routes/+page.server.ts
var load = async ({ fetch }) => {
	const res = await fetch("https://api.stripe.com/v1/prices?active=true", { headers: { Authorization: `Bearer ${STRIPE_SECRET_KEY}` } });
	return { prices: (res.ok ? await res.json() : { data: [] }).data.map((p) => ({
		id: p.id,
		amount: p.unit_amount
	})) };
};

var _page_server_ts = /*#__PURE__*/Object.freeze({
	__proto__: null,
	load: load
});

export { _page_server_ts as _ };
//# sourceMappingURL=_page.server.ts.js-BBbvl7p6.js.map
