import Link from "next/link";

export default function Forbidden() {
  return (
    <>
      <h1>Access denied</h1>
      <p>Your account does not have access to this page.</p>
      <p><Link href="/">Back to the plans</Link></p>
    </>
  );
}
