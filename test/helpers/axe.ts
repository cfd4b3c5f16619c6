/**
 * axe-core, run inside a real page: what a screen-reader or keyboard user would trip over, as a list a test can
 * assert empty. The page's own colour scheme is set by the caller (`page.emulateMedia({ colorScheme })`) so each
 * scheme is checked as the user sees it. Rules are axe's WCAG 2.x A/AA set plus its best practices.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string | null;
  help: string;
  /** The CSS selectors of the offending nodes, with axe's summary of what is wrong with each. */
  nodes: string[];
}

/** Runs axe on the page (or under `include`) and returns its violations, one per rule. */
export async function axeViolations(page: Page, options: { include?: string } = {}): Promise<AxeFinding[]> {
  // Injected by evaluate, not addScriptTag: an extension page's CSP refuses inline script tags.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time and has no types in the page.
    const axe = (window as any).axe;
    const result = await axe.run(include ? { include: [include] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    // biome-ignore lint/suspicious/noExplicitAny: axe's result shape, read field by field.
    return result.violations.map((v: any) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      // biome-ignore lint/suspicious/noExplicitAny: as above.
      nodes: v.nodes.map((n: any) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  }, options.include);
}

/** Violations as readable lines for an assertion message (`expect(format(v)).toEqual([])` shows what failed). */
export function describeViolations(findings: AxeFinding[]): string[] {
  return findings.flatMap((f) => [`${f.rule} (${f.impact}): ${f.help}`, ...f.nodes.map((n) => `  ${n}`)]);
}
