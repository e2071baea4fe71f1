import * as assert from 'node:assert/strict';
import { ManualClock } from '../../src/refresh/clock';
import { RequestBudget } from '../../src/refresh/requestBudget';
import { RefreshScheduler } from '../../src/refresh/scheduler';

const MINUTE_MS = 60_000;

/** A refresh task that records calls and can be set to fail or to wait until released. */
class FakeRefresh {
  calls = 0;
  running = 0;
  maxRunning = 0;
  failNext = 0;
  private release: (() => void) | undefined;
  hold = false;

  readonly run = async (): Promise<void> => {
    this.calls++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.hold) {
        await new Promise<void>((resolve) => (this.release = resolve));
      }
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('503 from the server');
      }
    } finally {
      this.running--;
    }
  };

  finish(): void {
    this.hold = false;
    this.release?.();
  }
}

describe('refresh scheduler', () => {
  let clock: ManualClock;
  let task: FakeRefresh;
  let scheduler: RefreshScheduler;

  beforeEach(() => {
    clock = new ManualClock(0);
    task = new FakeRefresh();
    scheduler = new RefreshScheduler({
      clock,
      intervalMs: 5 * MINUTE_MS,
      refresh: task.run,
      pauseAfterUnfocusedMs: 10 * MINUTE_MS,
    });
  });

  afterEach(() => {
    scheduler.stop();
  });

  it('refreshes at start and every interval', async () => {
    await scheduler.start();
    assert.equal(task.calls, 1);

    await clock.advance(5 * MINUTE_MS - 1);
    assert.equal(task.calls, 1);
    await clock.advance(1);
    assert.equal(task.calls, 2);
    await clock.advance(10 * MINUTE_MS);
    assert.equal(task.calls, 4);
  });

  it('never runs two refreshes at once', async () => {
    task.hold = true;
    const first = scheduler.start();
    const second = scheduler.refreshNow();
    await clock.advance(20 * MINUTE_MS);

    assert.equal(task.calls, 1);
    task.finish();
    await Promise.all([first, second]);
    assert.equal(task.maxRunning, 1);
  });

  it('backs off after failures', async () => {
    task.failNext = 3;
    const errors: unknown[] = [];
    scheduler = new RefreshScheduler({
      clock,
      intervalMs: 5 * MINUTE_MS,
      refresh: task.run,
      backoff: { baseMs: 30_000, maxMs: 90_000 },
      onError: (error) => errors.push(error),
    });

    await scheduler.start();
    assert.equal(scheduler.consecutiveFailures, 1);
    await clock.advance(30_000);
    assert.equal(task.calls, 2);
    await clock.advance(59_999);
    assert.equal(task.calls, 2);
    await clock.advance(1);
    assert.equal(task.calls, 3);
    // The third delay would be 120 s but is capped at 90 s.
    await clock.advance(90_000);
    assert.equal(task.calls, 4);
    assert.equal(scheduler.consecutiveFailures, 0);
    assert.equal(errors.length, 3);

    await clock.advance(5 * MINUTE_MS);
    assert.equal(task.calls, 5);
  });

  it('pauses while unfocused and catches up on focus', async () => {
    await scheduler.start();
    scheduler.setFocused(false);

    await clock.advance(5 * MINUTE_MS);
    assert.equal(task.calls, 2, 'still refreshes in the first 10 minutes');
    await clock.advance(30 * MINUTE_MS);
    assert.equal(task.calls, 2);
    assert.equal(scheduler.isPaused, true);

    scheduler.setFocused(true);
    await clock.advance(0);
    assert.equal(task.calls, 3);
    await clock.advance(5 * MINUTE_MS);
    assert.equal(task.calls, 4);
  });

  it('waits for the request budget', async () => {
    const budget = new RequestBudget(clock, 30, 1);
    budget.charge(3);
    scheduler = new RefreshScheduler({
      clock,
      intervalMs: 5 * MINUTE_MS,
      refresh: task.run,
      budget,
    });

    // The balance is 1 - 3 = -2, so one request is 3 refills of 2 s away.
    await scheduler.start();
    assert.equal(task.calls, 0);
    await clock.advance(5_999);
    assert.equal(task.calls, 0);
    await clock.advance(1);
    assert.equal(task.calls, 1);
  });

  it('stop aborts and ends the timer', async () => {
    await scheduler.start();
    scheduler.stop();
    await clock.advance(60 * MINUTE_MS);

    assert.equal(task.calls, 1);
    assert.equal(clock.pendingTimers, 0);
  });
});

describe('request budget', () => {
  it('allows the burst, then one request per interval', async () => {
    const clock = new ManualClock(0);
    const budget = new RequestBudget(clock, 30, 3);
    for (let i = 0; i < 3; i++) {
      await budget.take();
    }
    assert.equal(budget.msUntilAvailable(), 2000);

    let taken = false;
    const waiting = budget.take().then(() => (taken = true));
    await clock.advance(1999);
    assert.equal(taken, false);
    await clock.advance(1);
    await waiting;
    assert.equal(taken, true);
  });

  it('charges retries beyond the tokens taken', () => {
    const clock = new ManualClock(0);
    const budget = new RequestBudget(clock, 60, 10);
    budget.charge(12);

    assert.equal(budget.available, -2);
    assert.equal(budget.msUntilAvailable(), 3000);
  });

  it('rejects a zero budget', () => {
    assert.throws(() => new RequestBudget(new ManualClock(0), 0), /request budget 0 per minute/);
  });

  it('take rejects when aborted', async () => {
    const clock = new ManualClock(0);
    const budget = new RequestBudget(clock, 1, 1);
    await budget.take();
    const controller = new AbortController();
    const waiting = budget.take(controller.signal);
    controller.abort(new Error('stopped'));

    await assert.rejects(waiting, /stopped/);
    assert.equal(clock.pendingTimers, 0);
  });
});
