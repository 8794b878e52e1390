import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A self-contained server in .next/standalone (traced files, the .env files).
  output: "standalone",
  // Client source maps are emitted next to the chunks in .next/static and served with them.
  productionBrowserSourceMaps: true,
  // `env` values are inlined at build time wherever the code reads them (here: the /api/send route).
  env: {
    SENDGRID_API_KEY: process.env.SENDGRID_API_KEY,
  },
};

export default nextConfig;
