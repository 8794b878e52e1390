import type { Metadata } from "next";

export const metadata: Metadata = {
  title: "Fixture Shop",
  description: "A small shop used as a secret-scanner fixture",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
