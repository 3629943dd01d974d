// Harness adapters: the only code that knows how each harness spells its events.
export { PayloadError, detectHarness, isVsCodeLocalPayload, normalizeEvent, normalizeEventName, senderOf, shortFormToPayload, toolOutputText } from "./input";
export type { NormalizeOptions, ShortForm } from "./input";
export { renderAnswer, renderFailModeAnswer } from "./output";
export type { HarnessAnswer } from "./output";
