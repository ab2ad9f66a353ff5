// Import rules for src/ (DESIGN.md, "Rules behind the picture"), checked by
// dependency-cruiser: `npm run lint:imports`, and the `import-rules` step of `npm test`.
//
// The layers, top to bottom (an arrow is "may import"):
//
//   web, cli  ->  app  ->  ingest -> search -> store -> domain
//                     \->  digest -> search, store, mail -> domain
//                     \->  mail (sign-in links; app/mailer-for-config.ts builds the Mailer)
//   config.ts: read once (loadConfig) by cli or app, handed down as a value.
//
// Every folder has a whitelist: a rule named `<folder>-imports-only-...` forbids any import
// of our own code (anything that is not a node builtin or an npm package) outside the list.
// Imports inside a folder are always fine. Type-only imports (`import type`) count like any
// other: they are knowledge of the other layer all the same. The one exception is
// `Config`, see `config-type-only-below-app`.
//
// Each rule's `comment` is printed with a violation (`--output-type err-long`), so a failure
// says which rule broke and why it exists. See the README.md in each src/ folder.

/** Paths that are ours: not a node builtin, not an npm package. */
const ours = { dependencyTypesNot: ['core'], pathNot: '(^|/)node_modules/' };

/** `from` may import our code only from the folders in `allowed` (regexes on the path). */
function only(name, from, allowed, comment) {
  return {
    name,
    severity: 'error',
    comment,
    from: { path: from },
    to: { ...ours, pathNot: [ours.pathNot, ...allowed] },
  };
}

const CONFIG = '^src/config\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    only(
      'domain-imports-nothing-of-ours',
      '^src/domain/',
      ['^src/domain/'],
      'src/domain is the vocabulary and the rules: pure, no I/O. It may import node builtins and ' +
        'npm packages, never another folder of ours (not even config): everything else depends on it.',
    ),
    only(
      'store-imports-only-domain',
      '^src/store/',
      ['^src/store/', '^src/domain/'],
      'src/store is the storage layer (Kysely, SQLite, migrations). It may import src/domain only; ' +
        'it knows nothing of search, ingest, config or the adapters: they hand it what it needs.',
    ),
    only(
      'search-imports-only-domain-store',
      '^src/search/',
      ['^src/search/', '^src/store/', '^src/domain/'],
      'src/search (indexes, embedders, fusion) may import src/domain and src/store only. Not ' +
        'even the Config type: config.ts imports search/embedder-spec.ts, and search is handed ' +
        'the settings it needs (an embedder spec, an API key) as plain values.',
    ),
    only(
      'ingest-imports-only-domain-store-search',
      '^src/ingest/',
      ['^src/ingest/', '^src/search/', '^src/store/', '^src/domain/', CONFIG],
      'src/ingest (sources, harvests, file imports) may import src/domain, src/store and ' +
        'src/search only (src/config.ts as `import type` only, see config-type-only-below-app).',
    ),
    only(
      'mail-imports-only-domain',
      '^src/mail/',
      ['^src/mail/', '^src/domain/'],
      'src/mail (the Mailer: SMTP or the outbox folder) may import src/domain only. Not even the ' +
        'Config type: src/app/mailer-for-config.ts reads the config and hands mail plain values ' +
        '(SMTP settings, the From, the outbox folder). Only app and digest use it.',
    ),
    only(
      'digest-imports-only-domain-store-search-mail',
      '^src/digest/',
      ['^src/digest/', '^src/search/', '^src/store/', '^src/mail/', '^src/domain/'],
      'src/digest (what a digest says and, with the sending engine, how it goes out) may import ' +
        'src/domain, src/store, src/search and src/mail only. Not config: the core hands it the ' +
        'base URL, the link secret and a PaperFinder (the core\'s search) as plain values.',
    ),
    only(
      'app-imports-only-layers-below',
      '^src/app/',
      ['^src/app/', '^src/(ingest|search|digest|mail|store|domain)/', CONFIG],
      'src/app is the application core: every use case is one function there. It may import ' +
        'everything below it (ingest, search, digest, mail, store, domain, config.ts), never web or cli.',
    ),
    only(
      'web-imports-only-app-domain',
      '^src/web/',
      ['^src/web/', '^src/app/', '^src/domain/', CONFIG],
      'src/web is an adapter: parse the request, call src/app, render. It may import src/app, ' +
        'src/domain and src/config.ts only, never store, search or ingest directly: those are ' +
        "src/app's business. (Read the data through an app function.)",
    ),
    only(
      'cli-imports-only-app-domain',
      '^src/cli/',
      ['^src/cli/', '^src/app/', '^src/domain/', CONFIG, '^src/web/(app|server)\\.ts$'],
      'src/cli is an adapter: parse arguments, call src/app, print. It may import src/app, ' +
        'src/domain, src/config.ts (it loads the config) and the web entry points src/web/app.ts ' +
        'and src/web/server.ts (`serve` builds and starts the web adapter: app sits below web and ' +
        'cannot), never store, search or ingest directly, nor the inside of web.',
    ),
    only(
      'config-imports-only-domain-embedder-spec',
      CONFIG,
      ['^src/domain/', '^src/search/embedder-spec\\.ts$'],
      'src/config.ts reads and checks the settings (zod). It may import src/domain and ' +
        'src/search/embedder-spec.ts (the syntax of an embedder setting) only, so that ' +
        'everything that needs settings can import it without a cycle.',
    ),
    {
      name: 'config-type-only-below-app',
      severity: 'error',
      comment:
        'Config is read in one place: cli (or app) calls loadConfig and hands the Config value ' +
        'down. ingest may name its type (`import type { Config }`) for the settings ' +
        'they are given, but never import config.ts as a value: no loadConfig, no defaults.',
      from: { path: '^src/ingest/' },
      to: { path: CONFIG, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles inside src/: a cycle means two modules are one module in disguise, ' +
        'and it breaks the layering (and ESM evaluation order). Split out what both need.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-test-or-bench-from-src',
      severity: 'error',
      comment:
        'Shipped code never imports test/ or bench/: they are not part of the program, ' +
        'and tests import src, not the other way round.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment:
        'Every import must resolve to a file or an installed package. A typo, or a package ' +
        'missing from package.json, would otherwise also hide an import from the other rules.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Our imports carry `.ts` / `.tsx` extensions (allowImportingTsExtensions): resolve them
    // with the project's tsconfig, and keep type-only imports in the graph.
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    doNotFollow: { path: '(^|/)node_modules/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
