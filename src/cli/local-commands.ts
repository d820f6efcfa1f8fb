/** Commands that never go through a running server: they work without the database or own it. */
export const LOCAL_COMMANDS = new Set(["serve", "worker", "doctor", "help"]);
