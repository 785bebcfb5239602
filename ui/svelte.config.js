import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** TypeScript in `<script lang="ts">`, for Vite, svelte-check, ESLint and Prettier alike. */
export default { preprocess: vitePreprocess() };
