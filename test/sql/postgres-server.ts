// A throw-away PostgreSQL for the tests: initdb into a temporary folder, the server on a unix socket
// in it (no TCP port), psql to load CSV files and run queries, stopped by stop(). PostgreSQL refuses
// to run as root, and CI runs as root: there every binary runs as the postgres user (runuser), the
// folder chowned to it. For *.cli.test.ts files only (child processes).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin), or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : undefined;
}

export interface Postgres {
  /** Runs a psql script (\copy lines and SQL) and returns the last query's rows, read from psql's CSV output. */
  query(script: string): Promise<Record<string, string>[]>;
  dir: string;
  stop(): void;
}

function ids(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Starts a server; throws with initdb's or the server's own output when it cannot. */
export async function startPostgres(bin: string): Promise<Postgres> {
  const dir = mkdtempSync(join(tmpdir(), 'sla-pg-'));
  const asRoot = process.getuid?.() === 0;
  // As root: every command through runuser, the folder (and the data files the tests write) the postgres user's.
  const cmd = (tool: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]);
  if (asRoot) {
    const { uid, gid } = ids('postgres');
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const [initCmd, initArgs] = cmd('initdb', ['-D', data, '-U', 'sla', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  // The server's own settings: no TCP, the socket in the folder, small and unsynced (throw-away data).
  const [serverCmd, serverArgs] = cmd('postgres', ['-D', data, '-k', dir, '-c', "listen_addresses=", '-c', 'fsync=off', '-c', 'shared_buffers=16MB', '-c', 'max_connections=10', '-c', 'TimeZone=UTC']);
  const server: ChildProcess = spawn(serverCmd, serverArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const stop = () => {
    // The postmaster's own pid (under runuser the child is runuser, which does not pass SIGINT on):
    // SIGINT is PostgreSQL's fast shutdown, SIGQUIT its immediate one, if fast takes too long.
    const pidFile = join(data, 'postmaster.pid');
    const signal = (sig: NodeJS.Signals) => {
      try {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, sig);
      } catch { /* not running, or gone already */ }
    };
    signal('SIGINT');
    const wait = (ms: number) => {
      const deadline = Date.now() + ms;
      while (existsSync(pidFile) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
    };
    wait(10_000);
    if (existsSync(pidFile)) signal('SIGQUIT');
    wait(5_000);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when pg_isready says so (a few seconds at most on a loaded machine).
  const [readyCmd, readyArgs] = cmd('pg_isready', ['-h', dir, '-U', 'sla', '-d', 'postgres', '-q']);
  for (let i = 0; ; i++) {
    if (spawnSync(readyCmd, readyArgs).status === 0) break;
    if (server.exitCode !== null || i > 300) {
      stop();
      throw new Error(`the PostgreSQL server did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let n = 0;
  const query = (script: string): Promise<Record<string, string>[]> => {
    const file = join(dir, `script-${n++}.sql`);
    writeFileSync(file, script);
    if (asRoot) chmodSync(file, 0o644);
    const [psqlCmd, psqlArgs] = cmd('psql', ['-h', dir, '-U', 'sla', '-d', 'postgres', '-X', '-q', '--csv', '-v', 'ON_ERROR_STOP=1', '-f', file]);
    return new Promise((resolve, reject) => {
      const psql = spawn(psqlCmd, psqlArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      psql.stdout.on('data', (d: Buffer) => (out += d.toString()));
      psql.stderr.on('data', (d: Buffer) => (err += d.toString()));
      psql.on('close', (code) => {
        rmSync(file, { force: true });
        if (code !== 0) reject(new Error(err.trim() || `psql exited with ${code}`));
        else resolve(parseCsv(out));
      });
    });
  };
  return { query, dir, stop };
}

/** psql's --csv output: a header, then rows; quoted fields may hold commas, quotes and line ends. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false, i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  if (header === undefined) return [];
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

/** A psql script that loads a CSV file (every column as text) into a temporary table, then runs the query. */
export function loadAndRun(csvPath: string, columns: string[], table: string, query: string): string {
  const cols = columns.map((c) => `"${c.replace(/"/g, '""')}" TEXT`).join(', ');
  return [
    `CREATE TEMPORARY TABLE "${table}" (${cols});`,
    `\\copy "${table}" FROM '${csvPath.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`,
    query,
  ].join('\n');
}
