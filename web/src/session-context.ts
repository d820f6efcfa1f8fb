import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ConsoleSessionQuery } from "../../generated/graphql";

/** The signed-in organization and key; `canWrite` is false for viewer keys (no write buttons). */
export interface Session {
  org: ConsoleSessionQuery["organization"];
  key: ConsoleSessionQuery["currentApiKey"];
  canWrite: boolean;
  currency: string;
}

export const SessionContext = createContext<Session | null>(null);
export const useSession = (): Session => useContext(SessionContext)!;
