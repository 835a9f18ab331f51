// A short message at the bottom of the screen that every feature uses to say
// what happened, read out by screen readers. An optional action (撤销 …) is a
// button in it; the message then stays longer, so there is time to press it.
(function () {
  "use strict";

  if (window.tplToast) return;

  var timer = null;

  // Messages quote titles (已把“…”加入年度计划); a title that quotes a name
  // itself (“我们的节日·端午”, “七一”主题党日) would give ““…””: a quote
  // inside a quote is written ‘…’, as Chinese typography nests them.
  function nestQuotes(text) {
    var depth = 0;
    return String(text).replace(/[“”]/g, function (mark) {
      if (mark === "“") return ++depth > 1 ? "‘" : "“";
      return depth-- > 1 ? "’" : "”";
    });
  }

  function say(text, isError, action) {
    var toast = document.getElementById("tpl-toast");
    if (!toast) {
      toast = document.createElement("div");
      toast.id = "tpl-toast";
      toast.className = "tpl-toast";
      toast.setAttribute("role", "status");
      toast.setAttribute("aria-live", "polite");
      document.body.appendChild(toast);
    }
    toast.textContent = nestQuotes(text);
    if (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button tpl-toast__action";
      button.textContent = action.label;
      button.addEventListener("click", function () {
        toast.classList.remove("tpl-toast--shown");
        action.run();
      });
      toast.appendChild(document.createTextNode(" "));
      toast.appendChild(button);
    }
    toast.classList.toggle("tpl-toast--error", Boolean(isError));
    toast.classList.add("tpl-toast--shown");
    clearTimeout(timer);
    timer = setTimeout(function () { toast.classList.remove("tpl-toast--shown"); }, action ? 15000 : isError ? 8000 : 4000);
  }

  window.tplToast = { say: say, nestQuotes: nestQuotes };
})();
