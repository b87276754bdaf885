// Font step and theme without a reload. Without this script the same links go through the server,
// which sets the same cookies and sends the reader back; this only saves the round trip and keeps
// focus on the link that was pressed.
"use strict";

(function () {
  const COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;
  const root = document.documentElement;
  const announcer = document.getElementById("announcer");

  function announce(message) {
    // Emptied first so that the same words said twice are still spoken twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 100);
  }

  function saveCookie(name, value) {
    document.cookie = name + "=" + value + "; Max-Age=" + COOKIE_MAX_AGE_S + "; Path=/; SameSite=Lax";
  }

  function markCurrent(links, chosen) {
    links.forEach(function (link) {
      if (link === chosen) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function setUp(selector, apply, cookie, nowName, what) {
    const links = Array.from(document.querySelectorAll(selector));
    // Shown twice: in the one-line summary of the folded settings and beside the choices.
    const nows = Array.from(document.querySelectorAll('[data-now="' + nowName + '"]'));
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return; // opening in a new tab or window works as a plain link
        }
        event.preventDefault();
        const value = apply(link);
        saveCookie(cookie, value);
        markCurrent(links, link);
        nows.forEach(function (now) { now.textContent = link.textContent.trim(); });
        announce(what + ": " + link.textContent.trim());
      });
    });
  }

  setUp("a[data-size]", function (link) {
    const step = link.dataset.size;
    Array.from(root.classList).forEach(function (name) {
      if (/^step-\d$/.test(name)) {
        root.classList.remove(name);
      }
    });
    root.classList.add("step-" + step);
    return step;
  }, "a11y_size", "size", "글자 크기");

  setUp("a[data-theme-choice]", function (link) {
    const theme = link.dataset.themeChoice;
    root.dataset.theme = theme;
    const scheme = { auto: "light dark", light: "light" }[theme] || "dark";
    document.querySelector('meta[name="color-scheme"]').setAttribute("content", scheme);
    return theme;
  }, "a11y_theme", "theme", "화면 색");
})();
