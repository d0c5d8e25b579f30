// Work queue shortcut (docs/user/collection.md, "Cola de trabajo"): the key "n" follows the page's "next debtor" link
// (the element marked data-queue-next), unless the focus is in a form field or a modifier key is held.
document.addEventListener("keydown", function (event) {
  if (event.key !== "n" && event.key !== "N") {
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
    return;
  }
  var next = document.querySelector("a[data-queue-next]");
  if (next) {
    event.preventDefault();
    window.location.href = next.getAttribute("href");
  }
});
