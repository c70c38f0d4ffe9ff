import { useEffect, useRef } from 'react';
import { Link, navigate } from '../router.tsx';
import { CasesSection } from './settings-cases.tsx';
import { classifierKind } from './settings-classifier-form.tsx';
import { DefinitionsSection } from './settings-definitions.tsx';
import { extractorKind } from './settings-extractor-form.tsx';
import { KeysSection } from './settings-keys.tsx';
import { WebhookSection } from './settings-webhook.tsx';
import './settings-page.css';

/** The sections, each at /settings/<id> so a link or a reload opens the same one. */
const sections = [
  { id: 'webhook', label: 'Webhook' },
  { id: 'keys', label: 'API keys' },
  { id: 'extractors', label: 'Extractors' },
  { id: 'classifiers', label: 'Classifiers' },
  { id: 'cases', label: 'Cases' },
] as const;
type SectionId = (typeof sections)[number]['id'];

const isSection = (value: string | null): value is SectionId =>
  sections.some((section) => section.id === value);

export function SettingsPage({ section }: { section: string | null }) {
  const current: SectionId = isSection(section) ? section : 'webhook';
  // /settings and an unknown section show the webhook; the address says so.
  useEffect(() => {
    if (section !== current) navigate(`/settings/${current}`, { replace: true });
  }, [section, current]);
  // Moving between sections puts focus on the new section's heading, as a page change would.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus follows the section change
  useEffect(() => {
    if (first.current) first.current = false;
    else headingRef.current?.focus();
  }, [current]);

  return (
    <div className="settings-page">
      <h1 id="settings-title" ref={headingRef} tabIndex={-1}>
        Settings
      </h1>
      <div className="settings-layout">
        <nav aria-label="Settings sections" className="settings-nav">
          <ul>
            {sections.map((entry) => (
              <li key={entry.id}>
                <Link href={`/settings/${entry.id}`} aria-current={entry.id === current ? 'page' : undefined}>
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body">
          <Section key={current} id={current} />
        </div>
      </div>
    </div>
  );
}

function Section({ id }: { id: SectionId }) {
  switch (id) {
    case 'webhook':
      return <WebhookSection />;
    case 'keys':
      return <KeysSection />;
    case 'extractors':
      return <DefinitionsSection kind={extractorKind} />;
    case 'classifiers':
      return <DefinitionsSection kind={classifierKind} />;
    case 'cases':
      return <CasesSection />;
  }
}
