import type { StatsQuery } from '@docjobs/client';
import { useId, useState } from 'react';

export type Period = NonNullable<StatsQuery['period']>;
const periods: [Period, string][] = [
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];

/** A UTC day as the date input writes it (YYYY-MM-DD), `days` from today. */
const dayOf = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The window of the statistics: a period ending now, or whole UTC days from one date to another
 * (both included; the API's `to` is exclusive, so it is sent as the day after).
 */
export function StatsRange({ onChange }: { onChange: (query: StatsQuery) => void }) {
  const id = useId();
  const [choice, setChoice] = useState<Period | 'days'>('30d');
  const [from, setFrom] = useState(dayOf(-6));
  const [to, setTo] = useState(dayOf(0));
  const [problem, setProblem] = useState<string | null>(null);

  const applyDays = (first: string, last: string) => {
    if (!first || !last) return setProblem('Give both dates.');
    if (first > last) return setProblem('The first day comes after the last.');
    setProblem(null);
    const end = new Date(`${last}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    onChange({ from: `${first}T00:00:00Z`, to: end.toISOString() });
  };

  return (
    <fieldset className="stats-range">
      <legend>Period</legend>
      <div className="stats-range-fields">
        <div>
          <label htmlFor={`${id}-period`}>Jobs created in</label>
          <select
            id={`${id}-period`}
            value={choice}
            onChange={(event) => {
              const value = event.target.value as Period | 'days';
              setChoice(value);
              if (value === 'days') applyDays(from, to);
              else onChange({ period: value });
            }}
          >
            {periods.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
            <option value="days">Chosen days (UTC)</option>
          </select>
        </div>
        {choice === 'days' ? (
          <>
            <div>
              <label htmlFor={`${id}-from`}>First day</label>
              <input
                id={`${id}-from`}
                type="date"
                value={from}
                max={to}
                onChange={(event) => {
                  setFrom(event.target.value);
                  applyDays(event.target.value, to);
                }}
              />
            </div>
            <div>
              <label htmlFor={`${id}-to`}>Last day</label>
              <input
                id={`${id}-to`}
                type="date"
                value={to}
                min={from}
                onChange={(event) => {
                  setTo(event.target.value);
                  applyDays(from, event.target.value);
                }}
              />
            </div>
          </>
        ) : null}
      </div>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
