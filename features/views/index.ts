import { ZichtError } from '../../core/index.ts';
import { kwbView } from './kwb.ts';
import { kwb2022TidyView } from './kwb2022-tidy.ts';
import type { FeatureView } from './types.ts';

export { computeView, type ViewInput, type ViewOutput } from './compute.ts';
export {
  describeExpr,
  describeFeature,
  exprMeasures,
  type Expr,
  type Context,
  type FeatureDef,
  type FeatureView,
} from './types.ts';
export { kwbView, kwb2022TidyView };

/** Every feature view defined in code. */
export const FEATURE_VIEWS: readonly FeatureView[] = [kwbView, kwb2022TidyView];

/** Look up a view by `name` or `name@version`; unknown is a clear error listing the views. */
export function getFeatureView(ref: string): FeatureView {
  const [name, version] = ref.split('@');
  const v = FEATURE_VIEWS.find((x) => x.name === name && (version === undefined || String(x.version) === version));
  if (!v)
    throw new ZichtError(
      'UNKNOWN_FEATURE',
      `unknown feature view '${ref}'; known: ${FEATURE_VIEWS.map((x) => `${x.name}@${x.version}`).join(', ')}`,
      { view: ref },
    );
  return v;
}
