export { modelCardsCommands, cardGeometry } from './commands.ts';
export { cardSchema, buildCard, type ModelCard, type CardInputs } from './card.ts';
export { renderMarkdown, renderHtml, algoritmeregisterExport, type CardLang } from './render.ts';
export { Governance, cardFor, governanceFor, DECISIONS, type Decision, type Review } from './governance.ts';
export {
  governanceFileSchema,
  parseGovernanceFile,
  readGovernanceFile,
  DEMO_GOVERNANCE,
  REQUIRED_GOVERNANCE_FIELDS,
  type GovernanceFile,
} from './governance-file.ts';
export { diffCards, renderDiffMarkdown, type CardChange } from './diff.ts';
