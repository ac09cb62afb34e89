// Open Replies in the browser: the 按号查找 form of session pages, and tables that read as
// cards on a phone.
(function () {
  "use strict";

  // 按号查找: go to the proposal with the typed number (full-width digits and 第…号 allowed).
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

  // A table of four or more columns cannot show every cell on a phone: give each cell its
  // column's heading (data-label), which openreplies.css shows when the rows become cards.
  // Without this script the table scrolls sideways as material draws it.
  var CARD_COLUMNS = 4;
  document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || head.cells.length < CARD_COLUMNS) {
      return;
    }
    var labels = Array.prototype.map.call(head.cells, function (cell) {
      return cell.textContent.trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (labels[index]) {
            cell.setAttribute("data-label", labels[index]);
          }
        });
      });
    });
    table.setAttribute("data-or-cards", "");
  });
})();
