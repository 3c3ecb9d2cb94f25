// "Print this page" on a printable list (core/print_list.html): a button only where a script can print.
// Without it the page says to use the browser's Print command, which does the same.
document.querySelectorAll("[data-print-button]").forEach((slot) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary se7-print-button";
  button.textContent = slot.dataset.printButton;
  button.addEventListener("click", () => window.print());
  slot.appendChild(button);
});
