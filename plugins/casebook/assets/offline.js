// "Save the library for offline use": asks the service worker (sw.js) to keep every page of the
// site and the search index, and shows its progress. The list of what to keep is written by the
// build (casebook-offline.json, see offline.py). Pages already kept are not fetched again, so
// saving again after a new build fetches only what changed its address or was never kept.
const MANIFEST = new URL("../../casebook-offline.json", import.meta.url).href;

export function init(root) {
  for (const box of root.querySelectorAll(".cb-offline")) {
    if (box.dataset.ready) continue;
    box.dataset.ready = "1";
    setup(box);
  }
}

function setup(box) {
  const note = box.querySelector(".cb-offline-nojs");
  if (note) note.hidden = true;
  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    box.append(paragraph("This browser cannot keep pages for offline use."));
    return;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button";
  button.textContent = "Save the library for offline use";
  const progress = document.createElement("progress");
  progress.max = 1;
  progress.value = 0;
  progress.hidden = true;
  progress.setAttribute("aria-label", "Pages saved for offline use");
  const status = paragraph("");
  status.setAttribute("role", "status");
  status.className = "cb-offline-status";
  box.append(button, progress, status);

  button.addEventListener("click", async () => {
    button.disabled = true;
    progress.hidden = false;
    status.textContent = "Starting…";
    try {
      const registration = await navigator.serviceWorker.ready;
      const channel = new MessageChannel();
      channel.port1.onmessage = ({ data }) => {
        if (data.error) {
          status.textContent = `Saving stopped: ${data.error}. Saved ${data.done} of ${data.total}; try again to carry on.`;
          button.disabled = false;
          return;
        }
        progress.max = data.total || 1;
        progress.value = data.done;
        if (data.finished) {
          status.textContent = data.failed
            ? `Saved ${data.done - data.failed} of ${data.total} files; ${data.failed} could not be fetched: try again to carry on.`
            : `Saved: all ${data.total} files of the library are kept in this browser for reading offline.`;
          button.disabled = false;
          button.textContent = "Save again (fetches only what is new)";
        } else {
          status.textContent = `Saving… ${data.done} of ${data.total} files`;
        }
      };
      registration.active.postMessage({ save: MANIFEST }, [channel.port2]);
    } catch (error) {
      status.textContent = `Saving did not start: ${error.message || error}`;
      button.disabled = false;
    }
  });
}

function paragraph(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}
