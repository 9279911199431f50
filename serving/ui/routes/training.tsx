/** Training: the runs (live), one run, and starting a run from a stored configuration. */
import { isZichtError } from '../../../core/index.ts';
import { translator } from '../i18n.ts';
import type { Kit, UiApp } from '../kit.tsx';
import { RunPage, TrainingPage } from '../pages/training.tsx';

const RUN_ID_RE = /^[A-Za-z0-9_@.-]{1,80}$/;

export function trainingRoutes(app: UiApp, kit: Kit): void {
  const { deps } = kit;

  app.get('/training', async (c) => {
    const p = await kit.need(c, 'training');
    if (p instanceof Response) return p;
    const [runs, configs, reports] = await Promise.all([
      deps.listTrainingRuns(),
      deps.listStoredConfigs(),
      deps.listQualityReports(),
    ]);
    const notice = kit.takeFlash(c) ?? undefined;
    return kit.render(
      c,
      <TrainingPage v={kit.view(c)} runs={runs} configs={configs} reports={reports} notice={notice} />,
    );
  });

  app.get('/training/runs/:id', async (c) => {
    const p = await kit.need(c, 'training');
    if (p instanceof Response) return p;
    const id = c.req.param('id');
    const run = RUN_ID_RE.test(id) ? await deps.getTrainingRun(id) : null;
    if (run?.origin !== 'ui') return kit.notFound(c);
    return kit.render(c, <RunPage v={kit.view(c)} run={run} notice={kit.takeFlash(c) ?? undefined} />);
  });

  app.post('/training', async (c) => {
    const p = await kit.need(c, 'start_training');
    if (p instanceof Response) return p;
    return kit.form(c, async (form) => {
      const t = translator(c.get('lang'));
      const s = c.get('session');
      const config = form['config'] ?? '';
      if (!(await deps.listStoredConfigs()).some((k) => k.name === config)) {
        if (s) s.flash = { type: 'error', text: t('training.unknownConfig') };
        return c.redirect('/training', 303);
      }
      try {
        // the runner answers a config that is already queued or running with that same run
        const run = await deps.startTrainingRun(p, config);
        if (s) s.flash = { type: 'ok', text: t('training.started.ok', { id: run.id }) };
        return c.redirect(`/training/runs/${encodeURIComponent(run.id)}`, 303);
      } catch (e) {
        if (!isZichtError(e)) throw e;
        if (s) s.flash = { type: 'error', text: e.message };
        return c.redirect('/training', 303);
      }
    });
  });
}
