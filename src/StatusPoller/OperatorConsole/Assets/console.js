// The operator console's only script: it refreshes live parts of a page (the token timeline).
// Every page reads fine without it (the timeline has a plain Refresh link). An element with
// data-refresh-url is replaced every data-refresh-seconds by the HTML fragment that URL answers;
// with data-announce, rows that were not there before are announced in that (aria-live) element.
"use strict";

(() => {
    const sequences = (element) => new Set(Array.from(element.querySelectorAll("[data-sequence]"), row => row.dataset.sequence));

    for (const element of document.querySelectorAll("[data-refresh-url]")) {
        const seconds = Number(element.dataset.refreshSeconds || "3");
        const announce = element.dataset.announce ? document.getElementById(element.dataset.announce) : null;
        let last = element.innerHTML;
        const refresh = async () => {
            try {
                const answer = await fetch(element.dataset.refreshUrl, {
                    credentials: "same-origin",
                    headers: { "Accept": "text/html" },
                    redirect: "manual",
                });
                if (answer.ok) {
                    const html = await answer.text();
                    if (html !== last) {
                        const before = sequences(element);
                        last = html;
                        element.innerHTML = html;
                        const added = Array.from(element.querySelectorAll("[data-sequence]")).filter(row => !before.has(row.dataset.sequence));
                        if (announce && added.length > 0) {
                            announce.textContent = `${added.length} new event${added.length === 1 ? "" : "s"}: ${added.map(row => row.dataset.type).join(", ")}`;
                        }
                    }
                }
            } catch {
                // A missed refresh (the poller restarting, the network) waits for the next one.
            }
            window.setTimeout(refresh, seconds * 1000);
        };
        window.setTimeout(refresh, seconds * 1000);
    }
})();
