export { _ as server } from '../entries/pages/_page.server.ts.js-BBbvl7p6.js';

const index = 2;
let component_cache;
const component = async () => component_cache ??= (await import('../entries/pages/_page.svelte.js-hF3V0BnI.js')).default;
const server_id = "src/routes/+page.server.ts";
const imports = ["_app/immutable/nodes/2.TRgUgHbm.js","_app/immutable/chunks/CvZxkZDb.js","_app/immutable/chunks/lHrk4FZW.js","_app/immutable/chunks/Cschbs-z.js"];
const stylesheets = [];
const fonts = [];

export { component, fonts, imports, index, server_id, stylesheets };
//# sourceMappingURL=2.js-Vogheohh.js.map
