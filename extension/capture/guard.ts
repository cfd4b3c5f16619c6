/**
 * Whether a click on the "Save to dcr-kit" button is the user's informed click (content-script side). The page
 * controls everything around the button, so a click counts only when the button has been in place, fully visible
 * and unmoved for STABLE_MS, and is the top element where it is clicked:
 *  - sampled every SAMPLE_MS and again at the click: its box (a move or resize starts the wait again), that it lies
 *    fully inside the viewport, that its own box is the top element at its centre and corners (nothing opaque over
 *    it, no clipping ancestor), that no ancestor makes it transparent, filtered, clipped, masked or transformed;
 *  - where the browser has IntersectionObserver v2 (Chromium), its `isVisible` verdict too, which also sees overlays
 *    the page made transparent to clicks (`pointer-events: none`) and every effect on the way to the screen.
 */
export const STABLE_MS = 500;
const SAMPLE_MS = 100;

/** What is wrong with the button's visibility now, or undefined when it is clearly visible. */
export function visibilityProblem(host: HTMLElement, shadow: ShadowRoot, button: HTMLElement): string | undefined {
  // Another window (a pop-up the page opened over the button) is invisible to every check below.
  if (document.visibilityState !== 'visible' || !document.hasFocus()) return 'the page is not the focused window';
  const rect = button.getBoundingClientRect();
  if (rect.width < 8 || rect.height < 8) return 'the button is too small to see';
  if (Math.abs(rect.width - button.offsetWidth) > 1 || Math.abs(rect.height - button.offsetHeight) > 1)
    return 'the page transforms the button';
  if (rect.left < 0 || rect.top < 0 || rect.right > innerWidth || rect.bottom > innerHeight)
    return 'the button is not fully in view';
  let opacity = 1;
  for (
    let element: Element | null = host;
    element;
    element = element.parentElement ?? (element.getRootNode() as ShadowRoot).host ?? null
  ) {
    const style = getComputedStyle(element);
    opacity *= Number(style.opacity);
    if (style.filter !== 'none' || style.clipPath !== 'none' || (style.maskImage || 'none') !== 'none')
      return 'the page hides the button behind an effect';
  }
  if (opacity < 0.99) return 'the page makes the button transparent';
  if (getComputedStyle(button).visibility !== 'visible') return 'the button is hidden';
  // Inside the rounded corners (border-radius 6px): at 2px from both edges a point is only 0.3px inside the arc, and
  // hit testing at a fractional box position can put it just outside, on the host; at 4px it is 3px inside.
  const inset = 4;
  const points: [number, number][] = [
    [rect.left + rect.width / 2, rect.top + rect.height / 2],
    [rect.left + inset, rect.top + inset],
    [rect.right - inset, rect.top + inset],
    [rect.left + inset, rect.bottom - inset],
    [rect.right - inset, rect.bottom - inset],
  ];
  // The host's own tree answers for it: inside a page's open shadow root, the document would name that root's host.
  const tree = host.getRootNode() as Document | ShadowRoot;
  for (const [x, y] of points) {
    const top = shadow.elementFromPoint(x, y);
    if (tree.elementFromPoint(x, y) !== host || !(top === button || button.contains(top))) return 'something covers the button';
  }
  return undefined;
}

export interface ClickGuard {
  /** Why this click does not count, or undefined when it does. */
  refuse(event: MouseEvent): string | undefined;
  stop(): void;
}

const boxOf = (button: HTMLElement) => {
  const r = button.getBoundingClientRect();
  return `${r.left},${r.top},${r.width},${r.height}`;
};

export function guardClicks(
  host: HTMLElement,
  shadow: ShadowRoot,
  button: HTMLElement,
  now: () => number = () => performance.now(),
): ClickGuard {
  let stableSince = now();
  let box = boxOf(button);
  const sample = () => {
    const current = boxOf(button);
    if (current !== box || visibilityProblem(host, shadow, button)) stableSince = now();
    box = current;
  };
  const timer = setInterval(() => (host.isConnected ? sample() : guard.stop()), SAMPLE_MS);
  // Coming back to the window (a pop-up over it just closed) starts the wait again.
  const refocused = () => {
    stableSince = now();
  };
  window.addEventListener('focus', refocused);

  // IntersectionObserver v2 (Chromium): the browser's own verdict on occlusion and visual effects.
  let trackVisibility = false;
  let visibleSince: number | undefined;
  let observer: IntersectionObserver | undefined;
  if (typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype) {
    trackVisibility = true;
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const visible = (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true;
          if (!visible) visibleSince = undefined;
          else visibleSince ??= now();
        }
      },
      { threshold: [1], trackVisibility: true, delay: SAMPLE_MS } as IntersectionObserverInit,
    );
    observer.observe(button);
  }

  const guard: ClickGuard = {
    refuse(event) {
      // A page script can call button.click() (had it a reference): only a real user click counts.
      if (!event.isTrusted) return 'not a real click';
      // A move or an overlay since the last sample counts from now.
      sample();
      const problem = visibilityProblem(host, shadow, button);
      if (problem) return problem;
      // A pointer click must land on the button itself (a keyboard activation has no position).
      if (event.detail > 0 && shadow.elementFromPoint(event.clientX, event.clientY) !== button)
        return 'the click was not on the button';
      if (now() - stableSince < STABLE_MS) return 'the button just appeared or moved';
      if (trackVisibility && (visibleSince === undefined || now() - visibleSince < STABLE_MS))
        return 'the browser does not see the button as fully visible';
      return undefined;
    },
    stop() {
      clearInterval(timer);
      window.removeEventListener('focus', refocused);
      observer?.disconnect();
    },
  };
  return guard;
}
