export { modelCardsCommands, cardGeometry } from './commands.ts';
export { cardSchema, buildCard, type ModelCard, type CardInputs, type CardReview } from './card.ts';
export { renderMarkdown, renderHtml, renderHtmlBody, algoritmeregisterExport, type CardLang } from './render.ts';
export {
  Governance,
  cardFor,
  gateFailures,
  governanceFor,
  DECISIONS,
  OVERRIDES,
  type CardScope,
  type Decision,
  type Override,
  type Review,
} from './governance.ts';
export { num, pct, groupWords, VERDICT_WORDS, METRIC_WORDS, STATUS_WORDS } from './messages.ts';
export {
  governanceFileSchema,
  parseGovernanceFile,
  readGovernanceFile,
  DEMO_GOVERNANCE,
  REQUIRED_GOVERNANCE_FIELDS,
  type GovernanceFile,
} from './governance-file.ts';
export { diffCards, renderDiffMarkdown, type CardChange } from './diff.ts';
