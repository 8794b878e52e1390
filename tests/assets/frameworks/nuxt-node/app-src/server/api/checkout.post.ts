// Creates a Stripe Checkout session. The private runtime config stays on the server.
export default defineEventHandler(async (event) => {
  const { stripeSecretKey } = useRuntimeConfig(event);
  const { price } = await readBody<{ price: string }>(event);
  const session = await $fetch<{ url: string }>("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${stripeSecretKey}` },
    body: new URLSearchParams({
      mode: "payment",
      "line_items[0][price]": price,
      "line_items[0][quantity]": "1",
      success_url: "https://shop.fixture.invalid/thanks",
    }),
  });
  return { url: session.url };
});
