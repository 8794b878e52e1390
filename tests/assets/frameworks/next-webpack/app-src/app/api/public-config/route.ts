// Rendered once at build time and served as a static file: whatever it reads from the environment then is
// frozen into .next/server/app/api/public-config.body.
export const dynamic = "force-static";

export async function GET() {
  return Response.json({
    stripePublishableKey: process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,
    // meant for the release-notes widget; a server token in a public endpoint
    githubToken: process.env.GITHUB_TOKEN,
    region: "eu-west-1",
  });
}
