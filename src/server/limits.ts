import {
  GraphQLError, Kind, Lexer, Source, TokenKind, specifiedRules,
  type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from "graphql";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";

export interface Limits {
  maxDepth: number;
  maxCost: number;
  /** Aliased fields per operation, fragments counted where spread. */
  maxAliases: number;
  /** Directives per operation (`@include`, `@skip` …). */
  maxDirectives: number;
  /** Lexical tokens per document; the parser stops past it. */
  maxTokens: number;
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

// GraphQL Armor counts; we report its rejection as our own error, naming the setting to change.
const armorLimit = (what: string, env: string, fix: string) => (context: ValidationContext | null, error: GraphQLError) => {
  const found = /found (\d+)/.exec(error.message)?.[1];
  const limit = /limit of (\d+)/.exec(error.message)?.[1];
  context?.reportError(new GraphQLError(`This operation has ${found} ${what}; the limit is ${limit} (${env}). ${fix}`));
};

/** The validation rules applied to every operation, on HTTP and WebSocket alike. */
export function validationRules(limits: Limits): ValidationRule[] {
  return [
    depthLimitRule(limits.maxDepth),
    maxAliasesRule({ n: limits.maxAliases, allowList: [], propagateOnRejection: false,
      onReject: [armorLimit("aliases", "GRAPHQL_MAX_ALIASES", "Split it into several requests.")] }),
    maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false,
      onReject: [armorLimit("directives", "GRAPHQL_MAX_DIRECTIVES", "Use fewer @include/@skip directives, or send separate operations.")] }),
    ...(limits.introspection ? [] : [noIntrospectionRule]),
  ];
}

/** Parser options for every transport: a document longer than `maxTokens` is refused before it is parsed whole. */
export const parseOptions = (limits: Limits) => ({ maxTokens: limits.maxTokens });

/** graphql-js's token-limit message ("more that N tokens", sic), rewritten to name the setting and what to do. */
export function explainParseError(message: string): string {
  const n = /contains more tha[nt] (\d+) tokens/.exec(message)?.[1];
  return n ? `Syntax Error: This document has more than ${n} tokens; the limit is ${n} (GRAPHQL_MAX_TOKENS). Send a shorter document (pass long lists as variables).` : message;
}

// How deep brackets ({ [ ( ) may nest: far beyond any real operation (GRAPHQL_MAX_DEPTH counts fields), far below where
// graphql-js's recursive parser and validation overflow the stack (about 2,000 on Node's default stack).
export const MAX_NESTING = 100;
const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * The syntax error for a document that nests brackets deeper than MAX_NESTING, found by the lexer alone (iterative, within
 * the token limit), before the recursive parser sees it; undefined otherwise (lexing errors are left to the parser).
 */
export function nestingError(source: string, limits: Limits): string | undefined {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  try {
    for (let token = lexer.advance(), n = 0; token.kind !== TokenKind.EOF && n < limits.maxTokens; token = lexer.advance(), n++) {
      if (OPENING.has(token.kind) && ++depth > MAX_NESTING)
        return `Syntax Error: This document nests brackets more than ${MAX_NESTING} deep. Nest selections and values less deeply (the depth limit is ${limits.maxDepth} fields, GRAPHQL_MAX_DEPTH).`;
      if (CLOSING.has(token.kind)) depth--;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Every rule, including graphql-js's own, for transports that validate themselves (graphql-ws). */
export const allValidationRules = (limits: Limits) => [...specifiedRules, ...validationRules(limits)];
