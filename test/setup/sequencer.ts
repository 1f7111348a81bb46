// The order files start in: the pdf project first, then cli, duckdb, unit; within each, vitest's own
// order (files that failed last time, then the longest by its results cache, unknown files first).
// vitest's default runs the projects by name (cli, pdf, unit), which started the minute-long PDF
// files in the middle of the run. The unit project's many short files go last and fill both cores to
// the end. A project stays in one block because a non-isolated worker (cli, unit) is reused only for a
// next file of its own project: interleaving projects would start a fresh worker for most files.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const RANK: Record<string, number> = { pdf: 0, cli: 1, duckdb: 2, unit: 3 };

export default class ProjectsLongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: vitest's order within a project is kept.
    return sorted.sort((a, b) => (RANK[a.project.name] ?? 3) - (RANK[b.project.name] ?? 3));
  }
}
