// Flat ESLint config: typescript-eslint's recommended rules with type information, plus the few
// rules that catch real bugs in an engine that must never drop a promise.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: ["out/**", "dist/**", "node_modules/**", "native/**", ".vscode-test/**", "bench/results/**", "test/artifacts/**"],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "no-console": "warn",
            eqeqeq: ["error", "always"],
        },
    },
    {
        // node:test's describe/it return promises the runner itself awaits.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-floating-promises": "off" },
    },
    {
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        languageOptions: {
            globals: { require: "readonly", module: "writable", exports: "writable", globalThis: "readonly", process: "readonly", console: "readonly", __dirname: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
