import type { ApiKey } from '../../packages/client/src/index.ts';
import type { Flags } from './arguments.ts';
import { exitCodes, usageError } from './exit-codes.ts';
import { withRemote } from './remote.ts';
import { renderPairs, renderTable } from './table.ts';

const usage = 'usage: docjobs keys list | create [--name NAME] | revoke KEY_ID [--self]';

/** `dj_AbCd…wxyz`: enough to tell keys apart, never the key. */
const shownKey = (key: ApiKey) => `${key.prefix}…${key.suffix ?? ''}`;
const when = (at: string | null | undefined) => (at ? at.slice(0, 16).replace('T', ' ') : '—');

/**
 * `docjobs keys list | create | revoke`: the organisation of the configured key manages its keys
 * through the API (GET/POST/DELETE /v1/keys). `keys create --org NAME` is another command: on the
 * server, it makes a key for any organisation (keys-command.ts).
 */
export async function apiKeysCommand(flags: Flags, args: string[]): Promise<number> {
  const [action, id, ...extra] = args;
  if (extra.length > 0 || (action === 'revoke') !== (id !== undefined)) throw usageError(usage);
  if (action !== 'list' && action !== 'create' && action !== 'revoke') throw usageError(usage);
  return withRemote(flags, async ({ client }) => {
    if (action === 'list') {
      const keys = await client.keys.list();
      if (flags.json) console.log(JSON.stringify(keys, null, 2));
      else
        console.log(
          renderTable(
            [
              { header: 'ID', cell: (key: ApiKey) => key.id },
              { header: 'KEY', cell: shownKey },
              { header: 'NAME', cell: (key) => key.name ?? '' },
              { header: 'CREATED', cell: (key) => when(key.createdAt) },
              { header: 'LAST USED', cell: (key) => when(key.lastUsedAt) },
              {
                header: 'STATE',
                cell: (key) =>
                  key.revokedAt ? `revoked ${when(key.revokedAt)}` : key.current ? 'in use' : 'active',
              },
            ],
            keys,
            process.stdout.isTTY ? process.stdout.columns : undefined,
          ),
        );
      return exitCodes.ok;
    }
    if (action === 'create') {
      const created = await client.keys.create(flags.name ? { name: flags.name } : {});
      if (flags.json) console.log(JSON.stringify(created, null, 2));
      else {
        console.error(
          `a new API key${created.name ? ` "${created.name}"` : ''} (${created.id}); it is not shown again:`,
        );
        console.log(created.key);
      }
      return exitCodes.ok;
    }
    const revoked = await client.keys.revoke(id!, { self: flags.self });
    if (flags.json) console.log(JSON.stringify(revoked, null, 2));
    else
      console.log(
        renderPairs([['revoked', `${revoked.id} ${shownKey(revoked)} at ${when(revoked.revokedAt)}`]]),
      );
    return exitCodes.ok;
  });
}
