import type { Classifier, ClassifierInput } from '@docjobs/client';
import { type FormEvent, useState } from 'react';
import {
  CommonFieldInputs,
  commonFieldsOf,
  commonInput,
  storedCommon,
} from './settings-definition-fields.tsx';
import type { DefinitionForm, DefinitionKind } from './settings-definition-kind.ts';

type Category = Classifier['categories'][number];

/** A category as the form edits it: lists as text, one keyword per comma, one example per line. */
interface CategoryDraft {
  key: number;
  name: string;
  description: string;
  keywords: string;
  examples: string;
}

let nextKey = 0;
const draftOf = (category?: Category): CategoryDraft => ({
  key: nextKey++,
  name: category?.name ?? '',
  description: category?.description ?? '',
  keywords: category?.keywords?.join(', ') ?? '',
  examples: category?.examples?.join('\n') ?? '',
});

const listOf = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);

function categoryOf(draft: CategoryDraft): Category {
  const category: Category = { name: draft.name.trim() };
  if (draft.description.trim()) category.description = draft.description.trim();
  const keywords = listOf(draft.keywords, /,/);
  if (keywords.length) category.keywords = keywords;
  const examples = listOf(draft.examples, /\n/);
  if (examples.length) category.examples = examples;
  return category;
}

/** The faults the server would refuse, said before saving: a blank name, two names alike. */
export function categoryProblems(drafts: readonly { name: string }[]): string[] {
  if (drafts.length === 0) return ['Add at least one category.'];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  drafts.forEach((draft, i) => {
    const name = draft.name.trim();
    if (!name) problems.push(`Category ${i + 1} has no name.`);
    const first = seen.get(name.toLowerCase());
    if (name && first !== undefined) {
      problems.push(`Categories ${first + 1} and ${i + 1} are both "${name}" (case is ignored).`);
    }
    seen.set(name.toLowerCase(), i);
  });
  return problems;
}

const ClassifierForm: DefinitionForm<Classifier, ClassifierInput> = ({
  initial,
  submitLabel,
  busy,
  onSubmit,
}) => {
  const [fields, setFields] = useState(() => commonFieldsOf(initial));
  const [drafts, setDrafts] = useState<CategoryDraft[]>(() =>
    initial ? initial.categories.map(draftOf) : [draftOf({ name: 'invoice' }), draftOf({ name: 'receipt' })],
  );
  const problems = categoryProblems(drafts);
  const change = (key: number, part: Partial<CategoryDraft>) =>
    setDrafts(drafts.map((draft) => (draft.key === key ? { ...draft, ...part } : draft)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length) return;
    void onSubmit({ ...commonInput(fields, initial?.options), categories: drafts.map(categoryOf) });
  };
  return (
    <form onSubmit={submit} className="settings-form">
      <CommonFieldInputs fields={fields} onChange={setFields} />
      <fieldset className="settings-categories">
        <legend>Categories</legend>
        {drafts.map((draft, i) => (
          <fieldset key={draft.key} className="settings-category">
            <legend>Category {i + 1}</legend>
            <label htmlFor={`category-${draft.key}-name`}>Name</label>
            <input
              id={`category-${draft.key}-name`}
              value={draft.name}
              onChange={(event) => change(draft.key, { name: event.target.value })}
            />
            <label htmlFor={`category-${draft.key}-description`}>Description</label>
            <input
              id={`category-${draft.key}-description`}
              value={draft.description}
              onChange={(event) => change(draft.key, { description: event.target.value })}
            />
            <label htmlFor={`category-${draft.key}-keywords`}>Keywords (comma-separated)</label>
            <input
              id={`category-${draft.key}-keywords`}
              value={draft.keywords}
              onChange={(event) => change(draft.key, { keywords: event.target.value })}
            />
            <label htmlFor={`category-${draft.key}-examples`}>Examples (one per line)</label>
            <textarea
              id={`category-${draft.key}-examples`}
              rows={2}
              value={draft.examples}
              onChange={(event) => change(draft.key, { examples: event.target.value })}
            />
            <button
              type="button"
              className="secondary"
              onClick={() => setDrafts(drafts.filter((other) => other.key !== draft.key))}
              aria-label={`Remove category ${i + 1}${draft.name ? ` (${draft.name})` : ''}`}
            >
              Remove
            </button>
          </fieldset>
        ))}
        <button type="button" className="secondary" onClick={() => setDrafts([...drafts, draftOf()])}>
          Add category
        </button>
      </fieldset>
      <div aria-live="polite" className="settings-feedback bad">
        {problems.length ? (
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="settings-actions">
        <button type="submit" disabled={busy || problems.length > 0}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
};

const inputOf = (item: Classifier): ClassifierInput => ({
  ...storedCommon(item),
  categories: item.categories,
});

function ClassifierSummary({ item }: { item: Classifier }) {
  return (
    <>
      <p className="hint">Engine: {item.engine}</p>
      <ul className="settings-category-list">
        {item.categories.map((category) => (
          <li key={category.name}>
            <strong>{category.name}</strong>
            {category.description ? ` — ${category.description}` : ''}
            {category.keywords?.length ? (
              <div className="hint">Keywords: {category.keywords.join(', ')}</div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export const classifierKind: DefinitionKind<Classifier, ClassifierInput> = {
  noun: 'classifier',
  title: 'Classifiers',
  blurb: 'Saved category sets for classify jobs: submit with classifierId.',
  Form: ClassifierForm,
  Summary: ClassifierSummary,
  inputOf,
  itemsOf: (page) => (page as { classifiers?: Classifier[] }).classifiers ?? [],
  api: (client) => client.classifiers,
};
