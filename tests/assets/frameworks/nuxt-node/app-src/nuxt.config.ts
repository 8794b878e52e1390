// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  compatibilityDate: "2025-07-15",
  devtools: { enabled: false },
  telemetry: false,
  // Client maps are written next to the chunks in .output/public/_nuxt and served with them.
  sourcemap: { client: true, server: true },
  nitro: {
    preset: "node-server",
    // .gz and .br copies of the public assets, served by Nitro in place of the originals.
    compressPublicAssets: true,
  },
  routeRules: {
    // Rendered once at build time: .output/public/index.html (and its _payload.json) are served as is.
    "/": { prerender: true },
  },
  runtimeConfig: {
    // Server-only: read by server/api/checkout.post.ts. Written with its build-time value into the server
    // bundle's runtime config (NUXT_STRIPE_SECRET_KEY would override it at run time anyway).
    stripeSecretKey: process.env.NUXT_STRIPE_SECRET_KEY,
    public: {
      // Everything under `public` is sent to the browser with every page (window.__NUXT__.config).
      internalApiSecret: process.env.NUXT_PUBLIC_INTERNAL_API_SECRET,
    },
  },
});
