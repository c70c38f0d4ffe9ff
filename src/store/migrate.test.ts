import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadMigrations, splitStatements } from './migrate.ts';

it('splits migrations at line-ending semicolons but keeps function bodies whole', () => {
  const sql = `-- a comment; with a semicolon;
CREATE TABLE a (x int);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1;
  RETURN NULL;
END;
$$;
CREATE INDEX i ON a (x);`;
  const statements = splitStatements(sql);
  assert.equal(statements.length, 3);
  assert.equal(statements[0], 'CREATE TABLE a (x int)');
  assert.match(statements[1]!, /^CREATE FUNCTION[\s\S]*PERFORM 1;[\s\S]*END;\n\$\$$/);
  assert.equal(statements[2], 'CREATE INDEX i ON a (x)');
});

it('numbers migrations from 1 with no gaps', () => {
  const versions = loadMigrations().map((migration) => migration.version);
  assert.deepEqual(
    versions,
    versions.map((_, i) => i + 1),
  );
});
