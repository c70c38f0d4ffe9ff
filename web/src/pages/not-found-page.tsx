import { Link } from '../router.tsx';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no console page at this address. Go to the <Link href="/jobs">jobs</Link>.
      </p>
    </section>
  );
}
