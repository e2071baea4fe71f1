import * as assert from 'node:assert/strict';
import { Dataset } from '../../src/server/dataset';
import { OBSERVATION_FIELD_GROUPS, observationProjector } from '../../src/server/fieldGroups';
import { observationSerializer } from '../../src/server/observationJson';

describe('observation serializer', () => {
  const dataset = new Dataset({
    seed: 21,
    observations: 3000,
    days: 2,
    endMs: Date.UTC(2026, 0, 5),
  });
  const observations = [
    ...dataset.observationsV2(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
  ];

  const combinations = [
    [],
    ['basic'],
    ['usage', 'basic'],
    ['model', 'usage', 'prompt'],
    ['core', 'io', 'metadata', 'time', 'core'],
    Object.keys(OBSERVATION_FIELD_GROUPS),
  ];
  for (const groups of combinations) {
    it(`serializer equals JSON.stringify for [${groups.join(',')}]`, () => {
      const serialize = observationSerializer(groups);
      const project = observationProjector(groups);

      for (const observation of observations) {
        assert.equal(serialize(observation), JSON.stringify(project(observation)));
      }
    });
  }

  it('serializer escapes special characters', () => {
    const serialize = observationSerializer(['basic']);
    const project = observationProjector(['basic']);
    const observation = { ...(observations[0] as Record<string, unknown>) };
    observation.statusMessage = 'quote " backslash \\ newline \n tab \t lone \ud800 end';

    assert.equal(serialize(observation), JSON.stringify(project(observation)));
    assert.deepEqual(JSON.parse(serialize(observation)).statusMessage, observation.statusMessage);
  });
});
