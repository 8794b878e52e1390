const interopDefault = r => r.default || r || [];
const styles = {
  "../node_modules/nuxt/dist/app/components/error-404.vue": () => import('../build/error-404-styles.BF-pIkoo.mjs').then(interopDefault),
  "../node_modules/nuxt/dist/app/components/error-500.vue": () => import('../build/error-500-styles.BipnMLxW.mjs').then(interopDefault)
};

const inlinedCSS = {"error-404.DpKY_dMl.css":[["../node_modules/nuxt/dist/app/components/error-404.vue"]],"error-500.CmR4p1fc.css":[["../node_modules/nuxt/dist/app/components/error-500.vue"]]};

export { styles as default, inlinedCSS };
//# sourceMappingURL=styles.mjs.map
