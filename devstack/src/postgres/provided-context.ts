// What the integration tests' global setup provides to every test file (vitest's provide/inject).
declare module 'vitest' {
  export interface ProvidedContext {
    chronicleServerUrl: string;
    chronicleTemplateDatabase: string;
    chronicleKeycloak: { url: string; adminUsername: string; adminPassword: string };
  }
}

export {};
