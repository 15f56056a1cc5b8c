// The site's first bundle: starts Consentry before anything else runs.
// `consentry` is the npm package (pkg/), resolved by webpack like any other.
import { init } from 'consentry';

window.Consentry = init({
  policyUrl: '#policy',
  debug: true,
});
