import * as assert from 'node:assert/strict';
import { median, medianAbsoluteDeviation, robustScore } from '../../src/alerts/robustStatistics';

describe('robust statistics', () => {
  it('median of odd and even counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('median leaves the input unsorted', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });

  it('MAD ignores one outlier', () => {
    // Median 100; deviations 0,2,2,1,1,0,200 sorted 0,0,1,1,2,2,200: median 1.
    assert.equal(medianAbsoluteDeviation([100, 102, 98, 101, 99, 100, 300]), 1);
  });

  it('robustScore on a spread baseline', () => {
    // Median 1000; deviations 0,200,200,100,100,0,50: MAD 100, scale 148.26.
    const score = robustScore(1600, [1000, 1200, 800, 1100, 900, 1000, 1050]);

    assert.equal(score.median, 1000);
    assert.equal(score.mad, 100);
    assert.equal(score.scale, 148.26);
    assert.ok(Math.abs(score.score - 600 / 148.26) < 1e-12);
  });

  it('robustScore is negative below the baseline', () => {
    const score = robustScore(700, [1000, 1200, 800, 1100, 900, 1000, 1050]);
    assert.ok(Math.abs(score.score - -300 / 148.26) < 1e-12);
  });

  it('robustScore floors the scale at 5% of the median', () => {
    // MAD 1 gives 1.4826, below 5% of 100.
    const score = robustScore(130, [100, 102, 98, 101, 99, 100, 300]);

    assert.equal(score.scale, 5);
    assert.equal(score.score, 6);
  });

  it('robustScore on a flat baseline stays finite', () => {
    const score = robustScore(550, [500, 500, 500, 500, 500]);

    assert.equal(score.mad, 0);
    assert.equal(score.scale, 25);
    assert.equal(score.score, 2);
  });

  it('robustScore floors the scale at 1 unit', () => {
    const score = robustScore(3, [0, 0, 0]);
    assert.equal(score.score, 3);
  });
});
