// The engine's public surface: what the CLI, the relay server and the extension use.
export * from "./adapters";
export * from "./check";
export * from "./decision";
export * from "./dispatch";
export * from "./events";
export * from "./log/redact";
export * from "./native";
export * from "./policy/layers";
export * from "./policy/load";
export * from "./policy/model";
export * from "./policyTests";
export * from "./tools";
export * from "./log/store";
export * from "./policyHost";
export * from "./server/dedupe";
export * from "./server/runtimeDir";
export * from "./server/server";
