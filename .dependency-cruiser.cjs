/**
 * The architecture rules of docs/architecture.md, checked by `npm run lint` (dependency-cruiser).
 * Every violation fails CI: there is no baseline of known ones.
 */
const CHAT_SDK = '(^|node_modules/)(@slack/|botbuilder|botframework-|@microsoft/)';
const FRONT_ENDS = '^src/(slack|teams|console|http|cli)/';
/** main.ts composes: config, src/app (which opens the ORM), the front ends; it reaches no entity itself. */
const COMPOSITION_ROOT = '^src/main\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-chat-sdk',
      comment: 'services, the domain and the chat core are platform-neutral: no Slack, Bot Framework or Microsoft SDK',
      severity: 'error',
      from: { path: '^src/(services|domain|chat)/' },
      to: { path: CHAT_SDK },
    },
    {
      name: 'front-ends-import-no-entities',
      comment:
        'front ends (and main.ts) reach data through the services and src/app only: ' +
        'no entity, no @mikro-orm, no database set-up',
      severity: 'error',
      from: { path: [FRONT_ENDS, COMPOSITION_ROOT] },
      to: { path: ['^src/domain/entities/', '(^|node_modules/)@mikro-orm/', '^src/db/'] },
    },
    {
      name: 'views-import-no-services',
      comment: 'views/ defines forms and replies; it does not call the services',
      severity: 'error',
      from: { path: '^views/' },
      to: { path: '^src/services/' },
    },
    {
      name: 'domain-reads-no-files',
      comment: 'the domain reads no file (the environment is checked by scripts/lint-domain-env.mjs)',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^(node:)?fs(/promises)?$', dependencyTypes: ['core'] },
    },
    {
      name: 'lib-is-leaf',
      comment: 'src/lib holds leaf utilities: no application code (src/app composes), no ORM, no chat SDK',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: ['^src/(?!lib/)', '^(commands|views)/', '(^|node_modules/)@mikro-orm/', CHAT_SDK] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
