/** @type {import('next').NextConfig} */
// process.env.NEXT_COMMENTED is not read here
module.exports = {
  env: {
    BUILD_ID: process.env.BUILD_ID || 'dev',
  },
  images: { domains: [process.env.IMAGE_CDN_HOST] },
};
