/**
 * A measured quantity with the bar it must clear, so every report says value, bar and verdict.
 */
export interface Metric {
  readonly name: string;
  readonly value: number;
  /** The bar; `undefined` for figures that are reported without one. */
  readonly threshold?: number;
  /** How value compares to threshold to pass. */
  readonly direction?: '≥' | '≤';
  readonly pass: boolean;
  /** What the bar is, in words (e.g. "0.8 × bigram perplexity"), and any detail. */
  readonly detail?: string;
}

export function metric(
  name: string,
  value: number,
  bar?: { threshold: number; direction: '≥' | '≤'; detail?: string },
  detail?: string,
): Metric {
  if (!bar) return { name, value, pass: true, ...(detail && { detail }) };
  const pass = bar.direction === '≥' ? value >= bar.threshold : value <= bar.threshold;
  const text = [bar.detail, detail].filter(Boolean).join('; ');
  return {
    name,
    value,
    threshold: bar.threshold,
    direction: bar.direction,
    pass,
    ...(text && { detail: text }),
  };
}

export interface ModelReport {
  readonly id: string;
  readonly architecture: string;
  readonly parameters: number;
  readonly bytes: number;
  readonly metrics: readonly Metric[];
}

const format = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toFixed(4);

export function formatReport(report: ModelReport): string {
  const lines = [
    `${report.id} (${report.architecture}, ${report.parameters.toLocaleString('en')} parameters, ${(report.bytes / 1e6).toFixed(2)} MB)`,
  ];
  for (const m of report.metrics) {
    const bar = m.threshold === undefined ? 'reported' : `${m.direction} ${format(m.threshold)}`;
    const verdict = m.threshold === undefined ? '' : m.pass ? 'pass' : 'FAIL';
    lines.push(
      `  ${m.name.padEnd(44)} ${format(m.value).padStart(10)}  ${bar.padEnd(14)} ${verdict.padEnd(4)} ${m.detail ?? ''}`.trimEnd(),
    );
  }
  return lines.join('\n');
}
