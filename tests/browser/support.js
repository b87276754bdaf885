// Measurements the browser tests take inside the page. Loaded with page.evaluate; returns an object.
(() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (css) => (css.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
  const contrast = (a, b) => {
    const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  // The colour behind an element: the first ancestor (or itself) with an opaque background.
  const backdrop = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(bg) && bg !== "transparent") return bg;
    }
    return getComputedStyle(document.body).backgroundColor;
  };
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // checkVisibility: the content of a closed <details> keeps its boxes but is not rendered.
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden" && !el.closest("[hidden]") &&
      !el.closest(".visually-hidden") && (!el.checkVisibility || el.checkVisibility());
  };
  const controls = () => Array.from(document.querySelectorAll("a[href], button, audio[controls]")).filter(visible);
  return { contrast, backdrop, visible, controls };
})()
