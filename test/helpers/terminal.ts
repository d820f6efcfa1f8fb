import { spawn } from "node:child_process";

/**
 * Start `node <args>` on a pseudo-terminal of `cols` columns, as a user at a terminal does, through
 * util-linux `script` (no pty library needed). `type` sends keys: "\x03" is Ctrl-C, which the
 * terminal turns into SIGINT for the program, as it does for a user.
 */
export function startOnTerminal(args: string[], env: Record<string, string | undefined>, cols = 160) {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return startShellOnTerminal(`exec ${[process.execPath, ...args].map(quote).join(" ")}`, env, cols);
}

/** Start a shell command line (e.g. `npm start | tee log`) on a pseudo-terminal, in `cwd`; see startOnTerminal. */
export function startShellOnTerminal(command: string, env: Record<string, string | undefined>, cols = 160, cwd?: string) {
  const child = spawn("script", ["-qfec", `stty cols ${cols} rows 40; ${command}`, "/dev/null"], { cwd, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const done = new Promise<{ code: number | null; output: string }>((r) => child.on("close", (code) => r({ code, output })));
  return { child, done, output: () => output, type: (keys: string) => void child.stdin!.write(keys) };
}

/** Run `node <args>` on a pseudo-terminal to its end; resolves with everything the terminal received. */
export const runOnTerminal = (args: string[], env: Record<string, string | undefined>, cols = 160) => startOnTerminal(args, env, cols).done;

/**
 * What a terminal shows after receiving `output`, scrollback included: one string per row. Knows the
 * control sequences a line-oriented CLI uses (carriage return, cursor column/up/down, erase in line,
 * modes, colours) and throws on any other, so a test never judges a screen it cannot draw.
 */
export function screenOf(output: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = () => (rows[row] ??= []);
  // eslint-disable-next-line no-control-regex
  const token = /\x1b\[([?0-9;]*)([A-Za-z])|\x1b[()][0-9A-B]|[\r\n\x07\b]|[^\x1b\r\n\x07\b]/gu;
  for (const m of output.matchAll(token)) {
    const [t, params = "", op] = m;
    if (op) {
      const n = Number(params || (op === "K" || op === "J" ? 0 : 1));
      if (params.startsWith("?") && (op === "h" || op === "l")) continue; // modes: cursor, line wrap
      if (op === "m") continue; // colours
      if (op === "G") col = n - 1;
      else if (op === "A") row = Math.max(0, row - n);
      else if (op === "B") row += n;
      else if (op === "C") col += n;
      else if (op === "D") col = Math.max(0, col - n);
      else if (op === "K" && n === 0) line().length = Math.min(line().length, col);
      else if (op === "K" && n === 2) rows[row] = [];
      else if (op === "J" && n === 0) { line().length = Math.min(line().length, col); rows.length = row + 1; }
      else throw new Error(`screenOf: control sequence ESC[${params}${op} is not known`);
    } else if (t === "\r") col = 0;
    else if (t === "\n") row++;
    else if (t === "\b") col = Math.max(0, col - 1);
    else if (t.startsWith("\x1b")) continue; // character set selection
    else if (t !== "\x07") {
      const l = line();
      while (l.length < col) l.push(" ");
      l[col++] = t;
    }
  }
  return Array.from({ length: rows.length }, (_, i) => (rows[i] ?? []).join("").trimEnd());
}
