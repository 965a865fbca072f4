import { type DocumentNode, Kind, type SelectionSetNode, type ValueNode } from 'graphql';

/** How a list field multiplies the cost of what it selects. */
export interface CostModel {
  /** Multiplier of a list field from its arguments (e.g. `limit`); absent: the field is not a list. */
  listSize: Record<string, (args: Record<string, unknown>) => number>;
}

function argValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.LIST:
      return node.values.map((v) => argValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, argValue(f.value, variables)]));
    default:
      return null;
  }
}

/**
 * Estimates what a GraphQL operation costs before it runs: every field costs 1, and a list
 * field multiplies the cost of its selection by the items it may return (`limit`, the number
 * of ids asked). Fragments are followed. Written here because the rule is the product's own
 * (its list sizes), not a general-purpose complexity library's.
 *
 * @example
 * estimateQueryCost(parse('{ phones(limit: 100) { phone_id } }'), {}, { listSize: { phones: (a) => Number(a.limit) } }); // 101
 */
export function estimateQueryCost(
  document: DocumentNode,
  variables: Record<string, unknown>,
  model: CostModel,
): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  }
  const walk = (set: SelectionSetNode, seen: Set<string>): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        const args = Object.fromEntries(
          (s.arguments ?? []).map((a) => [a.name.value, argValue(a.value, variables)]),
        );
        const size = model.listSize[name]?.(args) ?? 1;
        cost += 1 + (s.selectionSet ? size * walk(s.selectionSet, seen) : 0);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(s.selectionSet, seen);
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) cost += walk(fragment, new Set([...seen, name]));
      }
    }
    return cost;
  };
  let total = 0;
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) total += walk(d.selectionSet, new Set());
  }
  return total;
}
