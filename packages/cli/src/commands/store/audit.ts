import { verifyAuditChain } from '@cxcr4pet/db';
import { type Command, UsageError } from '../../command.ts';
import { DATA_OPTION_USAGE, parseStoreCommandLine, withStore } from './store-options.ts';

const usage = `usage: cxcr4pet audit verify [options]

Walks the audit trail from its first entry and checks every link of the hash chain: sequence numbers
without gaps, each entry's previous hash, and each entry's SHA-256 recomputed from its content.
Prints 'intact' with the number of entries (exit 0) or the first broken entry and why (exit 1).

options:
${DATA_OPTION_USAGE}
`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify the hash chain of the audit trail (audit verify)',
  usage,
  async run(context) {
    const { values, positionals } = parseStoreCommandLine(context.argv, {});
    if (positionals[0] !== 'verify' || positionals.length !== 1)
      throw new UsageError(`the audit subcommand is 'verify', got '${positionals.join(' ')}'`);
    const verdict = await withStore(values.data, (store) => verifyAuditChain(store.db.kysely));
    if (verdict.kind === 'intact') {
      context.stdout(
        `audit trail intact: ${verdict.entries} entries, each chained to the one before (SHA-256)\n`,
      );
      return 0;
    }
    context.stdout(`audit trail broken at entry ${verdict.seq}: ${verdict.reason}\n`);
    return 1;
  },
};
