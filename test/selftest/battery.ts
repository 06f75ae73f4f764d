import { knownFaults } from '../../src/mock/faults';
import { batteryTable, runFaultBattery, scoreLine, type BatteryResult } from '../../src/selftest/battery';

/**
 * The self-test of one edition as a Jest suite: every observable fault caught, the clean mock passing every
 * case. One file per edition, so the two batteries run in parallel on Jest's two workers.
 */
export function describeBattery(spec: string): void {
  describe(`the fault battery of the ${spec} edition (npm run selftest)`, () => {
    const faults = knownFaults(spec);
    const observable = Object.entries(faults)
      .filter(([, f]) => !f.equivalent && !f.combination)
      .map(([name]) => name);
    const equivalent = Object.entries(faults).filter(([, f]) => f.equivalent);
    let result: BatteryResult;

    // The model edition's battery is a few hundred runs: it gets the time it needs on a loaded two-core machine.
    beforeAll(async () => {
      result = await runFaultBattery({ edition: spec });
    }, 300000);

    it('switches on at least 20 distinct faults', () => {
      expect(observable.length).toBeGreaterThanOrEqual(20);
      expect(result.total).toBe(observable.length);
    });

    it('passes every case against the unfaulted mock', () => {
      expect(result.clean.caughtBy).toEqual([]);
      expect(result.clean.leftovers).toBe(0);
    });

    it.each(observable)('catches %s', (name) => {
      const outcome = result.outcomes.find((o) => o.fault === name);
      // A fault in the delete operation itself leaves what it refuses to delete; any other leftover is the suite's.
      const leftovers = faults[name]!.leaves ? outcome?.leftovers : 0;
      expect({ fault: name, caught: outcome?.caught, leftovers: outcome?.leftovers }).toEqual({ fault: name, caught: true, leftovers });
    });

    it('scores 100% and says so in the table', () => {
      expect(scoreLine(result)).toBe(`${observable.length}/${observable.length} faults caught (100%)`);
      expect(batteryTable(result).join('\n')).not.toMatch(/MISSED/);
    });

    it.each(equivalent)('leaves out %s only with a reason', (name, fault) => {
      expect(fault.equivalent?.length).toBeGreaterThan(20);
      expect(result.excluded).toContainEqual({ fault: name, reason: fault.equivalent });
    });
  });
}
