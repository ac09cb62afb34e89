// Open Replies: the 按号查找 form on session pages goes to the proposal with the typed number.
(function () {
  "use strict";
  function normalise(value) {
    var half = value.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    });
    half = half.replace(/[\s第号號]/g, "").toLowerCase();
    return /^\d+$/.test(half) ? String(parseInt(half, 10)) : half;
  }
  document.querySelectorAll("form.or-lookup").forEach(function (form) {
    var known = (form.getAttribute("data-numbers") || "").split(" ");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var number = normalise(form.elements.n.value);
      var output = form.querySelector("output");
      if (number && known.indexOf(number) >= 0) {
        window.location.href = number + "/";
      } else {
        output.textContent = "本次会议没有已公开答复的第 " + (number || "?") + " 号。";
      }
    });
  });
})();
