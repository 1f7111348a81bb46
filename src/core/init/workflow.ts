// The CI files `sla init --ci github|gitlab` writes. Every command runs the package pinned to one
// exact version through `npx --package=<name>@<version>`: CI never fetches a name or a version it
// was not told, and never answers yes to installing something else.
import { PACKAGE_NAME } from '../product.js';

export type CiProvider = 'github' | 'gitlab';
export const CI_PROVIDERS: readonly CiProvider[] = ['github', 'gitlab'];

/** Where each provider reads its configuration, from the repository root. */
export const CI_FILES: Record<CiProvider, string> = {
  github: '.github/workflows/sla.yml',
  gitlab: '.gitlab-ci.yml',
};

/** The monthly run of `sla check`: the 2nd at 06:00 UTC, so the month before is complete. */
export const CHECK_CRON = '0 6 2 * *';

export interface WorkflowOptions {
  /** The agreement's path from the repository root, with forward slashes. */
  slaPath: string;
  /** The metrics CSV from the repository root: named in a comment, or measured when `check` is set. */
  metricsPath?: string | undefined;
  /** Also measure the metrics every month and keep the report as an artifact. */
  check?: boolean;
  version: string;
}

/** Paths go into YAML and a shell command: anything beyond plain path characters is quoted for both. */
function shellPath(path: string): string {
  return /^[A-Za-z0-9._\/-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The command prefix: the exact version of this package, never a bare or unscoped name. */
/** The start of every GitHub job: a runner, the repository and the Node.js sla supports. */
const GITHUB_NODE_JOB = `    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20`;

export function slaCommand(version: string): string {
  return `npx --package=${PACKAGE_NAME}@${version} sla`;
}

function checkable(o: WorkflowOptions): string | undefined {
  if (o.check && o.metricsPath === undefined) throw new Error('a scheduled check needs the metrics file');
  return o.check ? o.metricsPath : undefined;
}

export function githubWorkflow(o: WorkflowOptions): string {
  const sla = shellPath(o.slaPath);
  const run = slaCommand(o.version);
  const metrics = checkable(o);
  const hint =
    o.metricsPath && !metrics
      ? `
      # Once real metrics are exported here, this measures them against the targets
      # (or write this file again with sla init --ci github --ci-check, for a monthly check):
      # - run: ${run} check ${sla} ${shellPath(o.metricsPath)} --format github`
      : '';
  // The validate job runs on pushes and pull requests only: a scheduled run is the check's.
  const checkJob = metrics
    ? `
  check:
    # Measures the metrics against the targets once a month (and on demand from the Actions tab).
    # A breached KPI fails the run; the report is kept as an artifact either way.
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
${GITHUB_NODE_JOB}
      - name: Report
        run: |
          ${run} report ${sla} ${shellPath(metrics)} -o sla-report/report.html
      - name: Check
        run: |
          ${run} check ${sla} ${shellPath(metrics)} --format github
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: sla-report
          path: sla-report/
`
    : '';
  const on = metrics
    ? `on:
  push:
  pull_request:
  schedule:
    - cron: '${CHECK_CRON}'
  workflow_dispatch:`
    : `on:
  push:
  pull_request:`;
  // A block scalar keeps any quoting of the command away from YAML's own quoting rules.
  return `# Checks the service level agreement on every push and pull request, with annotations on the
# lines that need fixing. Written by \`sla init --ci github${metrics ? ' --ci-check' : ''}\`.
name: SLA

${on}

permissions:
  contents: read

jobs:
  validate:
    if: github.event_name == 'push' || github.event_name == 'pull_request'
${GITHUB_NODE_JOB}
      # ${PACKAGE_NAME} is pinned to the version that wrote this file; raise it on purpose. Errors
      # fail the build and warnings show as annotations; add --strict to fail on warnings too.
      - run: |
          ${run} validate --format github ${sla}${hint}
${checkJob}`;
}

export function gitlabCi(o: WorkflowOptions): string {
  const sla = shellPath(o.slaPath);
  const run = slaCommand(o.version);
  const metrics = checkable(o);
  const hint =
    o.metricsPath && !metrics
      ? `
# Once real metrics are exported to ${o.metricsPath}, sla init --ci gitlab --ci-check adds a job that
# measures them every month.`
      : '';
  const checkJob = metrics
    ? `
# Measures the metrics against the targets in scheduled pipelines: add a monthly schedule under
# Build > Pipeline schedules (for example "${CHECK_CRON}", the 2nd at 06:00). A breached KPI fails the
# job; the report and the JUnit results are kept either way.
sla-check:
  image: node:20
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule" || $CI_PIPELINE_SOURCE == "web"
  script:
    - |
      ${run} report ${sla} ${shellPath(metrics)} -o sla-report/report.html
    - |
      ${run} check ${sla} ${shellPath(metrics)} --format junit > sla-report/check.xml
  artifacts:
    when: always
    paths:
      - sla-report/
    reports:
      junit: sla-report/check.xml
`
    : '';
  return `# Checks the service level agreement on every push and merge request; GitLab shows the problems
# as test results. Written by \`sla init --ci gitlab${metrics ? ' --ci-check' : ''}\`. If this repository
# already has a .gitlab-ci.yml, copy the jobs below into it.${hint}

# ${PACKAGE_NAME} is pinned to the version that wrote this file; raise it on purpose.
# Add --strict to fail on warnings too.
sla-validate:
  image: node:20
  rules:
    - if: $CI_PIPELINE_SOURCE == "push" || $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - |
      ${run} validate --format junit ${sla} > sla-validate.xml
  artifacts:
    when: always
    reports:
      junit: sla-validate.xml
${checkJob}`;
}

export function ciFile(provider: CiProvider, o: WorkflowOptions): string {
  return provider === 'github' ? githubWorkflow(o) : gitlabCi(o);
}
