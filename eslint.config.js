import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'web/src/gql/', 'examples/clients/gql/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Pothos resolvers and Node streams are callback APIs where a returned promise is the contract.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  { files: ['eslint.config.js', 'scripts/*.mjs', 'bench/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // Layers import downwards only: server -> schema -> resolvers -> s3; src/config and src/shared import no layer, every layer them.
  layer(['src/config/**', 'src/shared/**'], ['../*'], 'imports no other part of the gateway'),
  layer(['src/auth/**'], ['../server/*', '../schema/*', '../resolvers/*', '../s3/*', '../config.js'], 'is below the layers that use it'),
  layer(['src/s3/**'], ['../server/*', '../schema/*', '../resolvers/*', '../auth/*', '../config.js'], 'is the lowest layer'),
  layer(['src/resolvers/**'], ['../server/*', '../schema/*', '../config.js'], 'is below server and schema'),
  layer(['src/schema/**'], ['../server/*', '../config.js'], 'is below server'),
);

/** A rule that keeps the folders `files` from importing `forbidden` (config.js is the start-up assembly, for server and main only). */
function layer(files, forbidden, why) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message: `This folder ${why}.` }] }] } };
}
