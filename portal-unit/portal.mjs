// Where the portal's modules are: the tests import them as the browser does, from the served directory.
export const PORTAL = new URL('../src/main/resources/META-INF/resources/portal/', import.meta.url);
export const load = (name) => import(new URL(name, PORTAL).href);
