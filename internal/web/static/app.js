// A little help where JavaScript runs; every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  // Sorting applies at once.
  var sort = document.getElementById("sort");
  if (sort) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
  // "/" focuses the query box.
  var q = document.getElementById("q");
  document.addEventListener("keydown", function (e) {
    if (q && e.key === "/" && document.activeElement !== q) {
      e.preventDefault();
      q.focus();
      q.select();
    }
  });
});
