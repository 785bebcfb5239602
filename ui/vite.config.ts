import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin, type PreviewServer, type ProxyOptions, type ViteDevServer } from 'vite';

/**
 * The browser talks to one origin: this server serves the dashboard and proxies `/api` to the command API
 * and `/graphql` (HTTP and WebSocket) and `/export/events` (the audit NDJSON export) to the query API, so no API needs CORS and tokens never leave the
 * origin the identity provider allowed. The same proxy serves `vite` (dev) and `vite preview` (the build).
 */
const commandApi = process.env.CHRONICLE_COMMAND_API_URL ?? 'http://127.0.0.1:4000';
const queryApi = process.env.CHRONICLE_QUERY_API_URL ?? 'http://127.0.0.1:4001';
const port = Number(process.env.UI_PORT ?? 5173);

const proxy: Record<string, ProxyOptions> = {
  '/api': { target: commandApi, changeOrigin: true },
  '/graphql': { target: queryApi, changeOrigin: true, ws: true },
  '/export/events': { target: queryApi, changeOrigin: true },
};

/**
 * `/config.json`: what the built app learns at run time rather than at build time, so that one build
 * serves every environment. The Keycloak URL must be the services' own KEYCLOAK_URL: token issuers are
 * compared as strings.
 */
function runtimeConfig(): Plugin {
  const body = () =>
    JSON.stringify({
      keycloakUrl: (process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
      clientId: 'chronicle-ui',
      platformRealm: 'platform',
    });
  // Returns nothing: a hook that returns a function has it called after Vite's own middlewares.
  const serve = (server: PreviewServer | ViteDevServer): void => {
    server.middlewares.use('/config.json', (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.setHeader('cache-control', 'no-store');
      response.end(body());
    });
  };
  return { name: 'chronicle-runtime-config', configureServer: serve, configurePreviewServer: serve };
}

export default defineConfig({
  plugins: [svelte(), runtimeConfig()],
  server: { port, strictPort: true, proxy },
  preview: { port, strictPort: true, proxy },
  build: { target: 'es2022', sourcemap: true },
});
