// Baton's web UI: the one script. Follows a task try's log: appends what the log file gained since the last read.
(function () {
  const log = document.querySelector("pre.log[data-follow]");
  if (!log) { return; }
  let offset = Number(log.dataset.offset || "0");
  const toggle = document.getElementById("follow");
  async function poll() {
    if (toggle && !toggle.checked) { return; }
    try {
      const response = await fetch(log.dataset.follow + "&offset=" + offset, { credentials: "same-origin" });
      if (response.ok) {
        const text = await response.text();
        offset = Number(response.headers.get("X-Log-Offset") || offset + new TextEncoder().encode(text).length);
        if (text.length > 0) {
          log.textContent += text;
          log.scrollTop = log.scrollHeight;
        }
      }
    } catch (e) { /* the server restarting: try again at the next tick */ }
  }
  setInterval(poll, 2000);
})();
