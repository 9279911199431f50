// One replica for bench:api --store: the authenticated, audited API of the serving fixture
// (3,000 areas) on the store of $ZICHT_HOME / $ZICHT_DATABASE_URL, rate limits out of the way.
// Prints {"port"} once listening; GET /__served answers how many 200 responses it sent.
import { serve } from '@hono/node-server';
import { fixtureApp } from '../serving/test-fixtures.test-support.ts';

const home = process.env['ZICHT_HOME'];
if (!home) throw new Error('ZICHT_HOME is not set');
const f = fixtureApp({ rateLimit: { capacity: 1e9, perSecond: 1e9 } }, home, 3000);
let served = 0;
serve(
  {
    fetch: async (req) => {
      if (new URL(req.url).pathname === '/__served') return Response.json({ served });
      const r = await f.app.fetch(req);
      if (r.status === 200) served++;
      return r;
    },
    port: 0,
    hostname: '127.0.0.1',
  },
  (info) => process.stdout.write(`${JSON.stringify({ port: info.port })}\n`),
);
