// Sends mail through SendGrid. SENDGRID_API_KEY is listed under `env` in next.config.ts, which inlines its
// build-time value into the compiled server code.
export async function POST(request: Request) {
  const { to, subject, text } = await request.json();
  const res = await fetch("https://api.sendgrid.com/v3/mail/send", {
    method: "POST",
    headers: {
      Authorization: `Bearer ${process.env.SENDGRID_API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      personalizations: [{ to: [{ email: to }] }],
      from: { email: "shop@fixture.invalid" },
      subject,
      content: [{ type: "text/plain", value: text }],
    }),
  });
  return Response.json({ ok: res.ok }, { status: res.ok ? 202 : 502 });
}
