// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("no-js");
// Move focus to an error summary so screen readers announce it after a failed post.
const summary = document.getElementById("error-summary");
if (summary) summary.focus();
