import { roundCostUsd } from '../metrics/compensatedSum';
import { ZoneDays } from '../metrics/zoneDays';
import type { TraceRecord } from './traceRecord';
import type { Spender, UsersAndSessions, UsersDay } from './types';

class DaySums {
  readonly users = new Set<string>();
  readonly sessions = new Set<string>();
  costUsd = 0;
  newUsers = 0;
}

class SpenderSums {
  costUsd = 0;
  traces = 0;
}

/**
 * Computes users and sessions per day of the zone (a trace counts on the day its first
 * observation starts), cost per user and per session, and the top spenders. A user is new on
 * the day of their first trace in the range and returning on later days.
 *
 * NOTE: "new" only looks inside the range, so a user active before the range counts as new on
 * their first day in it.
 */
export function usersAndSessions(
  traces: Iterable<TraceRecord>,
  timeZone: string,
  topN: number,
): UsersAndSessions {
  const zoneDays = new ZoneDays(timeZone);
  const days = new Map<string, DaySums>();
  const users = new Map<string, SpenderSums>();
  const sessions = new Map<string, SpenderSums>();
  const firstDayOfUser = new Map<string, string>();

  for (const trace of traces) {
    const day = zoneDays.label(trace.firstStartMs);
    let sums = days.get(day);
    if (sums === undefined) {
      sums = new DaySums();
      days.set(day, sums);
    }
    const costUsd = trace.costUsd + trace.estimatedCostUsd;
    sums.costUsd += costUsd;

    if (trace.userId !== null) {
      sums.users.add(trace.userId);
      addSpend(users, trace.userId, costUsd);
      const first = firstDayOfUser.get(trace.userId);
      if (first === undefined || day < first) {
        firstDayOfUser.set(trace.userId, day);
      }
    }
    if (trace.sessionId !== null) {
      sums.sessions.add(trace.sessionId);
      addSpend(sessions, trace.sessionId, costUsd);
    }
  }

  for (const day of firstDayOfUser.values()) {
    (days.get(day) as DaySums).newUsers++;
  }

  const perDay: UsersDay[] = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, sums]) => ({
      day,
      activeUsers: sums.users.size,
      newUsers: sums.newUsers,
      returningUsers: sums.users.size - sums.newUsers,
      sessions: sums.sessions.size,
      costUsd: roundCostUsd(sums.costUsd),
    }));

  return {
    users: users.size,
    sessions: sessions.size,
    perDay,
    costPerUserUsd: averageCost(users),
    costPerSessionUsd: averageCost(sessions),
    topUsers: topSpenders(users, topN),
    topSessions: topSpenders(sessions, topN),
  };
}

function addSpend(map: Map<string, SpenderSums>, id: string, costUsd: number): void {
  let sums = map.get(id);
  if (sums === undefined) {
    sums = new SpenderSums();
    map.set(id, sums);
  }
  sums.costUsd += costUsd;
  sums.traces++;
}

function averageCost(map: Map<string, SpenderSums>): number {
  if (map.size === 0) {
    return 0;
  }
  let total = 0;
  for (const sums of map.values()) {
    total += sums.costUsd;
  }
  return roundCostUsd(total / map.size);
}

function topSpenders(map: Map<string, SpenderSums>, topN: number): Spender[] {
  return [...map.entries()]
    .sort(([idA, a], [idB, b]) => b.costUsd - a.costUsd || idA.localeCompare(idB))
    .slice(0, topN)
    .map(([id, sums]) => ({ id, costUsd: roundCostUsd(sums.costUsd), traces: sums.traces }));
}
