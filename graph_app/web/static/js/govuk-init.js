// Starts GOV.UK Frontend's components (menu toggle, skip link, details, buttons). Pages work without it:
// this only enhances. A module script, so browsers too old for GOV.UK Frontend skip it.
import { initAll, isSupported } from "../vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
if (isSupported()) {
  initAll();
}
