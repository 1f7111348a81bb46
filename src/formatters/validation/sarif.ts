// SARIF 2.1.0 for GitHub code scanning (upload with github/codeql-action/upload-sarif).
import type { Log, ReportingDescriptor, Result } from 'sarif';
import pkg from '../../../package.json' with { type: 'json' };
import { RULES } from '../../core/rules/index.js';
import type { ValidationFormatter } from './types.js';

const HOME = 'https://github.com/sla-as-code/sla';
const docsUrl = (docs: string) => `${HOME}/blob/main/${docs}`;

/** Problems that are not rules of the registry (YAML and schema checks) have one page each. */
function otherRule(id: string): ReportingDescriptor {
  const [kind] = id.split('/');
  const text = kind === 'yaml' ? 'the file is not readable YAML of the expected shape' : kind === 'schema' ? 'the agreement does not follow the JSON Schema (schemas/sla.schema.json)' : 'a problem found by sla validate';
  return { id, shortDescription: { text }, helpUri: docsUrl(kind === 'schema' ? 'README.md#the-sla-file-format' : 'README.md#sla-validate') };
}

/** One run, every registry rule described, each problem a result at its file, line and column. */
export const sarif: ValidationFormatter = (result, { uriOf }) => {
  const rules: ReportingDescriptor[] = RULES.map((r) => ({ id: `rule/${r.id}`, shortDescription: { text: r.description }, helpUri: docsUrl(r.docs), defaultConfiguration: { level: r.severity === 'error' ? 'error' : 'warning' } }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = [];
  for (const file of result.files) {
    for (const p of file.problems) {
      if (!index.has(p.rule)) {
        index.set(p.rule, rules.length);
        rules.push(otherRule(p.rule));
      }
      results.push({
        ruleId: p.rule,
        ruleIndex: index.get(p.rule)!,
        level: p.severity === 'error' ? 'error' : 'warning',
        message: { text: p.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: (uriOf ?? ((f: string) => f))(file.file), uriBaseId: '%SRCROOT%' }, region: { startLine: p.line, startColumn: p.column } } }],
      });
    }
  }
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'sla', version: pkg.version, semanticVersion: pkg.version, informationUri: HOME, rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
