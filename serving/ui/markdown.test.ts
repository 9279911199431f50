import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './markdown.ts';

test('headings, lists, code, emphasis and links render with Utrecht classes', () => {
  const html = renderMarkdown(
    '# Titel\n\nEen **vet** en *schuin* woord, `code` en [help](/help).\n\n- een\n- twee\n\n1. eerst\n2. dan\n\n```\nzicht --help\n```\n',
  );
  assert.match(html, /<h1 class="utrecht-heading-1">Titel<\/h1>/);
  assert.match(html, /<strong>vet<\/strong> en <em>schuin<\/em>/);
  assert.match(html, /<code class="utrecht-code">code<\/code>/);
  assert.match(html, /<a class="utrecht-link" href="\/help">help<\/a>/);
  assert.match(html, /<ul class="utrecht-unordered-list"><li>een<\/li><li>twee<\/li><\/ul>/);
  assert.match(html, /<ol class="utrecht-ordered-list"><li>eerst<\/li><li>dan<\/li><\/ol>/);
  assert.match(html, /<pre class="utrecht-code-block"><code>zicht --help<\/code><\/pre>/);
});

test('markup in the source is escaped and javascript: links are not made', () => {
  const html = renderMarkdown('<script>alert(1)</script> [x](javascript:alert(1))');
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /&lt;script&gt;/);
  assert.doesNotMatch(html, /href="javascript/);
});
