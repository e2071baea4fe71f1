import type { InsightsModel } from '../../../src/shared/protocol';
import type { ChartTheme } from '../theme';
import { count, el, section, textTable, usd } from './dom';
import { axes, chartBox, colour } from './insightCharts';

/** Draws cost and traces per bucket at the chosen granularity. */
export function renderSeries(model: InsightsModel, theme: ChartTheme): HTMLElement {
  const box = section('insight-series', `Cost and traces per ${model.view.granularity}`);
  const grid = el('div', 'charts');
  box.append(grid);
  const bucket = model.view.granularity[0]?.toUpperCase() + model.view.granularity.slice(1);
  chartBox(grid, 'series-cost', `Cost per ${model.view.granularity} (USD)`, {
    type: 'bar',
    data: {
      labels: model.series.labels.map(shortLabel),
      datasets: [
        {
          label: 'Cost (USD)',
          data: model.series.costUsd,
          backgroundColor: colour(theme, 0),
          borderColor: colour(theme, 0),
        },
      ],
    },
    options: axes(theme, bucket, 'Cost (USD)'),
  });
  chartBox(grid, 'series-traces', `Traces per ${model.view.granularity}`, {
    type: 'line',
    data: {
      labels: model.series.labels.map(shortLabel),
      datasets: [
        {
          label: 'Traces',
          data: model.series.traces,
          borderColor: colour(theme, 2),
          backgroundColor: colour(theme, 2),
        },
      ],
    },
    options: axes(theme, bucket, 'Traces'),
  });
  return box;
}

/** Active, new and returning users and sessions per day, cost per user and top spenders. */
export function renderUsers(model: InsightsModel, theme: ChartTheme): HTMLElement {
  const users = model.users;
  const box = section(
    'insight-users',
    'Users and sessions',
    `${count(users.users)} users, ${count(users.sessions)} sessions · ` +
      `${usd(users.costPerUserUsd)} per user, ${usd(users.costPerSessionUsd)} per session`,
  );
  const grid = el('div', 'charts');
  box.append(grid);
  chartBox(grid, 'users-per-day', 'Active users per day (new and returning)', {
    type: 'bar',
    data: {
      labels: users.days,
      datasets: [
        { label: 'New users', data: users.newUsers, backgroundColor: colour(theme, 2) },
        { label: 'Returning users', data: users.returningUsers, backgroundColor: colour(theme, 0) },
      ],
    },
    options: axes(theme, 'Day', 'Users', { stacked: true }),
  });
  chartBox(grid, 'sessions-per-day', 'Sessions per day', {
    type: 'line',
    data: {
      labels: users.days,
      datasets: [
        {
          label: 'Sessions',
          data: users.sessionsPerDay,
          borderColor: colour(theme, 3),
          backgroundColor: colour(theme, 3),
        },
      ],
    },
    options: axes(theme, 'Day', 'Sessions'),
  });

  const spenders = el('div', 'tables');
  const topUsers = textTable(
    ['Top user', 'Cost (USD)', 'Traces'],
    users.topUsers.map((spender) => [spender.id, usd(spender.costUsd), count(spender.traces)]),
  );
  topUsers.id = 'top-users';
  const topSessions = textTable(
    ['Top session', 'Cost (USD)', 'Traces'],
    users.topSessions.map((spender) => [spender.id, usd(spender.costUsd), count(spender.traces)]),
  );
  spenders.append(topUsers, topSessions);
  box.append(spenders);
  return box;
}

/** Shortens hour labels (`2026-12-03T16:00+01:00`) to `12-03 16:00`; others stay as they are. */
function shortLabel(label: string): string {
  const hour = /^\d{4}-(\d\d-\d\d)T(\d\d:\d\d)/.exec(label);
  return hour ? `${hour[1]} ${hour[2]}` : label;
}
