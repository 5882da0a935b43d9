// A <select data-autosubmit> sends its form as soon as another option is chosen (the language, the agency acted
// for). The page's Content-Security-Policy runs no inline script or on* attribute, hence this file; without
// JavaScript the form's <noscript> button sends it.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
