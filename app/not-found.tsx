import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>We could not find that page or order. If you were paying, nothing was charged by opening this link.</p>
      <p><Link href="/">Back to the plans</Link></p>
    </>
  );
}
