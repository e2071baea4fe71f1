import * as assert from 'node:assert/strict';
import { parsePriceOverrides } from '../../src/pricing/priceSettings';
import { PriceTable } from '../../src/pricing/priceTable';

describe('price settings', () => {
  it('reads valid prices', () => {
    const { prices, errors } = parsePriceOverrides({ 'my-model': { input: 1e-6, output: 2e-6 } });
    assert.deepEqual(prices, { 'my-model': { input: 1e-6, output: 2e-6 } });
    assert.deepEqual(errors, []);
  });

  it('drops invalid entries naming them', () => {
    const { prices, errors } = parsePriceOverrides({
      good: { input: 1e-6, output: -1 },
      bad: 'cheap',
    });
    assert.deepEqual(prices, { good: { input: 1e-6 } });
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /prices\.good\.output is -1/);
    assert.match(errors[1] ?? '', /prices\.bad must be an object/);
  });

  it('overrides win over bundled prices', () => {
    const { prices } = parsePriceOverrides({ 'gpt-4o': { input: 1, output: 1 } });
    const match = new PriceTable(prices).find('gpt-4o');
    assert.equal(match?.source, 'override');
  });
});
