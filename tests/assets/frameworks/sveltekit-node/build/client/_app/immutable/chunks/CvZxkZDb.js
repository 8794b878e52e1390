import{D as e}from"./lHrk4FZW.js";e(),typeof window<`u`&&((globalThis.__svelte??={}).v??=new Set).add(`5`);
//# sourceMappingURL=CvZxkZDb.js.map