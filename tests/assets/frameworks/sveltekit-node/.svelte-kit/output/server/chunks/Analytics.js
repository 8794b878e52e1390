import { m as escape_html, p as attr } from "./server.js";
import { r as public_env } from "./index-server.js";
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
export { Analytics as t };

//# sourceMappingURL=Analytics.js.map