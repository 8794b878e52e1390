import InternalPanel from "./internal-panel";

// Prerendered at build time (no dynamic API is used), so the client component's output lands in the HTML.
export default function Home() {
  return (
    <main>
      <h1>Fixture Shop</h1>
      <p>Orders ship within two days.</p>
      <InternalPanel />
    </main>
  );
}
