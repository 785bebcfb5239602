// Nest injects interfaces by token; these are the process-wide resources the app is built around.
export const EVENT_STORE = Symbol('EventStore');
export const TOKEN_VERIFIER = Symbol('TokenVerifier');
export const COMMAND_API_CONFIG = Symbol('CommandApiConfig');
