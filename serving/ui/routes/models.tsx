/** Model versions, a card with its review form, a review, and the comparison of two versions. */
import { isZichtError } from '../../../core/index.ts';
import { GATE_OVERRIDES, REVIEW_DECISIONS, type Principal, type ReviewDecision } from '../deps.ts';
import { translator } from '../i18n.ts';
import type { Ctx, Kit, UiApp } from '../kit.tsx';
import { ComparePage } from '../pages/compare.tsx';
import { ModelPage, ModelsPage, reviewRefusal, type ReviewFormState } from '../pages/models.tsx';

const MODEL_NAME_RE = /^[a-z][a-z0-9-]{0,62}$/;

/** Parse `name@version`; undefined when malformed. */
function parseRef(s: string | undefined): { name: string; version: number } | undefined {
  const m = /^([a-z][a-z0-9-]{0,62})@(\d{1,9})$/.exec(s ?? '');
  return m ? { name: m[1]!, version: Number(m[2]) } : undefined;
}

export function modelRoutes(app: UiApp, kit: Kit): void {
  const { deps } = kit;

  app.get('/modellen', async (c) => {
    const p = await kit.need(c, 'models');
    if (p instanceof Response) return p;
    return kit.render(c, <ModelsPage v={kit.view(c)} models={await deps.listModels()} />);
  });

  app.get('/modellen/vergelijk', async (c) => {
    const p = await kit.need(c, 'models');
    if (p instanceof Response) return p;
    const a = parseRef(c.req.query('a'));
    const b = parseRef(c.req.query('b'));
    if (a && b && a.name === b.name && a.version === b.version) return kit.message(c, 400, 'samecompare');
    const lang = c.get('lang');
    const cmp = a && b ? await deps.compareCards(p, a, b, lang) : null;
    const bands = cmp && a && b ? await deps.compareBands(p, a, b) : null;
    if (!cmp || !bands) return kit.notFound(c);
    return kit.render(c, <ComparePage v={kit.view(c)} cmp={cmp} bands={bands} />);
  });

  async function modelPage(c: Ctx, p: Principal, form: ReviewFormState, status: 200 | 403 | 409 | 422) {
    const name = c.req.param('name') ?? '';
    const versionText = c.req.param('version') ?? '';
    if (!MODEL_NAME_RE.test(name) || !/^\d{1,9}$/.test(versionText)) return kit.notFound(c);
    const version = Number(versionText);
    const model = (await deps.listModels()).find((m) => m.name === name && m.version === version);
    const card = model ? await deps.getModelCard(p, name, version, c.get('lang')) : null;
    if (!model || card === null) return kit.notFound(c);
    const page = (
      <ModelPage
        v={kit.view(c)}
        model={model}
        cardHtml={card.html}
        missing={card.missing}
        failures={card.failures}
        form={form}
      />
    );
    return kit.render(c, page, status);
  }

  app.get('/modellen/:name/:version', async (c) => {
    const p = await kit.need(c, 'models');
    if (p instanceof Response) return p;
    const flash = kit.takeFlash(c);
    return modelPage(c, p, flash?.type === 'ok' ? { done: flash.text } : {}, 200);
  });

  app.post('/modellen/:name/:version/oordeel', async (c) => {
    const p = await kit.need(c, 'review');
    if (p instanceof Response) return p;
    return kit.form(c, async (form) => {
      const t = translator(c.get('lang'));
      const decision = REVIEW_DECISIONS.find((d) => d === form['decision']) as ReviewDecision | undefined;
      const rationale = (form['rationale'] ?? '').trim();
      const overrides = GATE_OVERRIDES.filter((o) => form[`override-${o}`] !== undefined);
      if (!decision) return modelPage(c, p, { rationale, overrides, error: t('review.decisionRequired') }, 422);
      if (rationale === '')
        return modelPage(c, p, { decision, rationale, overrides, error: t('review.rationaleRequired') }, 422);
      const name = c.req.param('name');
      const version = Number(c.req.param('version'));
      if (!MODEL_NAME_RE.test(name) || !Number.isSafeInteger(version)) return kit.notFound(c);
      try {
        const status = await deps.review(p, name, version, decision, rationale, overrides);
        const s = c.get('session');
        if (s) s.flash = { type: 'ok', text: t('review.done', { status: t(`status.${status}`) }) };
        return c.redirect(`/modellen/${name}/${version}`, 303);
      } catch (e) {
        if (!isZichtError(e)) throw e;
        if (e.code === 'UNKNOWN_MODEL' || e.code === 'NOT_FOUND') return kit.notFound(c);
        const error = reviewRefusal(kit.view(c), e.details, e.message);
        return modelPage(c, p, { decision, rationale, overrides, error }, 409);
      }
    });
  });
}
