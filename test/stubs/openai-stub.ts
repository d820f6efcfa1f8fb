import { localEmbedding } from "../../src/analytics/embeddings/local-embedder.js";
import { startJsonStub, type JsonStub } from "./http-stub.js";

/** What the next chat completion returns: a tool call with these arguments, or plain text. */
export type ChatReply = { toolCall: { name: string; arguments: string } } | { content: string };

export interface OpenAiStub extends JsonStub {
  /** Base URL for the SDK (`…/v1`). */
  baseURL: string;
  /** Replies of the next chat completions, in order. */
  chatReplies: ChatReply[];
}

const error = (status: number, message: string, type: string) => ({ status, body: { error: { message, type, param: null, code: null } } });

/**
 * A stand-in for the OpenAI API (POST /v1/embeddings, POST /v1/chat/completions) that checks the
 * bearer key. Embeddings are the local n-gram embedding at the requested size, so they are
 * deterministic and texts that share words are close.
 */
export async function startOpenAiStub(apiKey: string): Promise<OpenAiStub> {
  const chatReplies: ChatReply[] = [];
  const stub = await startJsonStub((r) => {
    if (r.headers.authorization !== `Bearer ${apiKey}`) return error(401, "Incorrect API key provided.", "invalid_request_error");
    const body = r.body as Record<string, unknown>;
    if (r.method === "POST" && r.path === "/v1/embeddings") {
      const input = Array.isArray(body.input) ? (body.input as string[]) : [body.input as string];
      const dims = (body.dimensions as number | undefined) ?? 1536;
      return {
        status: 200,
        body: {
          object: "list", model: body.model, usage: { prompt_tokens: input.length, total_tokens: input.length },
          data: input.map((text, index) => ({ object: "embedding", index, embedding: localEmbedding(text, dims) })),
        },
      };
    }
    if (r.method === "POST" && r.path === "/v1/chat/completions") {
      const reply = chatReplies.shift();
      if (!reply) return error(500, "stub: no chat reply queued", "server_error");
      const message = "toolCall" in reply
        ? { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: reply.toolCall }] }
        : { role: "assistant", content: reply.content };
      return {
        status: 200,
        body: {
          id: "chatcmpl-stub", object: "chat.completion", created: 1_700_000_000, model: body.model,
          choices: [{ index: 0, message, finish_reason: "toolCall" in reply ? "tool_calls" : "stop", logprobs: null }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        },
      };
    }
    return error(404, `stub: no route ${r.method} ${r.path}`, "invalid_request_error");
  });
  return Object.assign(stub, { baseURL: `${stub.url}/v1`, chatReplies });
}
