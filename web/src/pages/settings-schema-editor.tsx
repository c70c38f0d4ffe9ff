import { useId, useMemo } from 'react';
import { parseJson, schemaProblems } from './settings-json.ts';

export type SchemaDraft = { ok: true; schema: Record<string, unknown> } | { ok: false };

/** What the editor's text says: a schema to save, or not (the feedback says why). */
export function readSchemaDraft(text: string): SchemaDraft {
  const parsed = parseJson(text);
  if (!parsed.ok || schemaProblems(parsed.value).length > 0) return { ok: false };
  return { ok: true, schema: parsed.value as Record<string, unknown> };
}

/**
 * A JSON-Schema textarea with live feedback under it: the line and column of a JSON error, else
 * the shape faults with their JSON Pointers, else "looks right". The feedback is a polite live
 * region tied to the textarea (aria-describedby), so a screen reader hears it as one types.
 */
export function SchemaEditor({
  value,
  onChange,
  label = 'JSON Schema',
}: {
  value: string;
  onChange: (text: string) => void;
  label?: string;
}) {
  const id = useId();
  const feedback = useMemo(() => {
    const parsed = parseJson(value);
    if (!parsed.ok) {
      return {
        ok: false,
        lines: [`JSON error at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`],
      };
    }
    const problems = schemaProblems(parsed.value);
    if (problems.length > 0) {
      return { ok: false, lines: problems.map((problem) => `${problem.pointer}: ${problem.message}`) };
    }
    const fields = Object.keys((parsed.value as { properties?: object }).properties ?? {}).length;
    return { ok: true, lines: [`Valid JSON; ${fields} field${fields === 1 ? '' : 's'} at the top level.`] };
  }, [value]);
  return (
    <div className="settings-schema-editor">
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea
        id={`${id}-text`}
        className="settings-code"
        spellCheck={false}
        rows={14}
        value={value}
        aria-invalid={!feedback.ok}
        aria-describedby={`${id}-feedback`}
        onChange={(event) => onChange(event.target.value)}
      />
      <div
        id={`${id}-feedback`}
        aria-live="polite"
        className={`settings-feedback ${feedback.ok ? 'ok' : 'bad'}`}
        data-testid="schema-feedback"
      >
        <span className="visually-hidden">{feedback.ok ? 'Schema check passed: ' : 'Schema problems: '}</span>
        <ul>
          {feedback.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
