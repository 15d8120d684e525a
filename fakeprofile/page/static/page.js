// The page's only script: the "Add a job" and "Add a school" buttons. Each copies its row template with the
// next free row number and moves the focus to the new row's first input. Without JavaScript the buttons stay
// hidden and the page offers three job rows and two school rows, which the server renders again (with any
// rows added) when it shows the result.
"use strict";
document.querySelectorAll("button.add-row").forEach(function (button) {
  var template = document.getElementById(button.dataset.template);
  var target = document.getElementById(button.dataset.target);
  if (!template || !target) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = Number(target.dataset.next);
    target.dataset.next = String(index + 1);
    // The template is the server's own markup (no user text), so inserting it as HTML is safe.
    var html = template.innerHTML.split("__INDEX__").join(String(index)).split("__NUMBER__").join(String(index + 1));
    target.insertAdjacentHTML("beforeend", html);
    var first = target.lastElementChild.querySelector("input, select, textarea");
    if (first) {
      first.focus();
    }
  });
});
