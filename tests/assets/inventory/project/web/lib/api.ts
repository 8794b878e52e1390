// Server-side helpers.
const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET = '', ...rest } = process.env;

export const internalApi = process.env["INTERNAL_API_URL"] ?? "http://localhost:8000";
export const nodeEnv = process.env.NODE_ENV;

export function headers(): Record<string, string> {
  return { Authorization: `Bearer ${process.env.INTERNAL_API_TOKEN}` };
}
export { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, rest };
