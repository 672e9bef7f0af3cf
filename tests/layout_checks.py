"""What a page must hold to on any screen, measured in the browser: nothing wider than the
viewport, the header inside it, no text under 12 px, and controls a thumb can hit (44 px) that
nothing else on the page covers."""

from __future__ import annotations

# Runs in the page; returns a list of problems, each one line.
MEASURE = """
() => {
  const problems = [];
  const width = window.innerWidth;
  const doc = document.documentElement;
  if (doc.scrollWidth > width) {
    const wide = [...document.querySelectorAll("body *")].filter(el => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== "fixed";
    }).slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") + " " + Math.round(el.getBoundingClientRect().right) + "px");
    problems.push(`document ${doc.scrollWidth}px wide in a ${width}px viewport: ${wide.join(", ")}`);
  }
  const header = document.querySelector(".site-header .header-row").getBoundingClientRect();
  if (header.left < 0 || header.right > width) problems.push(`header spans ${header.left}-${header.right}`);
  const visible = el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // checkVisibility: not inside a closed <details> or display: none.
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden" && el.checkVisibility() && !el.closest(".visually-hidden, [hidden], svg");
  };
  for (const el of document.querySelectorAll("body *")) {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text && visible(el) && parseFloat(getComputedStyle(el).fontSize) < 12) {
      problems.push(`text under 12px: ${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${getComputedStyle(el).fontSize}`);
    }
  }
  for (const svgText of document.querySelectorAll("svg text")) {
    const box = svgText.getBoundingClientRect();
    if (box.height > 0 && box.height < 12 * 0.9) problems.push(`chart text ${box.height.toFixed(1)}px tall: "${svgText.textContent.slice(0, 20)}"`);
  }
  const controls = "button, .button, select, summary, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), .site-header a, .chip, .pager a, .facet-list a, .icon-button, .site-footer a, label.check";
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el) || el.closest(".description, .prose")) continue;
    const box = el.getBoundingClientRect();
    if (box.height < 43.5 || box.width < 24) {
      problems.push(`small target ${Math.round(box.width)}x${Math.round(box.height)}: ${el.tagName.toLowerCase()} "${(el.textContent || el.value || "").trim().slice(0, 30)}"`);
    }
  }
  // A control on screen must be what a tap at its middle reaches. Content scrolling under a
  // fixed bar (the phone's apply bar) is how such bars work; anything else on top is a defect
  // (a sticky bar over a checkbox, a box drawn over a button).
  const fixed = el => { for (; el; el = el.parentElement) if (getComputedStyle(el).position === "fixed") return true; return false; };
  // A point outside a box that clips its content (a list scrolled in itself) is not shown.
  const clipped = (el, x, y) => {
    for (let box = el.parentElement; box; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const r = box.getBoundingClientRect();
      if (x < r.left || x > r.right || y < r.top || y > r.bottom) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll(controls + ", input[type=checkbox], input[type=radio], a[href]")) {
    if (!visible(el) || el.closest(".visually-hidden")) continue;
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    // Its middle, and just inside its top and bottom edges: half a control covered is a defect.
    for (const y of [box.top + box.height / 2, box.top + 2, box.bottom - 2]) {
      if (x < 0 || y < 0 || x >= width || y >= window.innerHeight || clipped(el, x, y)) continue;
      const hit = document.elementFromPoint(x, y);
      if (!hit || el.contains(hit) || hit.contains(el) || (hit.closest("label") && hit.closest("label").contains(el)) || (fixed(hit) && !fixed(el))) continue;
      problems.push(`covered: ${el.tagName.toLowerCase()} "${(el.textContent || el.value || el.name || "").trim().slice(0, 30)}" under ${hit.tagName.toLowerCase()}.${String(hit.className).split(" ")[0]}`);
      break;
    }
  }
  return [...new Set(problems)];
}
"""
