import { d as defineEventHandler, u as useRuntimeConfig, r as readBody } from '../../nitro/nitro.mjs';
import 'unhead/server';
import 'vue';
import 'unhead/legacy';
import 'unhead/plugins';
import 'node:http';
import 'node:https';
import 'node:events';
import 'node:buffer';
import 'node:fs';
import 'node:path';
import 'node:crypto';
import 'node:url';

const checkout_post = defineEventHandler(async (event) => {
  const { stripeSecretKey } = useRuntimeConfig(event);
  const { price } = await readBody(event);
  const session = await $fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${stripeSecretKey}` },
    body: new URLSearchParams({
      mode: "payment",
      "line_items[0][price]": price,
      "line_items[0][quantity]": "1",
      success_url: "https://shop.fixture.invalid/thanks"
    })
  });
  return { url: session.url };
});

export { checkout_post as default };
//# sourceMappingURL=checkout.post.mjs.map
