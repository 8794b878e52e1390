// Prerendered at build time: the HTML goes to build/prerendered/, served as is.
export const prerender = true;
