const index = 1;
let component_cache;
const component = async () => component_cache ??= (await import('../entries/fallbacks/error.svelte.js-DlV03j8z.js')).default;
const imports = ["_app/immutable/nodes/1.DUn5LzT6.js","_app/immutable/chunks/CvZxkZDb.js","_app/immutable/chunks/lHrk4FZW.js","_app/immutable/chunks/CvGGkd6e.js"];
const stylesheets = [];
const fonts = [];

export { component, fonts, imports, index, stylesheets };
//# sourceMappingURL=1.js-BlU8Pxai.js.map
