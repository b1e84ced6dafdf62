/* confsite embeddable agenda. Paste on any page:
 *   <div data-confsite-agenda="https://SITE/embed/events/SLUG/agenda"></div>
 *   <script src="https://SITE/static/embed.js" async></script>
 * Each such div gets an iframe of the agenda, in the viewer's language and time zone,
 * whose height follows its content. */
(function () {
  "use strict";
  function zone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }
  function mount(holder) {
    if (holder.getAttribute("data-confsite-mounted")) { return; }
    holder.setAttribute("data-confsite-mounted", "1");
    var url = new URL(holder.getAttribute("data-confsite-agenda"), document.baseURI);
    if (!url.searchParams.has("lang")) {
      url.searchParams.set("lang", (holder.getAttribute("data-lang") || navigator.language || "en").slice(0, 2));
    }
    if (!url.searchParams.has("tz") && zone()) { url.searchParams.set("tz", zone()); }
    var frame = document.createElement("iframe");
    frame.src = url.toString();
    frame.title = holder.getAttribute("data-title") || "Agenda";
    frame.loading = "lazy";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.minHeight = "300px";
    holder.appendChild(frame);
    window.addEventListener("message", function (event) {
      if (event.source === frame.contentWindow && event.origin === url.origin &&
          event.data && typeof event.data.confsiteAgendaHeight === "number") {
        frame.style.height = Math.ceil(event.data.confsiteAgendaHeight) + "px";
      }
    });
  }
  function mountAll() {
    var holders = document.querySelectorAll("[data-confsite-agenda]");
    for (var i = 0; i < holders.length; i++) { mount(holders[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mountAll); } else { mountAll(); }
})();
