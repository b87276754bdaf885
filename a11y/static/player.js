// The article player. Without this script the page already offers one native <audio> for the whole
// article and a link to each part's MP3; this adds play/pause, previous/next, speed, "listen from
// here" on every part, gapless play from part to part, a highlighted current part, and the Media
// Session (lock screen, headset buttons). It never starts by itself, and it speaks through the one
// live region only when the listener's own action changed something.
"use strict";

(function () {
  const player = document.getElementById("player");
  if (!player) {
    return;
  }

  const SPEEDS = ["0.75", "1", "1.25", "1.5", "1.75", "2"];
  const SPEED_KEY = "a11y-speed";
  const RETRY_LIMIT = 3; // tries for a part the server is still making, before calling it failed
  const RETRY_CAP_MS = 3000; // never wait longer than this between two tries
  const PENDING_AFTER_MS = 700; // a part that has not started by then is shown as being prepared
  const SEEK_STEP_S = 10;
  const POLL_MS = 3000; // while parts are still being made, ask the server this often
  const POLL_FOR_MS = 10 * 60 * 1000; // and give up asking after this long

  const announcer = document.getElementById("announcer");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const toggleButton = player.querySelector('[data-action="toggle"]');
  const positionText = player.querySelector("[data-position]");
  const progress = player.querySelector("[data-progress]");
  const speedButtons = Array.from(player.querySelectorAll("[data-rate]"));

  const parts = Array.from(document.querySelectorAll("[data-segment]"))
    .map(function (el) {
      return {
        el: el,
        index: Number(el.dataset.segment),
        url: el.dataset.audio,
        state: el.dataset.state,
        label: el.dataset.label,
        kind: el.dataset.kind,
        tries: 0,
      };
    })
    .sort(function (a, b) { return a.index - b.index; });
  const total = parts.length;
  if (!total) {
    return;
  }

  // Two audio elements take turns: the next part loads while this one plays, so there is no gap.
  const decks = [makeDeck(), makeDeck()];
  let deck = 0;
  let current = -1;
  let pendingTimer = 0;
  let speed = savedSpeed();

  enhancePage();
  setSpeed(speed, false);
  setUpMediaSession();
  watchPending(Date.now());

  function enhancePage() {
    player.querySelector(".player-basic").hidden = true;
    player.querySelector(".player-controls").hidden = false;
    document.querySelectorAll(".listen-link").forEach(function (link) { link.hidden = true; });
    document.querySelectorAll(".listen-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        start(positionOf(Number(button.dataset.listen)), { user: true });
      });
    });
    toggleButton.addEventListener("click", toggle);
    player.querySelector('[data-action="previous"]').addEventListener("click", function () { step(-1); });
    player.querySelector('[data-action="next"]').addEventListener("click", function () { step(1); });
    speedButtons.forEach(function (button) {
      button.addEventListener("click", function () { setSpeed(button.dataset.rate, true); });
    });
    // Letter keys act only while focus is inside the player, never page-wide (WCAG 2.1.4).
    player.addEventListener("keydown", onKey);
  }

  function makeDeck() {
    const audio = document.createElement("audio");
    audio.preload = "none";
    audio.hidden = true;
    audio.addEventListener("ended", function () { if (audio === active()) { start(current + 1, { user: false }); } });
    audio.addEventListener("timeupdate", function () { if (audio === active()) { showProgress(); } });
    audio.addEventListener("playing", function () { if (audio === active()) { onPlaying(); } });
    audio.addEventListener("error", function () { if (audio === active() && current >= 0) { onError(parts[current]); } });
    player.appendChild(audio);
    return audio;
  }

  function active() { return decks[deck]; }
  function spare() { return decks[1 - deck]; }

  function positionOf(index) {
    return parts.findIndex(function (part) { return part.index === index; });
  }

  // ---------- Playing ----------

  function start(position, how) {
    while (position < total && parts[position].state === "failed") {
      showState(parts[position], "failed");
      position += 1;
    }
    if (position < 0) {
      position = 0;
    }
    if (position >= total) {
      finish();
      return;
    }
    active().pause();
    const part = parts[position];
    current = position;
    if (spare().dataset.part === String(position) && !spare().error) {
      deck = 1 - deck;
    } else {
      load(active(), part, position);
    }
    const audio = active();
    audio.currentTime = 0;
    audio.playbackRate = Number(speed);
    highlight(part, how.user);
    if (how.user) {
      announce(sayPlaying(position));
    }
    play(audio, part);
    preloadAfter(position);
  }

  function load(audio, part, position) {
    audio.dataset.part = String(position);
    audio.preload = "auto";
    audio.src = part.url;
  }

  function play(audio, part) {
    window.clearTimeout(pendingTimer);
    if (part.state === "pending") {
      showState(part, "pending");
    } else {
      pendingTimer = window.setTimeout(function () {
        if (audio === active() && audio.readyState < 3 && !audio.paused) {
          showState(part, "pending");
        }
      }, PENDING_AFTER_MS);
    }
    audio.play().catch(function () { /* an error event follows and is handled there */ });
    showPlaying(true);
  }

  function preloadAfter(position) {
    let next = position + 1;
    while (next < total && parts[next].state === "failed") {
      next += 1;
    }
    if (next < total) {
      spare().pause();
      load(spare(), parts[next], next);
    }
  }

  function toggle() {
    const audio = active();
    if (current < 0) {
      start(0, { user: true });
    } else if (audio.paused) {
      audio.play().catch(function () {});
      showPlaying(true);
      announce(sayPlaying(current));
    } else {
      audio.pause();
      showPlaying(false);
      announce("일시 정지");
    }
  }

  function step(delta) {
    start(current < 0 ? 0 : current + delta, { user: true });
  }

  function finish() {
    active().pause();
    highlight(null, false);
    current = -1;
    showPlaying(false);
    positionText.textContent = "끝까지 들었습니다";
    progress.value = 0;
  }

  function onPlaying() {
    window.clearTimeout(pendingTimer);
    const part = parts[current];
    part.tries = 0;
    if (part.state !== "ready") {
      part.state = "ready";
      showState(part, "ready");
    }
  }

  // A part that would not load is either still being made (try again shortly) or failed (say so
  // in words and go on to the next). The server's answer tells which.
  function onError(part) {
    const position = current;
    diagnose(part).then(function (verdict) {
      if (current !== position) {
        return; // the listener has moved on meanwhile
      }
      if (verdict.state === "pending" && part.tries < RETRY_LIMIT) {
        part.tries += 1;
        showState(part, "pending");
        window.setTimeout(function () {
          if (current === position) {
            load(active(), part, position);
            play(active(), part);
          }
        }, verdict.retryMs);
        return;
      }
      part.state = "failed";
      showState(part, "failed");
      start(position + 1, { user: false });
    });
  }

  function diagnose(part) {
    return articleJson().then(function (json) {
      const known = json && (json.segments || []).find(function (s) { return s.index === part.index; });
      if (known && known.state === "failed") {
        return { state: "failed" };
      }
      return fetch(part.url, { headers: { Range: "bytes=0-0" } }).then(function (answer) {
        const retryAfterS = Number(answer.headers.get("Retry-After") || 0);
        if (answer.ok || answer.status === 202 || answer.status === 503) {
          return { state: "pending", retryMs: Math.min(Math.max(retryAfterS * 1000, 300), RETRY_CAP_MS) };
        }
        return { state: "failed" };
      });
    }).catch(function () { return { state: "pending", retryMs: RETRY_CAP_MS }; });
  }

  // Parts the server is still making show "음성 준비 중" until the server says otherwise.
  function watchPending(since) {
    const waiting = parts.filter(function (part) { return part.state === "pending"; });
    if (!waiting.length || Date.now() - since > POLL_FOR_MS) {
      return;
    }
    window.setTimeout(function () {
      articleJson().then(function (json) {
        (json && json.segments || []).forEach(function (known) {
          const part = parts[positionOf(known.index)];
          if (part && part.state === "pending" && (known.state === "ready" || known.state === "failed")) {
            part.state = known.state;
            showState(part, known.state);
          }
        });
        watchPending(since);
      });
    }, POLL_MS);
  }

  function articleJson() {
    const article = player.dataset.article;
    return fetch("/api/articles/" + encodeURIComponent(article), { headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .catch(function () { return null; });
  }

  // ---------- What the listener sees and hears ----------

  function sayPlaying(position) {
    return (position + 1) + "/" + total + " " + parts[position].kind + " 재생 중";
  }

  function announce(message) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 100);
  }

  function highlight(part, byUser) {
    parts.forEach(function (other) {
      if (other !== part) {
        other.el.removeAttribute("aria-current");
      }
    });
    if (!part) {
      return;
    }
    part.el.setAttribute("aria-current", "true");
    // Follow the narration on screen, but never move a reader who asked for less motion unless
    // they themselves chose the part.
    if (reducedMotion.matches && !byUser) {
      return;
    }
    part.el.scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  function showState(part, state) {
    part.el.dataset.state = state;
    let text = part.el.querySelector("[data-state-text]");
    if (!text) {
      text = document.createElement("p");
      text.className = "segment-state";
      text.setAttribute("data-state-text", "");
      part.el.appendChild(text);
    }
    text.textContent = {
      pending: "음성 준비 중",
      failed: part.label + ": 음성을 만들지 못해 건너뜁니다.",
      ready: "",
    }[state];
  }

  function showPlaying(playing) {
    toggleButton.textContent = playing ? "일시 정지" : "재생";
    if ("mediaSession" in navigator) {
      navigator.mediaSession.playbackState = playing ? "playing" : "paused";
      if (playing && current >= 0) {
        navigator.mediaSession.metadata = metadata(current);
      }
    }
    showProgress();
  }

  function showProgress() {
    if (current < 0) {
      return;
    }
    const audio = active();
    const duration = isFinite(audio.duration) ? audio.duration : 0;
    positionText.textContent =
      (current + 1) + "/" + total + " " + parts[current].kind + " · " +
      clock(audio.currentTime) + " / " + (duration ? clock(duration) : "--:--");
    progress.value = duration ? audio.currentTime / duration : 0;
    if (duration && "mediaSession" in navigator && navigator.mediaSession.setPositionState) {
      navigator.mediaSession.setPositionState({
        duration: duration,
        playbackRate: audio.playbackRate,
        position: Math.min(audio.currentTime, duration),
      });
    }
  }

  function clock(seconds) {
    const whole = Math.floor(seconds || 0);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  // ---------- Speed ----------

  function savedSpeed() {
    try {
      const saved = window.localStorage.getItem(SPEED_KEY);
      return SPEEDS.indexOf(saved) >= 0 ? saved : "1";
    } catch (error) {
      return "1"; // storage may be switched off; the speed then lasts for this page only
    }
  }

  function setSpeed(rate, byUser) {
    speed = rate;
    decks.forEach(function (audio) {
      audio.defaultPlaybackRate = Number(rate);
      audio.playbackRate = Number(rate);
    });
    speedButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.rate === rate ? "true" : "false");
    });
    if (byUser) {
      try {
        window.localStorage.setItem(SPEED_KEY, rate);
      } catch (error) { /* see savedSpeed */ }
      announce("재생 속도 " + rate + "배");
    }
  }

  // ---------- Keys ----------

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) {
      return;
    }
    // By physical key, so the shortcuts also work while a Korean input method is on.
    const action = { KeyK: toggle, KeyJ: function () { step(-1); }, KeyL: function () { step(1); } }[event.code];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  // ---------- Lock screen and headset ----------

  function metadata(position) {
    const artwork = player.dataset.artwork;
    return new window.MediaMetadata({
      title: player.dataset.title,
      artist: player.dataset.artist,
      album: (position + 1) + "/" + total + " " + parts[position].kind,
      artwork: artwork ? [{ src: new URL(artwork, document.baseURI).href }] : [],
    });
  }

  function setUpMediaSession() {
    if (!("mediaSession" in navigator)) {
      return;
    }
    const session = navigator.mediaSession;
    const handlers = {
      play: function () { if (active().paused) { toggle(); } },
      pause: function () { if (!active().paused) { toggle(); } },
      previoustrack: function () { step(-1); },
      nexttrack: function () { step(1); },
      seekto: function (details) { active().currentTime = details.seekTime; },
      seekbackward: function (details) {
        active().currentTime = Math.max(0, active().currentTime - (details.seekOffset || SEEK_STEP_S));
      },
      seekforward: function (details) {
        active().currentTime = Math.min(active().duration || 0, active().currentTime + (details.seekOffset || SEEK_STEP_S));
      },
    };
    Object.keys(handlers).forEach(function (action) {
      try {
        session.setActionHandler(action, handlers[action]);
      } catch (error) { /* this browser does not know the action */ }
    });
  }
})();
