import {
  BREAK, execute, getNamedType, GraphQLError, isAbstractType, TypeInfo, visit, visitWithTypeInfo,
  type DocumentNode, type ExecutionResult, type GraphQLSchema,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface["load"]>>["executor"]>;

/**
 * Queries run as JavaScript compiled per document by graphql-jit (https://github.com/zalando-incubator/graphql-jit)
 * instead of graphql-js's field-by-field interpreter. Apollo keeps its whole request pipeline (parse, validation,
 * plugins, error formatting): its `gateway` option is the documented way to supply an executor, and this "gateway"
 * only serves the local schema. Mutations, documents graphql-jit refuses to compile, and documents that select an
 * interface or union run on graphql-js: type-graphql's resolveType is async, which graphql-jit does not await.
 */
export interface JitExecutor {
  /** Pass to `new ApolloServer({ gateway })` in place of `schema`. */
  gateway: GatewayInterface;
  /** Compiled documents held (for tests and metrics). */
  size(): number;
}

// Each entry is a few generated functions (tens of kB); the LRU bounds memory when clients send many distinct documents.
const DEFAULT_MAX_DOCUMENTS = 500;

export function jitExecutor(schema: GraphQLSchema, maxDocuments = DEFAULT_MAX_DOCUMENTS): JitExecutor {
  // Keyed by Apollo's sha256 of the query text and the operation name; `false` remembers a document jit refused.
  const compiled = new LRUCache<string, CompiledQuery | false>({ max: maxDocuments });
  const compiledFor = (key: string, document: DocumentNode, operationName?: string): CompiledQuery | false => {
    let entry = compiled.get(key);
    if (entry === undefined) {
      const result = selectsAbstractType(schema, document) ? undefined : compileQuery(schema, document, operationName);
      entry = result && isCompiledQuery(result) ? (result as CompiledQuery) : false;
      compiled.set(key, entry);
    }
    return entry;
  };
  const executor: GatewayExecutor = async (request) => {
    const { document, operation, operationName, queryHash, context } = request;
    const variables = request.request.variables ?? {};
    if (operation.operation === "query") {
      const query = compiledFor(`${queryHash}\n${operationName ?? ""}`, document, operationName ?? undefined);
      if (query) return asGraphqlJsResult(await query.query(undefined, context, variables));
    }
    return (await execute({ schema, document, contextValue: context, variableValues: variables, operationName })) as never;
  };
  return {
    size: () => compiled.size,
    gateway: {
      load: async () => ({ schema, executor }),
      onSchemaLoadOrUpdate: (callback) => {
        callback({ apiSchema: schema, coreSupergraphSdl: "" });
        return () => {};
      },
      stop: async () => { compiled.clear(); },
    },
  };
}

/**
 * graphql-jit's errors lack what Apollo and graphql-js callers rely on (`extensions` is undefined when the thrown
 * error had none, and Apollo's error formatting then throws); rebuild each as graphql-js would have made it.
 */
function asGraphqlJsResult(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((e) => {
    const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions ?? undefined });
    // graphql-js computes locations from AST nodes; jit gives them computed.
    (error as { locations?: unknown }).locations = e.locations;
    return error;
  });
  return { ...result, errors };
}

/** Whether any field of the document returns an interface or a union (fragments included). */
function selectsAbstractType(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(document, visitWithTypeInfo(typeInfo, {
    Field() {
      if (isAbstractType(getNamedType(typeInfo.getType()))) { found = true; return BREAK; }
      return undefined;
    },
  }));
  return found;
}
