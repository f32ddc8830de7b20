/** Jest runs the TypeScript tests through ts-jest; engine tests start the real Pulumi CLI. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  // The example infra project imports the package by name; in the repo that is provider/.
  moduleNameMapper: { "^pulumi-wickr-commvault$": "<rootDir>/provider" },
  testTimeout: 300000,
  maxWorkers: 2,
};
