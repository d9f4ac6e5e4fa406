// Load generator for the revenue benchmark, in its own process so the server's stalls are not its
// own: GET <url> one request at a time for <seconds>, then one JSON line with every latency in ms.
export {};
const [url, seconds] = process.argv.slice(2);
if (!url || !seconds) throw new Error("usage: revenue-bench-pinger.ts <url> <seconds>");
const until = performance.now() + Number(seconds) * 1000;
const latencies: number[] = [];
let failures = 0;
while (performance.now() < until) {
  const t0 = performance.now();
  const response = await fetch(url).catch(() => null);
  await response?.arrayBuffer();
  if (!response?.ok) failures++;
  latencies.push(performance.now() - t0);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
// Exit at once: the kept-alive connection to the server would hold the process open.
process.stdout.write(`${JSON.stringify({ latencies, failures })}\n`, () => process.exit(0));
