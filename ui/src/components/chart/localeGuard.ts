// uPlot builds a number formatter from navigator.language when its module loads. WebKitGTK passes
// the POSIX locale through as is ("C" under LANG=C — a server, Xvfb, a minimal desktop), which
// Intl refuses with a RangeError, and the chart's module then fails to load at all. Imported
// before uPlot: it leaves a valid tag alone and replaces one Intl refuses with "en-US" (uPlot
// uses it only for its default number format; our axes and legend format with the UI language).
export function guardNavigatorLanguage(nav: Navigator | undefined = globalThis.navigator): void {
  if (!nav) return;
  try {
    new Intl.NumberFormat(nav.language);
  } catch {
    Object.defineProperty(nav, "language", { value: "en-US", configurable: true });
  }
}

guardNavigatorLanguage();
