// The GitHub Actions workflow `sla init --ci github` writes.

export interface WorkflowOptions {
  /** The agreement's path from the repository root, with forward slashes. */
  slaPath: string;
  metricsPath?: string | undefined;
  version: string;
}

/** Paths go into YAML and a shell command: anything beyond plain path characters is quoted for both. */
function shellPath(path: string): string {
  return /^[A-Za-z0-9._\/-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

export function githubWorkflow(o: WorkflowOptions): string {
  const sla = shellPath(o.slaPath);
  const check = o.metricsPath
    ? `
      # Once real metrics are exported here, this measures them against the targets:
      # - run: npx --yes sla@${o.version} check ${sla} ${shellPath(o.metricsPath)} --format github`
    : '';
  // A block scalar keeps any quoting of the command away from YAML's own quoting rules.
  return `# Checks the service level agreement on every push and pull request, with annotations on the
# lines that need fixing. Written by \`sla init --ci github\`.
name: SLA

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # sla is pinned to the version that wrote the agreement; raise it on purpose. Errors fail the
      # build and warnings show as annotations; add --strict to fail on warnings too.
      - run: |
          npx --yes sla@${o.version} validate --format github ${sla}${check}
`;
}
