// The site's first bundle: starts Consentry before anything else runs.
// `consentry` is the npm package (pkg/), resolved by webpack like any other.
import { init } from 'consentry';

window.Consentry = init({
  // The demo has its own panel; issue #4's banner turns on with ui: true.
  ui: false,
  debug: true,
});
