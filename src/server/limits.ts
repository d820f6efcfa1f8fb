import {
  GraphQLError, Kind, specifiedRules,
  type ASTVisitor, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";

export interface Limits {
  maxDepth: number;
  maxCost: number;
  introspection: boolean;
}

/** Refuse operations nested deeper than `maxDepth` fields (fragments are followed). */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let max = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          if (s.name.value.startsWith("__")) continue;
          max = Math.max(max, 1 + depthOf(s.selectionSet, seen));
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(s.selectionSet, seen));
        } else if (!seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          max = Math.max(max, depthOf(f?.selectionSet, new Set([...seen, s.name.value])));
        }
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth)
          context.reportError(
            new GraphQLError(`This operation is ${depth} levels deep; the limit is ${maxDepth} (GRAPHQL_MAX_DEPTH). Split it into smaller queries.`, {
              nodes: [node],
            }),
          );
      },
    };
  };
}

/** Refuse __schema and __type when introspection is switched off (one error per operation). */
export const noIntrospectionRule: ValidationRule = (context) => {
  let reported = false;
  return {
    Field(node) {
      if (reported || (node.name.value !== "__schema" && node.name.value !== "__type")) return;
      reported = true;
      context.reportError(new GraphQLError("Introspection is switched off on this server (GRAPHQL_INTROSPECTION=false).", { nodes: [node] }));
    },
  };
};

/** The validation rules applied to every operation, on HTTP and WebSocket alike. */
export function validationRules(limits: Limits): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), ...(limits.introspection ? [] : [noIntrospectionRule])];
}

/** Every rule, including graphql-js's own, for transports that validate themselves (graphql-ws). */
export const allValidationRules = (limits: Limits) => [...specifiedRules, ...validationRules(limits)];

// A list field costs its page size (`first`, `limit`) times what each item selects.
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = typeof args.first === "number" ? args.first : typeof args.limit === "number" ? args.limit : undefined;
  return size === undefined ? undefined : 1 + Math.max(size, 1) * Math.max(childComplexity, 1);
};

/** Throw a GraphQL error when an operation's estimated cost exceeds the limit. */
export function assertCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, limits: Limits): void {
  const cost = getComplexity({
    schema, query: document, variables: variables ?? {}, operationName,
    estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  if (cost > limits.maxCost)
    throw new GraphQLError(`This operation's estimated cost is ${cost}; the limit is ${limits.maxCost} (GRAPHQL_MAX_COST). Ask for smaller pages or fewer fields.`, {
      extensions: { code: "QUERY_TOO_COSTLY", cost, maxCost: limits.maxCost },
    });
}
