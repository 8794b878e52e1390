export default function Home() {
  const apiUrl = process.env.NEXT_PUBLIC_API_URL;
  const key = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY!;
  /* process.env.BLOCK_COMMENTED */
  const help = "Set process.env.NOT_A_READ in your shell";
  const note = 'process.env["ALSO_NOT_A_READ"]';
  const analytics = `id=${process.env.NEXT_PUBLIC_ANALYTICS_ID}`;
  const re = /process\.env\.REGEX_NOT_A_READ/g;
  return <p>{apiUrl} {key} {help} {note} {analytics} {String(re)}</p>;
}
