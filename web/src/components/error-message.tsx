import { DocjobsError } from '@docjobs/client';

/** A refusal as the API worded it (its code and message say how to fix it), in an alert region. */
export function ErrorMessage({ error }: { error: Error }) {
  const code = error instanceof DocjobsError ? error.code : null;
  return (
    <div role="alert" className="error">
      {code ? <strong>{code}: </strong> : null}
      {error.message}
    </div>
  );
}
