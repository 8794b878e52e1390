"use client";

import { useState } from "react";

// A NEXT_PUBLIC_ variable is inlined into the browser bundle at build time: this "secret" ships to everyone.
const INTERNAL_API_SECRET = process.env.NEXT_PUBLIC_INTERNAL_API_SECRET;

export default function InternalPanel() {
  const [stats, setStats] = useState<string | null>(null);

  async function loadStats() {
    const res = await fetch("/internal/stats", {
      headers: { "x-internal-api-secret": INTERNAL_API_SECRET ?? "" },
    });
    setStats(await res.text());
  }

  return (
    <section>
      <h2>Internal</h2>
      <p>
        API secret: <code>{INTERNAL_API_SECRET}</code>
      </p>
      <button onClick={loadStats}>Load stats</button>
      {stats && <pre>{stats}</pre>}
    </section>
  );
}
