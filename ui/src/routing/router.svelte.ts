import { parseRoute, type Route } from './route.js';

/** The current route as state: links push history entries, the back button pops them, nothing reloads. */
export class Router {
  route = $state<Route>(parseRoute(location.pathname, location.search));

  constructor() {
    addEventListener('popstate', () => this.#read());
  }

  navigate(path: string, options: { replace?: boolean } = {}): void {
    if (options.replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    this.#read();
  }

  #read(): void {
    this.route = parseRoute(location.pathname, location.search);
  }
}
