// Application configuration (test fixture: every value here is made up).
export const config = {
  apiBase: "https://api.example.test/v1",
  stripePublishableKey: "pk_live_OuZAzHx4LP4AzUdIG1OHqtti",
  retries: 3,
};

// A server-only key that should never have been imported by client code.
export const stripeSecret = "sk_live_vDQuc8dWrdE03WKpm15UELhU";
