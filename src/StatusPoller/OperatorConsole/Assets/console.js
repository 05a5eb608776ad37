// The operator console's only script: it refreshes live parts of a page (the token timeline).
// Every page reads fine without it. An element with data-refresh-url is replaced every
// data-refresh-seconds by the HTML fragment that URL answers.
"use strict";

(() => {
    const live = document.querySelectorAll("[data-refresh-url]");
    for (const element of live) {
        const seconds = Number(element.dataset.refreshSeconds || "3");
        const refresh = async () => {
            try {
                const answer = await fetch(element.dataset.refreshUrl, {
                    credentials: "same-origin",
                    headers: { "Accept": "text/html" },
                    redirect: "error",
                });
                if (answer.ok) {
                    const html = await answer.text();
                    if (html !== element.dataset.lastHtml) {
                        element.dataset.lastHtml = html;
                        element.innerHTML = html;
                        element.dispatchEvent(new CustomEvent("console:refreshed", { bubbles: true }));
                    }
                }
            } catch {
                // A missed refresh (the session ended, the poller restarted) waits for the next one.
            }
            window.setTimeout(refresh, seconds * 1000);
        };
        window.setTimeout(refresh, seconds * 1000);
    }
})();
