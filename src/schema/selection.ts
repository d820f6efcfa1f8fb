import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/** Field names selected at `path` below the current field (through fragments and inline fragments). */
export function selectedFieldsAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const found = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, depth: number) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === "InlineFragment") walk(s.selectionSet, depth);
      else if (s.kind === "FragmentSpread") walk((info.fragments[s.name.value] as FragmentDefinitionNode | undefined)?.selectionSet, depth);
      else if (depth === path.length) found.add(s.name.value);
      else if (s.name.value === path[depth]) walk(s.selectionSet, depth + 1);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, 0);
  return found;
}
