// Who sla is, in one place: the npm package name, the version, where the code and the issues live.
// Read from package.json (esbuild inlines it into dist/), so a release changes one file.
import pkg from '../../package.json' with { type: 'json' };

/** The npm package users install and CI pins; the command it provides is still `sla`. */
export const PACKAGE_NAME: string = pkg.name;
export const VERSION: string = pkg.version;
export const HOMEPAGE: string = pkg.homepage;
export const REPOSITORY_URL: string = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
export const ISSUES_URL: string = pkg.bugs.url;

/** The exact package spec a workflow installs: never a range, never an unpinned name. */
export const PINNED_PACKAGE = `${PACKAGE_NAME}@${VERSION}`;
