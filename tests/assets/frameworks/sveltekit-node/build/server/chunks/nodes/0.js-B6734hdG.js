const index = 0;
let component_cache;
const component = async () => component_cache ??= (await import('../entries/fallbacks/layout.svelte.js-BeOOHc00.js')).default;
const imports = ["_app/immutable/nodes/0.DgyN3r-z.js","_app/immutable/chunks/CvZxkZDb.js","_app/immutable/chunks/lHrk4FZW.js"];
const stylesheets = [];
const fonts = [];

export { component, fonts, imports, index, stylesheets };
//# sourceMappingURL=0.js-B6734hdG.js.map
