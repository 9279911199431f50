/** The map, the CSV export and the area page: all through the same scope rule, all audited. */
import { areasCsv } from '../csv.ts';
import { translator } from '../i18n.ts';
import { type Kit, SECURITY_HEADERS, type UiApp } from '../kit.tsx';
import { AreaPage } from '../pages/area.tsx';
import { MapPage } from '../pages/map.tsx';

const GEMEENTE_RE = /^GM\d{4}$/;
const AREA_RE = /^(GM\d{4}|WK\d{6}|BU\d{8})$/;

/** A file name from a municipality name: letters and digits, the rest as dashes. */
function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'gemeente'
  );
}

export function areaRoutes(app: UiApp, kit: Kit): void {
  const { deps } = kit;

  app.get('/kaart', async (c) => {
    const p = await kit.need(c, 'areas');
    if (p instanceof Response) return p;
    const g = (c.req.query('gemeente') ?? '').trim().toUpperCase();
    return GEMEENTE_RE.test(g) ? c.redirect(`/kaart/${g}`, 303) : kit.notFound(c);
  });

  app.get('/kaart/:gemeente', async (c) => {
    const p = await kit.need(c, 'areas');
    if (p instanceof Response) return p;
    const g = c.req.param('gemeente');
    const map = GEMEENTE_RE.test(g) ? await deps.listAreas(p, g, c.get('lang')) : null;
    if (!map) return kit.notFound(c);
    return kit.render(c, <MapPage v={kit.view(c)} map={map} />);
  });

  app.get('/kaart/:gemeente/export.csv', async (c) => {
    const p = await kit.need(c, 'areas');
    if (p instanceof Response) return p;
    const g = c.req.param('gemeente');
    const lang = c.get('lang');
    const map = GEMEENTE_RE.test(g) ? await deps.exportAreas(p, g, lang) : null;
    if (!map) return kit.notFound(c);
    const today = new Date().toISOString().slice(0, 10);
    const name = `zicht-${slug(map.gemeente.name)}-${today}.csv`;
    return c.body(areasCsv(map, translator(lang), lang, today), 200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  });

  app.get('/gebied/:code', async (c) => {
    const p = await kit.need(c, 'areas');
    if (p instanceof Response) return p;
    const code = c.req.param('code');
    const area = AREA_RE.test(code) ? await deps.getArea(p, code, c.get('lang')) : null;
    if (!area) return kit.notFound(c);
    return kit.render(c, <AreaPage v={kit.view(c)} area={area} />);
  });
}
