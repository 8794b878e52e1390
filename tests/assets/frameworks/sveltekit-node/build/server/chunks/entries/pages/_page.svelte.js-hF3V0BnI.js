import { ae as ensure_array_like, ac as escape_html } from '../../chunks/server.js-Uo7Nu2Vs.js';
import { A as Analytics } from '../../chunks/Analytics.js-gtIwdZHu.js';
import '../../chunks/shared.js-DX3pIpxA.js';
import '../../chunks/index-server.js-B2r9eOVC.js';
import '../../chunks/rolldown-runtime.js-CJhTacQb.js';

// src/routes/+page.svelte
function _page($$renderer, $$props) {
	$$renderer.component(($$renderer) => {
		let { data } = $$props;
		$$renderer.push(`<h1>Pricing</h1> <ul><!--[-->`);
		const each_array = ensure_array_like(data.prices);
		for (let $$index = 0, $$length = each_array.length; $$index < $$length; $$index++) {
			let price = each_array[$$index];
			$$renderer.push(`<li>${escape_html(price.id)}: ${escape_html(price.amount)}</li>`);
		}
		$$renderer.push(`<!--]--></ul> `);
		Analytics($$renderer);
		$$renderer.push(`<!---->`);
	});
}

export { _page as default };
//# sourceMappingURL=_page.svelte.js-hF3V0BnI.js.map
