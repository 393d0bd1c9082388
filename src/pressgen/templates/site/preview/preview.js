"use strict";
// The live preview: on each generation of saved files (server-sent events), fetch this page again and
// swap in its live regions; reload the release frame only when its HTML changed, keeping the scroll.
(() => {
  let generation = document.body.dataset.generation;
  let queue = Promise.resolve();
  const frame = document.querySelector("iframe.pv-frame");

  async function refresh() {
    const response = await fetch(location.pathname, { cache: "no-store" });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const region of document.querySelectorAll("[data-live]")) {
      const update = fresh.getElementById(region.id);
      if (update) region.replaceWith(document.adoptNode(update));
    }
    document.title = fresh.title;
    const version = fresh.body.dataset.version;
    if (frame && version && version !== frame.dataset.version) {
      const scrolled = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      frame.addEventListener("load", () => frame.contentWindow.scrollTo(0, scrolled), { once: true });
      frame.dataset.version = version;
      frame.src = `${frame.dataset.src}?v=${version}`;
    }
  }

  const events = new EventSource("/events");
  events.addEventListener("change", (event) => {
    if (event.data === generation) return;
    generation = event.data;
    queue = queue.then(refresh, refresh);
  });
})();
