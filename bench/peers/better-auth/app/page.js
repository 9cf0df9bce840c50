export default function Home() {
  return <p>Benchmark peer: HTTP endpoints only.</p>;
}
