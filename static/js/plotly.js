// Plotly.js (1.5 MB gzipped, from the installed `plotly` package at the body's data-plotly,
// /vendor/plotly.min.js?v=<digest of its bytes>: kept by the browser for good) loads
// after the first paint: the network, the detail panel and the numbers paint from the page's
// own modules, and the charts wait for plotly(). The script is asked for once, when the first
// chart is due, so that on a slow link it does not compete with the modules and the first trace.
import { appUrl } from "./paths.js";

let loading = null;

// A promise of the global Plotly; the script tag is added on the first call.
export function plotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ||= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = appUrl(document.body.dataset.plotly);
    script.async = true;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => {
      loading = null; // a later chart tries again (the server was briefly unreachable)
      script.remove();
      reject(new Error("Plotly.js did not load"));
    };
    document.head.appendChild(script);
  });
  return loading;
}
