/** AWS's wording in one place: violations rendered from the validator's records, and messages read back. */
import { loadOperation } from '../src/spec/load';
import { validateInput } from '../src/spec/validate';
import { memberPathsIn, membersNamedIn, messageShape, validationMessage } from '../src/spec/wording';

const op = loadOperation('CreateEndpointConfig');

describe('the reference validator', () => {
  it('returns records: where, which member and kind, the bound, the clause', () => {
    const result = validateInput(op.input, {
      EndpointConfigName: 'x'.repeat(64),
      ProductionVariants: [
        { VariantName: 'a', ModelName: 'm', InstanceType: 'ml.m5.large' },
        { VariantName: 'b', ModelName: 'm', InstanceType: 'ml.nope' },
      ],
    });
    expect(result.kind).toBe('invalid');
    const violations = result.kind === 'invalid' ? result.violations : [];
    expect(violations.map(({ at, member, positions, kind, bound }) => ({ at, member, positions, kind, bound }))).toEqual([
      { at: 'endpointConfigName', member: 'EndpointConfigName', positions: [], kind: 'length', bound: { side: 'max', limit: 63 } },
      { at: 'endpointConfigName', member: 'EndpointConfigName', positions: [], kind: 'pattern', bound: undefined },
      { at: 'productionVariants.2.member.instanceType', member: 'ProductionVariants[].InstanceType', positions: [1], kind: 'enum', bound: undefined },
    ]);
    expect(violations.every((v) => v.clause !== undefined)).toBe(true);
    expect(validationMessage(violations)).toMatch(
      /^3 validation errors detected: Value 'x{64}' at 'endpointConfigName' failed to satisfy constraint: Member must have length less than or equal to 63; .*; Value 'ml.nope' at 'productionVariants.2.member.instanceType' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    );
  });
});

describe("a target's message read back", () => {
  it('names members by their whole paths', () => {
    const message = "1 validation error detected: Value 'a' at 'productionVariants.1.member.instanceType' failed to satisfy constraint";
    expect(memberPathsIn(message)).toEqual(['productionVariants.1.member.instanceType']);
    expect(membersNamedIn(op, message).map((m) => m.id)).toEqual(['ProductionVariants[].InstanceType']);
  });

  it('masks values into a shape, as the three patterns did', () => {
    const old = (m: string) =>
      m
        .replace(/'[^']*'|"[^"]*"/g, "'…'")
        .replace(/\[[^\]]*\]/g, '[…]')
        .replace(/\d+/g, 'n')
        .slice(0, 100);
    for (const m of ["Value 'x' at 'a.1.member.b' failed: [ml.t2, ml.m5] and [open", 'a [b [c] d] e "q" 12', '[[[', ']]][x]']) {
      expect(messageShape(m)).toBe(old(m));
    }
  });

  it('reads a hostile message in linear time', () => {
    const started = Date.now();
    messageShape('['.repeat(1_000_000));
    memberPathsIn(`${"at '".repeat(300_000)}`);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
