// Wall mode on a screen that cannot show everything: every PAGE_MS the wall scrolls one screen down, and back
// to the top after the last; a badge says how many alerts are below the fold ("12 more below · 2/3"), so a
// wall never hides alerts without saying so. Off outside wall mode, where people scroll themselves.

const PAGE_MS = 15000;

export function wirePaging({display, badge, root}) {
  let timer = null;
  const below = () => {
    const bottom = innerHeight;
    let n = 0;
    for (const el of root.querySelectorAll('article.card, .row[data-fp]')) if (el.getBoundingClientRect().top >= bottom) n++;
    return n;
  };
  const draw = () => {
    const pages = Math.max(1, Math.ceil(document.documentElement.scrollHeight / innerHeight));
    const page = Math.min(pages, Math.floor(scrollY / innerHeight) + 1);
    const n = below();
    badge.hidden = !display.wall || pages === 1;
    badge.textContent = n ? `${n} more below · ${page}/${pages}` : `${page}/${pages}`;
  };
  const step = () => {
    const atEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 4;
    scrollTo({top: atEnd ? 0 : scrollY + innerHeight - 40, behavior: 'auto'}); // keep a line of context
    draw();
  };
  const apply = () => {
    clearInterval(timer);
    timer = null;
    if (display.wall) timer = setInterval(step, PAGE_MS);
    draw();
  };
  display.filters.addEventListener('change', apply);
  addEventListener('scroll', draw, {passive: true});
  addEventListener('resize', draw);
  // a burst of changes on a big wall redraws the badge once, in the next frame
  let queued = false;
  new MutationObserver(() => {
    if (!display.wall || queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; draw(); });
  }).observe(root, {childList: true, subtree: true});
  apply();
}
