import { ad as attr, ac as escape_html } from './server.js-Uo7Nu2Vs.js';
import { p as public_env } from './index-server.js-B2r9eOVC.js';

// \0virtual:env/static/public
/** @type {import('$env/static/public').PUBLIC_ANALYTICS_TOKEN} */
var PUBLIC_ANALYTICS_TOKEN = "uBxDLUxcsqrfozckkEQTJgTMGf3cLBcT";
// src/lib/Analytics.svelte
function Analytics($$renderer, $$props) {
	$$renderer.component(($$renderer) => {
		const token = public_env.PUBLIC_ANALYTICS_TOKEN || "uBxDLUxcsqrfozckkEQTJgTMGf3cLBcT";
		$$renderer.push(`<footer${attr("data-analytics-token", PUBLIC_ANALYTICS_TOKEN)}>tracked as ${escape_html(token)}</footer>`);
	});
}

export { Analytics as A };
//# sourceMappingURL=Analytics.js-gtIwdZHu.js.map
