/*
 * The clinic's content checks in Wagtail's checker: the server has already found what is wrong (each check's
 * options carry the offending text as "locators"); these functions only say which elements of the page hold it,
 * so the Checks panel can point at them. Registered with the userbar before axe starts (on window load).
 */
(function () {
  "use strict";

  var TEXT_TAGS = "p, li, h1, h2, h3, h4, blockquote, td, th, dd, dt, figcaption, summary, caption";

  function normalise(text) {
    return (text || "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function matcher(locate, locator) {
    var wanted = normalise(locator);
    if (locate === "word") {
      var pattern = new RegExp("(^|[^\\p{L}\\p{N}])" + escapeRegExp(wanted) + "(?![\\p{L}\\p{N}])", "iu");
      return function (text) { return pattern.test(text); };
    }
    return function (text) { return text.indexOf(wanted) !== -1; };
  }

  /* Fails the element holding a locator's text itself (not a wrapper around the element that holds it). */
  function holdsText(node, options) {
    var locators = options.locators || [];
    for (var i = 0; i < locators.length; i += 1) {
      var matches = matcher(options.locate, locators[i]);
      if (matches(normalise(node.textContent))) {
        var inner = Array.prototype.some.call(node.querySelectorAll(TEXT_TAGS), function (child) {
          return matches(normalise(child.textContent));
        });
        if (!inner) {
          return false;
        }
      }
    }
    return true;
  }

  function evaluate(node, options) {
    options = options || {};
    var locators = (options.locators || []).map(normalise);
    switch (options.locate) {
      case "page":
        return !options.found;
      case "alt":
        return locators.indexOf(normalise(node.getAttribute("alt"))) === -1;
      case "link":
        return locators.indexOf(normalise(node.textContent)) === -1;
      default:
        return holdsText(node, options);
    }
  }

  /* The clinic's checks are those of the userbar's axe configuration whose options say how to locate text. */
  function clinicCheckIds(userbar) {
    var template = document.getElementById("wagtail-userbar-template");
    var script =
      (userbar.shadowRoot && userbar.shadowRoot.querySelector("#checker-axe-configuration")) ||
      (template && template.content.querySelector("#checker-axe-configuration"));
    if (!script) {
      return [];
    }
    var checks = (JSON.parse(script.textContent).spec || {}).checks || [];
    return checks
      .filter(function (check) { return check.options && check.options.locate; })
      .map(function (check) { return check.id; });
  }

  function register() {
    var userbar = document.querySelector("wagtail-userbar");
    if (!userbar || typeof userbar.registerCheck !== "function") {
      return;
    }
    clinicCheckIds(userbar).forEach(function (id) {
      userbar.registerCheck(id, evaluate);
    });
  }

  if (window.customElements && window.customElements.whenDefined) {
    window.customElements.whenDefined("wagtail-userbar").then(register);
  } else {
    register();
  }
})();
