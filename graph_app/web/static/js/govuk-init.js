// Starts GOV.UK Frontend's components (menu toggle, skip link, details, buttons). Pages work without it:
// this only enhances. A module script, so browsers too old for GOV.UK Frontend skip it. The library is
// imported from the versioned URL the page gives (static_files.py), so browsers may keep it for a year.
const script = document.querySelector("script[data-govuk-frontend]");
const { initAll, isSupported } = await import(script ? script.dataset.govukFrontend : "../vendor/govuk/govuk-frontend.min.js");

document.body.classList.add("js-enabled", "govuk-frontend-supported");
if (isSupported()) {
  initAll();
}
