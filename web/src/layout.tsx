import type { ReactNode } from 'react';
import { useSession } from './client-context.tsx';
import { Link, type Route } from './router.tsx';

const sections = [
  { page: 'jobs', href: '/jobs', label: 'Jobs' },
  { page: 'upload', href: '/upload', label: 'Upload' },
  { page: 'stats', href: '/stats', label: 'Statistics' },
  { page: 'settings', href: '/settings', label: 'Settings' },
] as const;

/** The frame of every signed-in page: a skip link, the navigation, the organisation, sign-out. */
export function Layout({
  route,
  organisation,
  children,
}: {
  route: Route;
  organisation: string | null;
  children: ReactNode;
}) {
  const { signOut } = useSession();
  const current = route.page === 'job' ? 'jobs' : route.page;
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top-bar">
        <Link href="/jobs" className="brand">
          docjobs
        </Link>
        <nav aria-label="Main">
          <ul>
            {sections.map((section) => (
              <li key={section.page}>
                <Link href={section.href} aria-current={current === section.page ? 'page' : undefined}>
                  {section.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          {organisation ? (
            <span className="organisation" title="Organisation">
              {organisation}
            </span>
          ) : null}
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
