// Draws the interactive charts of a newslens report page, offline.
// The Vega runtime is inlined once per page, gzipped and base64-encoded in the element
// #newslens-vega-runtime; each chart is a div of class newslens-chart followed by its
// compiled Vega spec, in a JSON script element of class newslens-vega.
// Tooltips are written with textContent only: article text never becomes markup.
(async () => {
  const packed = document.getElementById("newslens-vega-runtime").textContent.trim();
  const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
  const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  (0, eval)(await new Response(unpacked).text()); // defines window.vegaEmbed

  const tip = document.createElement("div");
  tip.className = "newslens-tooltip";
  tip.setAttribute("role", "tooltip");
  document.body.appendChild(tip);

  function show(handler, event, item, value) {
    if (value === null || value === undefined || value === "") {
      tip.style.display = "none";
      return;
    }
    const table = document.createElement("table");
    const rows = typeof value === "object" ? Object.entries(value) : [["", value]];
    for (const [name, shown] of rows) {
      if (shown === "" || shown === null || shown === undefined) continue;
      const row = table.insertRow();
      const key = document.createElement("th");
      key.textContent = name;
      row.appendChild(key);
      row.insertCell().textContent = String(shown);
    }
    tip.replaceChildren(table);
    tip.style.display = "block";
    const x = event.clientX + 14, y = event.clientY + 14;
    const room = window.innerWidth - tip.offsetWidth - 8;
    tip.style.left = `${window.scrollX + Math.max(4, Math.min(x, room))}px`;
    const below = y + tip.offsetHeight < window.innerHeight;
    tip.style.top = `${window.scrollY + (below ? y : Math.max(4, event.clientY - tip.offsetHeight - 14))}px`;
  }

  for (const holder of document.querySelectorAll("script.newslens-vega")) {
    const target = holder.previousElementSibling;
    try {
      await vegaEmbed(target, JSON.parse(holder.textContent), {
        mode: "vega", renderer: "svg", actions: false, tooltip: show,
      });
    } catch (error) {
      target.textContent = `This chart could not be drawn: ${error}`;
      console.error(error);
    }
  }
})();
