// sla.config.yaml: parsed and checked here (pure); found and read in services/config-file.ts.
import schema from '../../../schemas/sla-config.schema.json' with { type: 'json' };
// Generated at build time from the schema (src/build/build.mjs), like the agreement's validator.
import validateConfig from '../generated/config-validator.cjs';
import { checkSchema, closest } from '../load/schema-check.js';
import { locate, parseYaml } from '../load/yaml-source.js';
import { escapePointerSegment, hasErrors, sortProblems, type Problem } from '../problems.js';
import { RULES, type RuleSeverities } from '../rules/index.js';

/** The settings of a config file, paths still relative to its folder. */
export interface SlaConfig {
  ignore?: string[];
  rules?: Record<string, 'off' | 'warn' | 'error'>;
  render?: { paper?: 'a4' | 'letter'; css?: string; template?: string };
  check?: { metrics?: Record<string, string>; 'allow-missing'?: boolean; source?: string };
  site?: { output?: string; paths?: string[]; pdf?: boolean };
}

export interface ParsedConfig {
  config?: SlaConfig;
  problems: Problem[];
}

/** The config file's text to settings, or located problems (YAML, schema, unknown rule ids). */
export function parseConfig(text: string): ParsedConfig {
  const source = parseYaml(text);
  const problems: Problem[] = [...source.problems];
  if (!hasErrors(problems)) {
    problems.push(...checkSchema(source, { validate: validateConfig as unknown as (data: unknown) => boolean, schema }));
    const rules = (source.data as SlaConfig | undefined)?.rules;
    if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
      const ids = RULES.map((r) => r.id);
      for (const id of Object.keys(rules)) {
        if (ids.includes(id)) continue;
        const bare = id.replace(/^rule\//, '');
        const suggestion = ids.includes(bare) ? bare : closest(bare, ids);
        const path = `/rules/${escapePointerSegment(id)}`;
        problems.push({ severity: 'error', path, rule: 'config/unknown-rule', ...locate(source, path, 'key'), message: `unknown rule "${id}" in rules${suggestion ? `; did you mean "${suggestion}"?` : '; the rule ids are listed in docs/rules.md'}` });
      }
    }
  }
  return hasErrors(problems) ? { problems: sortProblems(problems) } : { config: (source.data ?? {}) as SlaConfig, problems };
}

export const ruleSeverities = (config: SlaConfig | undefined): RuleSeverities => config?.rules ?? {};
