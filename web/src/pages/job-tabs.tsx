import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabSpec {
  id: string;
  label: string;
}

/**
 * WAI-ARIA tabs with automatic activation: one tab stop; Left/Right (and Home/End) move between
 * tabs and show them. The panel is focusable so that Tab goes from the tab straight into it.
 */
export function JobTabs({
  tabs,
  current,
  onChange,
  children,
}: {
  tabs: TabSpec[];
  current: string;
  onChange: (id: string) => void;
  children: ReactNode;
}) {
  const list = useRef<HTMLDivElement>(null);
  const index = Math.max(
    0,
    tabs.findIndex((tab) => tab.id === current),
  );

  function onKeyDown(event: KeyboardEvent) {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length]!;
    onChange(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#job-tab-${next.id}`)?.focus();
  }

  return (
    <div className="job-tabs">
      <div role="tablist" aria-label="Result" ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const selected = tab.id === tabs[index]?.id;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`job-tab-${tab.id}`}
              aria-selected={selected}
              aria-controls="job-tab-panel"
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(tab.id)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id="job-tab-panel"
        aria-labelledby={`job-tab-${tabs[index]?.id}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the ARIA tabs pattern: Tab from a tab reaches its panel, whose text may hold nothing focusable
        tabIndex={0}
        className="job-tab-panel"
      >
        {children}
      </div>
    </div>
  );
}
