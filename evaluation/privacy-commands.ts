import { ZichtError, openOperationalDb, stringOption, type Command } from '../core/index.ts';
import { DEFAULT_LABEL_SET, PrivacyBudget } from './differential-privacy.ts';

const budgetSet: Command = {
  words: ['privacy', 'budget', 'set'],
  summary: 'set the differential-privacy budget (ε) of a label set once; it is never raised',
  usage: 'zicht privacy budget set --epsilon E [--label-set "3.1.1|buurt|2025JJ00"] [--by NAME]',
  help: [
    'A training config may ask for label noise (label.differentialPrivacy.epsilon); that ε is spent from the',
    "budget of the run's label set (crime code|level|label periods), or from the default budget '*' when the",
    'label set has none of its own. Only an administrator sets a budget, once; a config cannot grant one.',
  ].join('\n'),
  options: { epsilon: { type: 'string' }, 'label-set': { type: 'string' }, by: { type: 'string' } },
  async run(ctx) {
    const text = stringOption(ctx, 'epsilon');
    const epsilon = Number(text);
    if (text === undefined || !Number.isFinite(epsilon))
      throw new ZichtError('BAD_ARGUMENT', `--epsilon must be a number, e.g. --epsilon 1. Usage: ${this.usage}`);
    const labelSet = stringOption(ctx, 'label-set') ?? DEFAULT_LABEL_SET;
    const db = openOperationalDb(ctx.home);
    try {
      new PrivacyBudget(db).set(labelSet, epsilon, stringOption(ctx, 'by') ?? ctx.env['USER'] ?? 'admin');
      ctx.log(`privacy budget of label set '${labelSet}': ε = ${epsilon}`);
      return { labelSet, epsilon };
    } finally {
      db.close();
    }
  },
};

const budgetList: Command = {
  words: ['privacy', 'budget', 'list'],
  summary: 'privacy budgets per label set and every ε spent from them',
  usage: 'zicht privacy budget list',
  async run(ctx) {
    const db = openOperationalDb(ctx.home);
    try {
      const b = new PrivacyBudget(db);
      const budgets = b.budgets();
      const spends = b.spends();
      if (!budgets.length) ctx.log('no privacy budget is set (zicht privacy budget set --epsilon E)');
      for (const x of budgets)
        ctx.log(`${x.labelSet.padEnd(28)} ε = ${x.epsilon} (set by ${x.setBy} at ${x.setAt}), spent ${x.spent}`);
      for (const s of spends)
        ctx.log(`  spent ${s.epsilon} on ${s.labelSet} (${s.mechanism}) for ${s.purpose} at ${s.at}`);
      return { budgets, spends };
    } finally {
      db.close();
    }
  },
};

/** `zicht privacy budget set|list`. */
export const privacyCommands: readonly Command[] = [budgetSet, budgetList];
