import { enumValues, mergedTraits, shapeOf, traitSource, type SmithyMember, type SmithyModel, type Traits } from './smithy';
import { TRAIT_KINDS, type TraitKindName } from './trait-kinds';
import { idStep } from '../spec/member-path';

/** The kinds of rule a constraint trait puts on a member: the unit the completeness check counts in. */
export type { TraitKindName as ConstraintKind };

/** One constraint trait reachable from an operation's input: where it applies and where the model states it. */
export interface ModelConstraint {
  /** Member path in case-id form: `ProductionVariants[].ServerlessConfig.MemorySizeInMB`, `X[]` for a list's items. */
  path: string;
  kind: TraitKindName;
  /** The shape id and trait, with its arguments: `com.amazonaws.sagemaker#ProductionVariantList smithy.api#length min 1 max 10`. */
  source: string;
}

/** A member as the walk meets it: its path, the member (or list item) and the merged traits of member and target. */
export interface WalkedMember {
  path: string;
  /** `Shape$member` for a structure member, `Shape$member` of the list or map for items, keys and values. */
  memberId: string;
  member: SmithyMember;
  traits: Traits;
  /** The Smithy type of the target (`string`, `enum`, `list`, ...). */
  type: string;
}

export function traitArgs(trait: string, value: unknown): string {
  if (trait === 'smithy.api#pattern') return String(value);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(' ');
  }
  return '';
}

/** `Shape trait args`, the citation every imported constraint carries. */
export function citation(walked: WalkedMember, trait: string): string {
  const source = traitSource(walked.memberId, walked.member, trait);
  const args = traitArgs(trait, walked.traits[trait]);
  return `${source} ${trait}${args ? ` ${args}` : ''}`;
}

/** The constraints one member carries, in a fixed order. */
export function constraintsOf(model: SmithyModel, walked: WalkedMember): ModelConstraint[] {
  const out: ModelConstraint[] = [];
  const add = (kind: TraitKindName, trait: string) => out.push({ path: walked.path, kind, source: citation(walked, trait) });
  for (const { trait, kindOn } of TRAIT_KINDS) if (trait in walked.traits) add(kindOn(walked.type), trait);
  const target = shapeOf(model, walked.member.target);
  if (enumValues(target)) {
    out.push({
      path: walked.path,
      kind: 'enum',
      source: `${walked.member.target} ${target.type === 'intEnum' ? 'intEnum' : 'enum'} (${enumValues(target)!.length} values)`,
    });
  }
  return out;
}

/**
 * Visits every member reachable from a structure, depth first in model order: structure members, list items
 * (`X[]`), map keys and values (`X.$key`, `X.$value`). A shape already on the path is not entered again, so
 * recursive shapes end.
 */
export function walkMembers(model: SmithyModel, structureId: string, visit: (walked: WalkedMember) => void): void {
  const enter = (walked: WalkedMember, stack: readonly string[]) => {
    visit(walked);
    const target = walked.member.target;
    if (stack.includes(target)) return;
    const shape = shapeOf(model, target);
    const inner = [...stack, target];
    if (shape.type === 'structure' || shape.type === 'union') {
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const path = idStep(walked.path, name);
        enter({ path, memberId: `${target}$${name}`, member, traits: mergedTraits(model, member), type: shapeOf(model, member.target).type }, inner);
      }
    } else if ((shape.type === 'list' || shape.type === 'set') && shape.member) {
      const item = shape.member;
      enter(
        {
          path: idStep(walked.path, '[]'),
          memberId: `${target}$member`,
          member: item,
          traits: mergedTraits(model, item),
          type: shapeOf(model, item.target).type,
        },
        inner,
      );
    } else if (shape.type === 'map' && shape.key && shape.value) {
      for (const [part, member] of [
        ['key', shape.key],
        ['value', shape.value],
      ] as const) {
        enter(
          {
            path: idStep(walked.path, `$${part}`),
            memberId: `${target}$${part}`,
            member,
            traits: mergedTraits(model, member),
            type: shapeOf(model, member.target).type,
          },
          inner,
        );
      }
    }
  };
  const root = shapeOf(model, structureId);
  for (const [name, member] of Object.entries(root.members ?? {})) {
    enter({ path: name, memberId: `${structureId}$${name}`, member, traits: mergedTraits(model, member), type: shapeOf(model, member.target).type }, [
      structureId,
    ]);
  }
}

/** Every constraint trait reachable from the operation's input structure: the set the case table must cover. */
export function inputConstraints(model: SmithyModel, inputId: string): ModelConstraint[] {
  const out: ModelConstraint[] = [];
  walkMembers(model, inputId, (walked) => out.push(...constraintsOf(model, walked)));
  return out;
}
