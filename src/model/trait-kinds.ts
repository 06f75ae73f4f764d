/**
 * The one table from Smithy's constraint traits to the member kinds the spec has (src/spec/kinds/): the importer
 * turns each trait into its kind's field, the completeness walk counts constraints by it, and the change summary
 * reports a member's constraints in its order. An enum is its target shape's type, not a trait.
 */
export type TraitKindName = 'required' | 'length' | 'count' | 'range' | 'pattern' | 'enum';

/** Each constraint trait, in the order a member's constraints are listed, and the kind it is on a member of a Smithy type. */
export const TRAIT_KINDS: readonly { trait: string; kindOn: (smithyType: string) => TraitKindName }[] = [
  { trait: 'smithy.api#required', kindOn: () => 'required' },
  // A length on a list, set or map counts its entries.
  { trait: 'smithy.api#length', kindOn: (type) => (type === 'list' || type === 'set' || type === 'map' ? 'count' : 'length') },
  { trait: 'smithy.api#range', kindOn: () => 'range' },
  { trait: 'smithy.api#pattern', kindOn: () => 'pattern' },
];

/** Every kind a constraint of the model becomes, in the table's order (the enum last). */
export const CONSTRAINT_KINDS: readonly TraitKindName[] = ['required', 'length', 'count', 'range', 'pattern', 'enum'];

/** The kind a trait is on a member whose target has this Smithy type; undefined for a trait that is no constraint. */
export function kindOfTrait(trait: string, smithyType: string): TraitKindName | undefined {
  return TRAIT_KINDS.find((t) => t.trait === trait)?.kindOn(smithyType);
}
