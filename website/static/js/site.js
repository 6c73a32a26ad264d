// Type-ahead for search boxes: progressive enhancement, search works without it.
(function () {
    "use strict";
    var inputs = document.querySelectorAll("input[data-suggest-url]");
    Array.prototype.forEach.call(inputs, function (input) {
        var list = document.createElement("ul");
        var timer = null;
        list.className = "suggestions";
        list.id = input.id + "-suggestions";
        list.hidden = true;
        input.parentNode.appendChild(list);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");

        function clear() { list.innerHTML = ""; list.hidden = true; input.setAttribute("aria-expanded", "false"); }

        function show(items) {
            clear();
            items.forEach(function (item) {
                var li = document.createElement("li");
                var a = document.createElement("a");
                a.href = item.url;
                if (item.matched) {
                    // "lumbago — Chronic low back pain": the name the patient typed, then the page it leads to.
                    var matched = document.createElement("span");
                    matched.className = "suggestions__matched";
                    matched.textContent = item.matched;
                    a.appendChild(matched);
                    a.appendChild(document.createTextNode(" \u2014 " + item.title));
                } else {
                    a.textContent = item.title;
                }
                li.appendChild(a);
                list.appendChild(li);
            });
            list.hidden = items.length === 0;
            input.setAttribute("aria-expanded", items.length ? "true" : "false");
        }

        input.addEventListener("input", function () {
            var q = input.value.trim();
            clearTimeout(timer);
            if (q.length < 2) { clear(); return; }
            timer = setTimeout(function () {
                fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
                    .then(function (r) { return r.ok ? r.json() : { results: [] }; })
                    .then(function (data) { if (input.value.trim() === q) { show(data.results || []); } })
                    .catch(clear);
            }, 150);
        });
        input.addEventListener("keydown", function (event) {
            if (event.key === "Escape") { clear(); }
            if (event.key === "ArrowDown" && !list.hidden) { event.preventDefault(); list.querySelector("a").focus(); }
        });
        list.addEventListener("keydown", function (event) {
            var current = document.activeElement.parentNode;
            if (event.key === "ArrowDown" && current.nextSibling) { event.preventDefault(); current.nextSibling.firstChild.focus(); }
            if (event.key === "ArrowUp") { event.preventDefault(); (current.previousSibling ? current.previousSibling.firstChild : input).focus(); }
            if (event.key === "Escape") { clear(); input.focus(); }
        });
        document.addEventListener("click", function (event) { if (!list.contains(event.target) && event.target !== input) { clear(); } });
    });
})();

// "Did this page help you?": answers in place; without script the forms post and a page thanks the patient.
(function () {
    "use strict";
    Array.prototype.forEach.call(document.querySelectorAll("[data-page-feedback]"), function (box) {
        var body = box.querySelector("[data-page-feedback-body]");
        box.addEventListener("submit", function (event) {
            var form = event.target;
            var data = new FormData(form);
            var buttons = form.querySelectorAll("button");
            event.preventDefault();
            if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
            Array.prototype.forEach.call(buttons, function (button) { button.disabled = true; });
            fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
                .then(function (response) {
                    return response.json().then(function (reply) { return { ok: response.ok, reply: reply }; });
                })
                .then(function (result) {
                    var old = body.querySelector("[data-page-feedback-problem]");
                    if (old) { old.parentNode.removeChild(old); }
                    if (result.ok) {
                        body.innerHTML = result.reply.html;
                    } else {
                        form.insertAdjacentHTML("beforebegin", result.reply.html);
                        Array.prototype.forEach.call(buttons, function (button) { button.disabled = false; });
                    }
                    body.querySelector("[data-page-feedback-focus]").focus();
                })
                .catch(function () {
                    // No usable answer (offline, an unexpected page): send the form the ordinary way.
                    if (event.submitter && event.submitter.name) {
                        var chosen = document.createElement("input");
                        chosen.type = "hidden";
                        chosen.name = event.submitter.name;
                        chosen.value = event.submitter.value;
                        form.appendChild(chosen);
                    }
                    HTMLFormElement.prototype.submit.call(form);
                });
        });
    });
})();

// "Is this for me?": the answers are weighed here, in the browser, and never sent anywhere. Without JavaScript the
// form is a GET to the same page, which answers uncached (TopicPage.serve).
(function () {
    "use strict";
    var forms = document.querySelectorAll("form[data-prescreen-form]");
    Array.prototype.forEach.call(forms, function (form) {
        var section = form.closest("[data-prescreen]");
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            var meanings = Array.prototype.map.call(form.querySelectorAll("fieldset[data-if-yes]"), function (question) {
                var checked = question.querySelector("input:checked");
                if (!checked) { return "incomplete"; }
                return question.getAttribute(checked.value === "yes" ? "data-if-yes" : "data-if-no");
            });
            // The same order as PreScreenValue.result_for: a red flag counts even with questions unanswered.
            var result = ["red_flag", "incomplete", "talk"].filter(function (m) { return meanings.indexOf(m) !== -1; })[0] || "fine";
            Array.prototype.forEach.call(section.querySelectorAll("[data-result]"), function (panel) {
                panel.hidden = panel.getAttribute("data-result") !== result;
            });
            document.body.classList.toggle("prescreen-red-flag", result === "red_flag");
            section.querySelector(".prescreen__result").focus();
        });
    });
})();

// Page views: one anonymous count per view of a topic, article, clinic page or the home page (pageviews/). The
// request carries the page's id and language only (and, when the patient came from this site's search results, the
// words searched for): no cookie (credentials omitted), no referrer, nothing stored in the browser. Not sent at all
// when the browser asks not to be tracked (Global Privacy Control, Do Not Track).
(function () {
    "use strict";
    var body = document.body;
    var url = body.getAttribute("data-view-url");
    if (!url || navigator.globalPrivacyControl || navigator.doNotTrack === "1" || window.doNotTrack === "1") { return; }
    var data = new URLSearchParams();
    data.append("page", body.getAttribute("data-view-page"));
    data.append("language", body.getAttribute("data-view-language"));
    // A page under an experiment (experiments/) says which order this one view showed: "a" or "b", nothing more.
    if (body.getAttribute("data-view-variant")) { data.append("variant", body.getAttribute("data-view-variant")); }
    // The search that led here: the site's own search page (the header form's address) with ?q= in the referrer,
    // which the site's Referrer-Policy (strict-origin-when-cross-origin) keeps whole for same-origin links only.
    // The server cleans and filters it as the search log does and drops anything that looks like personal data.
    var form = document.querySelector("form.site-search");
    try {
        var from = new URL(document.referrer);
        if (form && from.origin === window.location.origin && from.pathname === new URL(form.action).pathname) {
            var search = (from.searchParams.get("q") || "").replace(/\s+/g, " ").trim().toLowerCase().slice(0, 100);
            if (search && encodeURIComponent(search).length <= 600) { data.append("q", search); }
        }
    } catch (error) { /* no referrer, or not a URL: nothing to add */ }
    if (window.fetch) {
        fetch(url, { method: "POST", body: data, keepalive: true, credentials: "omit", referrerPolicy: "no-referrer" })
            .catch(function () { return null; });
    } else if (navigator.sendBeacon) {
        navigator.sendBeacon(url, data);
    }
})();
