/**
 * `georoute keys create|list|show|update|rotate|revoke`: keys managed at run time, straight on the configured state
 * store (the same rules as POST /admin/keys). A running gateway picks changes up within `state.refreshMs`. The
 * secret of a created or rotated key is printed this once.
 */
import type { CommandContext, CommandSpec } from '../command-contract.js';
import { formatTable } from '../format-table.js';
import { issuedJson, keyJson } from '../../api/admin/key-admin-routes.js';
import type { IssuedKey } from '../../keys/key-admin-service.js';
import { createKeyRequestSchema, parseAdminBody, updateKeyRequestSchema } from '../../keys/key-admin-requests.js';
import type { ManagedKey } from '../../keys/managed-key.js';
import { formatOption, keyBodyFrom, keyDefinitionOptions, withSharedState } from './keys-command-options.js';
import type { SharedState } from '../../state/open-shared-state.js';

function keyId(context: CommandContext): string {
  const [id] = context.positionals;
  if (!id) throw new Error('give the key id (georoute keys list shows them)');
  return id;
}

async function onState<T>(context: CommandContext, work: (state: SharedState) => Promise<T>): Promise<T> {
  return withSharedState(await context.loadConfig(), work);
}

function printKeys(context: CommandContext, keys: readonly ManagedKey[]): void {
  if (context.options.format === 'json') {
    context.stdout.write(`${JSON.stringify(keys.map(keyJson), null, 2)}\n`);
    return;
  }
  const rows = keys.map((k) => {
    const view = keyJson(k);
    return [k.id, k.kind, k.name, k.team ?? '-', k.hint, String(view.status), String(view.expiresAt ?? '-'), k.admin ? 'yes' : 'no'];
  });
  context.stdout.write(formatTable(['ID', 'KIND', 'NAME', 'TEAM', 'KEY', 'STATUS', 'EXPIRES', 'ADMIN'], rows));
}

function printIssued(context: CommandContext, issued: IssuedKey): void {
  if (context.options.format === 'json') {
    context.stdout.write(`${JSON.stringify(issuedJson(issued), null, 2)}\n`);
    return;
  }
  printKeys(context, [issued.key]);
  if (issued.apiKey) context.stdout.write(`\nAPI key (shown once, store it now): ${issued.apiKey}\n`);
  if (issued.secretAccessKey) context.stdout.write(`\nAccess key id: ${issued.accessKeyId}\nSecret access key (shown once, store it now): ${issued.secretAccessKey}\n`);
}

const idArg = ['ID'];

export const keysCreateCommand: CommandSpec = {
  name: ['keys', 'create'],
  summary: 'create a managed API key or SigV4 access key (its secret is printed once)',
  options: [{ name: 'kind', type: 'string', valueName: 'KIND', choices: ['api-key', 'access-key'], default: 'api-key', description: 'api-key (bearer) or access-key (SigV4).' }, ...keyDefinitionOptions, formatOption],
  async run(context) {
    const request = parseAdminBody(createKeyRequestSchema, { kind: context.options.kind, ...keyBodyFrom(context.options) });
    printIssued(context, await onState(context, (state) => state.admin.create(request)));
    return 0;
  },
};

export const keysListCommand: CommandSpec = {
  name: ['keys', 'list'],
  summary: 'list managed keys, newest first (never their secrets)',
  options: [{ name: 'team', type: 'string', valueName: 'TEAM', description: 'Only keys of this team.' }, formatOption],
  async run(context) {
    const team = typeof context.options.team === 'string' ? context.options.team : undefined;
    printKeys(context, await onState(context, (state) => state.admin.list({ team })));
    return 0;
  },
};

export const keysShowCommand: CommandSpec = {
  name: ['keys', 'show'],
  summary: 'show one managed key',
  options: [formatOption],
  positionals: idArg,
  async run(context) {
    const key = await onState(context, (state) => state.admin.show(keyId(context)));
    context.stdout.write(`${JSON.stringify(keyJson(key), null, 2)}\n`);
    return 0;
  },
};

export const keysUpdateCommand: CommandSpec = {
  name: ['keys', 'update'],
  summary: 'change a managed key\'s name, team, tags, expiry, scope or limits (given options replace)',
  options: [...keyDefinitionOptions, formatOption],
  positionals: idArg,
  async run(context) {
    const patch = parseAdminBody(updateKeyRequestSchema, keyBodyFrom(context.options));
    printKeys(context, [await onState(context, (state) => state.admin.update(keyId(context), patch))]);
    return 0;
  },
};

export const keysRotateCommand: CommandSpec = {
  name: ['keys', 'rotate'],
  summary: 'give a managed key a new secret; the old one stops working',
  options: [formatOption],
  positionals: idArg,
  async run(context) {
    printIssued(context, await onState(context, (state) => state.admin.rotate(keyId(context))));
    return 0;
  },
};

export const keysRevokeCommand: CommandSpec = {
  name: ['keys', 'revoke'],
  summary: 'revoke a managed key (refused by every replica within state.refreshMs)',
  options: [formatOption],
  positionals: idArg,
  async run(context) {
    printKeys(context, [await onState(context, (state) => state.admin.revoke(keyId(context)))]);
    return 0;
  },
};

export const keysCommands: readonly CommandSpec[] = [keysCreateCommand, keysListCommand, keysShowCommand, keysUpdateCommand, keysRotateCommand, keysRevokeCommand];
