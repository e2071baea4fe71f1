import type { LatencyPercentiles, Report } from '../metrics/types';

/**
 * Replaces control characters (ANSI escapes, carriage returns) in trace-derived text, so a model
 * or trace name cannot rewrite the terminal.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const MAX_NAME_COLUMNS = 60;

/** Makes a trace-derived name fit one table cell: printable, and cut with an ellipsis. */
function cell(name: string): string {
  const text = printable(name);
  return text.length > MAX_NAME_COLUMNS ? `${text.slice(0, MAX_NAME_COLUMNS - 1)}…` : text;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function usd(value: number): string {
  return `$${value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 6 : 4)}`;
}

function seconds(value: number): string {
  return value.toFixed(3);
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

function table(rows: string[][], alignRight: boolean[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) =>
        alignRight[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

function formatInstant(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
}

function latencyRow(label: string, value: LatencyPercentiles): string[] {
  return [label, seconds(value.p50), seconds(value.p90), seconds(value.p95), seconds(value.p99)];
}

/** Renders the report as the readable text the CLI prints without --json. */
export function formatReport(report: Report): string {
  const lines: string[] = [];
  const { range } = report;

  lines.push(
    `Trace Insight report, ${formatInstant(range.from)} to ${formatInstant(range.to)}, ` +
      `days in ${range.timeZone}`,
    '',
  );

  lines.push(
    ...table(
      [
        [
          'Traces',
          integer.format(report.traces),
          'Observations',
          integer.format(report.observations),
        ],
        ['Users', integer.format(report.users), 'Sessions', integer.format(report.sessions)],
        [
          'Error traces',
          integer.format(report.errors.traces),
          'Error rate',
          percent(report.errors.rate),
        ],
      ],
      [false, true, false, true],
    ),
    '',
  );

  lines.push(`Cost: ${usd(report.cost.total)} total`);
  if (report.cost.unpricedObservations > 0) {
    lines.push(
      `  ${integer.format(report.cost.unpricedObservations)} observations have a model but no ` +
        'recorded cost (not included)',
    );
  }
  const models = Object.entries(report.cost.byModel).sort((a, b) => b[1] - a[1]);
  if (models.length > 0) {
    lines.push('  By model:');
    lines.push(
      ...table(
        models.map(([model, cost]) => ['   ', cell(model), usd(cost)]),
        [false, false, true],
      ),
    );
  }
  const days = Object.entries(report.cost.byDay).sort((a, b) => a[0].localeCompare(b[0]));
  if (days.length > 0) {
    lines.push('  By day:');
    lines.push(
      ...table(
        days.map(([day, cost]) => ['   ', day, usd(cost)]),
        [false, false, true],
      ),
    );
  }
  lines.push('');

  lines.push(
    `Tokens: ${integer.format(report.tokens.input)} input, ` +
      `${integer.format(report.tokens.output)} output, ${integer.format(report.tokens.total)} total`,
    '',
  );

  const latencyRows: string[][] = [['Latency (s)', 'p50', 'p90', 'p95', 'p99']];
  if (report.latency.traces) {
    latencyRows.push(latencyRow('traces', report.latency.traces));
  }
  for (const [type, value] of Object.entries(report.latency.byType).sort()) {
    latencyRows.push(latencyRow(cell(type), value));
  }
  if (latencyRows.length === 1) {
    lines.push('Latency: no ended observations in the range');
  } else {
    lines.push(...table(latencyRows, [false, true, true, true, true]));
  }

  return `${lines.join('\n')}\n`;
}
