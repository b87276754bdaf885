// The article player. Without this script the page already offers one native <audio> for the whole
// article, a download link, and a link to each part's MP3; this adds play/pause, previous/next part,
// a seek slider over the whole article with elapsed and total time, speed, "listen from here" on
// every part, gapless play from part to part, the part and sentence being read marked on screen,
// resume after a reload, skipping photo captions, the device's own voice for a part no voice could
// make, a compact dock of the main controls while the article scrolls, and the Media Session (lock
// screen, headset buttons). It never starts by itself, and it speaks through the one live region only
// when the listener's own action changed something, or when a silence would otherwise go unexplained
// (waiting for audio) and at the end.
//
// Vocabulary: the player steps through "부분" (parts): the title, subtitles, paragraphs, subheadings,
// quotes and photo captions. Each part keeps its own name ("3번째 문단", "1번째 사진 설명").
"use strict";

(function () {
  const player = document.getElementById("player");
  if (!player) {
    return;
  }

  const SPEEDS = ["0.75", "1", "1.25", "1.5", "1.75", "2"];
  const SPEED_KEY = "a11y-speed";
  const SKIP_KEY = "a11y-skip-captions";
  const PLACE_KEY = "a11y-place:" + player.dataset.article;
  const RETRY_LIMIT = 3; // tries for a part the server is still making, before calling it failed
  const RETRY_CAP_MS = 3000; // never wait longer than this between two tries
  const PENDING_AFTER_MS = 700; // a part that has not started by then is shown as being prepared
  const SEEK_STEP_S = 10;
  const SAVE_EVERY_MS = 3000; // the listening place is saved this often while playing
  const CHARS_PER_S = 7; // a guess at a part's length while its audio is still being made
  const POLL_MS = 3000; // while parts are still being made, ask the server this often
  const POLL_FOR_MS = 10 * 60 * 1000; // and give up asking after this long

  const root = document.documentElement;
  const announcer = document.getElementById("announcer");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  // Below this height (400% zoom of a laptop screen) a docked bar would hide too much of the text.
  const roomToDock = window.matchMedia("(min-height: 25em)");
  const toggleButton = player.querySelector('[data-action="toggle"]');
  const toggleText = player.querySelector("[data-toggle-text]");
  const positionText = player.querySelector("[data-position]");
  const elapsedText = player.querySelector("[data-elapsed]");
  const totalText = player.querySelector("[data-total]");
  const slider = player.querySelector("#seek");
  const skipBox = player.querySelector("[data-skip-captions]");
  const speedButtons = Array.from(player.querySelectorAll("[data-rate]"));
  const dock = player.querySelector("[data-dock]");
  const dockPlace = player.querySelector("[data-dock-place]");
  const more = player.querySelector(".player-more");
  const speedNow = player.querySelector("[data-speed-now]");

  const parts = Array.from(document.querySelectorAll("[data-segment]"))
    .map(function (el) {
      const duration = Number(el.dataset.duration);
      return {
        el: el,
        index: Number(el.dataset.segment),
        url: el.dataset.audio,
        state: el.dataset.state,
        label: el.dataset.label,
        type: el.dataset.type,
        duration: duration > 0 ? duration : null,
        estimate: Math.max(1, el.textContent.trim().length / CHARS_PER_S),
        sentences: readSentences(el),
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
  let current = -1; // the part loaded in the active deck (playing or paused); -1 before and after
  let cursor = { position: 0, time: 0 }; // where play starts when nothing is loaded
  let pendingTimer = 0;
  let waitingFor = -1; // the part whose wait was announced, so it is said once and its start again
  let savedAt = 0;
  let started = false;
  let resumed = false; // the place came from an earlier visit: the play button offers "이어 듣기"
  let speed = savedSpeed();
  let skipCaptions = savedFlag(SKIP_KEY);

  enhancePage();
  setSpeed(speed, false);
  restorePlace();
  setUpMediaSession();
  setUpDock();
  setUpDeviceVoice();
  watchPending(Date.now());
  showTime();

  function enhancePage() {
    player.querySelector(".player-basic").hidden = true;
    player.querySelector(".player-controls").hidden = false;
    document.querySelectorAll(".listen-link").forEach(function (link) { link.hidden = true; });
    document.querySelectorAll("[data-listen]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        start(positionOf(Number(button.dataset.listen)), { user: true, chosen: true });
      });
    });
    toggleButton.addEventListener("click", toggle);
    player.querySelector('[data-action="previous"]').addEventListener("click", function () { step(-1); });
    player.querySelector('[data-action="next"]').addEventListener("click", function () { step(1); });
    speedButtons.forEach(function (button) {
      button.addEventListener("click", function () { setSpeed(button.dataset.rate, true); });
    });
    slider.addEventListener("keydown", onSliderKey);
    slider.addEventListener("input", function () { seekTo(Number(slider.value)); });
    if (skipBox) {
      skipBox.checked = skipCaptions;
      skipBox.addEventListener("change", function () {
        skipCaptions = skipBox.checked;
        saveValue(SKIP_KEY, skipCaptions ? "1" : "0");
        showTime();
      });
    }
    // On a narrow screen speed and the rest start folded, so the article comes sooner.
    if (more && window.matchMedia("(max-width: 40em)").matches) {
      more.open = false;
    }
    // Letter keys act only while focus is inside the player, never page-wide (WCAG 2.1.4).
    player.addEventListener("keydown", onKey);
  }

  function makeDeck() {
    const audio = document.createElement("audio");
    audio.preload = "none";
    audio.hidden = true;
    audio.addEventListener("ended", function () { if (audio === active()) { advance(); } });
    audio.addEventListener("timeupdate", function () { if (audio === active()) { onTime(); } });
    audio.addEventListener("playing", function () { if (audio === active()) { onPlaying(); } });
    audio.addEventListener("loadedmetadata", function () { learnDuration(audio); });
    audio.addEventListener("error", function () { if (audio === active() && current >= 0) { onError(parts[current]); } });
    player.appendChild(audio);
    return audio;
  }

  function active() { return decks[deck]; }
  function spare() { return decks[1 - deck]; }
  function playingNow() { return current >= 0 && !active().paused; }

  function positionOf(index) {
    return parts.findIndex(function (part) { return part.index === index; });
  }

  // ---------- The whole article's timeline ----------

  // Parts heard in continuous play: not failed ones, and no photo captions when the listener chose so.
  function counted(position) {
    const part = parts[position];
    return part.state !== "failed" && !(skipCaptions && part.type === "image");
  }

  function lengthOf(position) {
    const part = parts[position];
    return part.duration || part.estimate;
  }

  function guessed() {
    return parts.some(function (part, position) { return counted(position) && !part.duration; });
  }

  function totalSeconds() {
    let sum = 0;
    parts.forEach(function (part, position) { if (counted(position)) { sum += lengthOf(position); } });
    return sum;
  }

  function startOf(position) {
    let sum = 0;
    for (let i = 0; i < position; i += 1) {
      if (counted(i)) {
        sum += lengthOf(i);
      }
    }
    return sum;
  }

  // The part and the time within it at a moment of the whole article.
  function placeAt(seconds) {
    let left = Math.max(0, seconds);
    let last = -1;
    for (let i = 0; i < total; i += 1) {
      if (!counted(i)) {
        continue;
      }
      if (left < lengthOf(i)) {
        return { position: i, time: left };
      }
      left -= lengthOf(i);
      last = i;
    }
    return last < 0 ? { position: 0, time: 0 } : { position: last, time: lengthOf(last) };
  }

  function elapsed() {
    if (current >= 0) {
      return startOf(current) + (counted(current) ? Math.min(active().currentTime || 0, lengthOf(current)) : 0);
    }
    return startOf(cursor.position) + (counted(cursor.position) ? cursor.time : 0);
  }

  // The next part continuous play goes to, from `position` in direction `direction`; -1 if none.
  function playableFrom(position, direction) {
    for (let i = position; i >= 0 && i < total; i += direction) {
      if (counted(i)) {
        return i;
      }
      if (parts[i].state === "failed") {
        showState(parts[i], "failed");
      }
    }
    return -1;
  }

  // ---------- Playing ----------

  // how: user (the listener asked, so say where we are), chosen (this very part, even a caption
  // the listener otherwise skips), at (seconds into the part).
  function start(position, how) {
    if (!(how.chosen && position >= 0 && position < total && parts[position].state !== "failed")) {
      position = playableFrom(Math.max(position, 0), 1);
    }
    if (position < 0) {
      finish();
      return;
    }
    started = true;
    resumed = false;
    active().pause();
    const part = parts[position];
    if (current !== position) {
      markSentence(current >= 0 ? parts[current] : null, -1);
    }
    current = position;
    if (spare().dataset.part === String(position) && !spare().error) {
      deck = 1 - deck;
    } else {
      load(active(), part, position);
    }
    const audio = active();
    audio.currentTime = how.at || 0;
    audio.playbackRate = Number(speed);
    highlight(part, how.user);
    if (how.user) {
      announce(sayPlaying(position));
    }
    play(audio, part, how);
    preloadAfter(position);
    dockIfAway();
  }

  function load(audio, part, position) {
    audio.dataset.part = String(position);
    audio.preload = "auto";
    audio.src = part.url;
  }

  function play(audio, part, how) {
    window.clearTimeout(pendingTimer);
    const position = current;
    if (part.state === "pending") {
      showState(part, "pending");
    }
    pendingTimer = window.setTimeout(function () {
      if (audio === active() && current === position && audio.readyState < 3 && !audio.paused) {
        showState(part, "pending");
        sayWaiting(position, how && how.user);
      }
    }, PENDING_AFTER_MS);
    audio.play().catch(function () { /* an error event follows and is handled there */ });
    showPlaying(true);
  }

  function preloadAfter(position) {
    const next = playableFrom(position + 1, 1);
    if (next >= 0) {
      spare().pause();
      load(spare(), parts[next], next);
    }
  }

  function advance() {
    const next = playableFrom(current + 1, 1);
    if (next < 0) {
      finish();
      announce("기사를 끝까지 들었습니다");
      return;
    }
    start(next, { user: false });
  }

  function toggle() {
    const audio = active();
    if (current < 0) {
      start(cursor.position, { user: true, at: cursor.time, chosen: true });
    } else if (audio.paused) {
      audio.play().catch(function () {});
      showPlaying(true);
      announce(sayPlaying(current));
    } else {
      audio.pause();
      savePlace();
      showPlaying(false);
      announce("일시 정지");
    }
  }

  function step(delta) {
    const from = current >= 0 ? current : cursor.position;
    const target = playableFrom(from + delta, delta);
    if (target < 0) {
      // Nothing further that way: say so, and go on with what is playing.
      announce(delta > 0 ? "마지막 부분입니다" : "첫 부분입니다");
      return;
    }
    start(target, { user: true });
  }

  function finish() {
    active().pause();
    markSentence(current >= 0 ? parts[current] : null, -1);
    highlight(null, false);
    current = -1;
    cursor = { position: 0, time: 0 };
    waitingFor = -1;
    forgetPlace();
    showPlaying(false);
    positionText.textContent = "끝까지 들었습니다";
    showTime();
  }

  // Moves to a moment of the whole article; playing goes on from there, a paused player stays paused.
  function seekTo(seconds) {
    const end = totalSeconds();
    seconds = Math.min(Math.max(0, seconds), end);
    const place = placeAt(seconds);
    if (seconds >= end && playingNow()) {
      finish();
      announce("기사를 끝까지 들었습니다");
      return;
    }
    if (playingNow()) {
      if (place.position === current) {
        active().currentTime = place.time;
        onTime();
      } else {
        start(place.position, { user: false, at: place.time });
      }
    } else {
      if (current >= 0) {
        active().pause();
        markSentence(parts[current], -1);
      }
      current = -1;
      cursor = place;
      highlight(parts[place.position], true);
      savePlace();
      showPlaying(false);
    }
    showTime(true);
  }

  function onSliderKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const now = elapsed();
    const here = current >= 0 ? current : cursor.position;
    let target = null;
    if (event.key === "ArrowLeft" || event.key === "ArrowDown") {
      target = now - SEEK_STEP_S;
    } else if (event.key === "ArrowRight" || event.key === "ArrowUp") {
      target = now + SEEK_STEP_S;
    } else if (event.key === "PageUp" || event.key === "PageDown") {
      const direction = event.key === "PageUp" ? 1 : -1;
      const to = playableFrom(here + direction, direction);
      target = to < 0 ? (direction > 0 ? startOf(here) + lengthOf(here) : 0) : startOf(to);
    } else if (event.key === "Home") {
      target = 0;
    } else if (event.key === "End") {
      target = totalSeconds();
    }
    if (target !== null) {
      event.preventDefault();
      seekTo(target);
    }
  }

  function onPlaying() {
    window.clearTimeout(pendingTimer);
    const part = parts[current];
    part.tries = 0;
    showState(part, "ready");
    fetchTimingsFor(part);
    if (waitingFor === current) {
      waitingFor = -1;
      announce(sayPlaying(current)); // the wait was heard, so is its end
    }
  }

  function onTime() {
    const audio = active();
    const part = parts[current];
    markSentence(part, audio.currentTime);
    showTime();
    if (Date.now() - savedAt > SAVE_EVERY_MS) {
      savePlace();
    }
  }

  function learnDuration(audio) {
    const part = parts[Number(audio.dataset.part)];
    if (part && isFinite(audio.duration) && audio.duration > 0 && !part.duration) {
      part.duration = audio.duration;
      showTime();
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
        sayWaiting(position, false);
        window.setTimeout(function () {
          if (current === position) {
            load(active(), part, position);
            play(active(), part, null);
          }
        }, verdict.retryMs);
        return;
      }
      showState(part, "failed");
      advance();
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
        learnFrom(json);
        watchPending(since);
      });
    }, POLL_MS);
  }

  function learnFrom(json) {
    (json && json.segments || []).forEach(function (known) {
      const part = parts[positionOf(known.index)];
      if (!part) {
        return;
      }
      if (known.duration && !part.duration) {
        part.duration = known.duration;
      }
      if (part.state === "pending" && (known.state === "ready" || known.state === "failed")) {
        showState(part, known.state);
      }
      learnSentences(part, known.sentences);
    });
    showTime();
  }

  function articleJson() {
    const article = player.dataset.article;
    return fetch("/api/articles/" + encodeURIComponent(article), { headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .catch(function () { return null; });
  }

  // ---------- Sentences ----------

  function readSentences(el) {
    return Array.from(el.querySelectorAll("[data-sentence]")).map(function (span) {
      return { el: span, number: Number(span.dataset.sentence), start: timeOf(span.dataset.start), end: timeOf(span.dataset.end) };
    });
  }

  function timeOf(value) {
    return value === undefined || value === "" || isNaN(Number(value)) ? null : Number(value);
  }

  function timed(part) {
    return part.sentences.length > 0 && part.sentences.every(function (s) { return s.start !== null && s.end !== null; });
  }

  // A page rendered while the audio was still being made has no times yet: ask when the part starts.
  // Asked once the part plays (its audio, and so its times, exist then), and only once.
  function fetchTimingsFor(part) {
    if (!part.sentences.length || timed(part) || part.timingsAsked) {
      return;
    }
    part.timingsAsked = true;
    articleJson().then(learnFrom);
  }

  function learnSentences(part, known) {
    (known || []).forEach(function (sentence, number) {
      const mine = part.sentences.find(function (s) { return s.number === number; });
      if (mine && typeof sentence.start === "number" && typeof sentence.end === "number") {
        mine.start = sentence.start;
        mine.end = sentence.end;
        mine.el.dataset.start = String(sentence.start);
        mine.el.dataset.end = String(sentence.end);
      }
    });
  }

  // Marks the sentence being read at `time` seconds into the part (none for a negative time).
  function markSentence(part, time) {
    if (!part) {
      return;
    }
    let now = null;
    if (time >= 0) {
      part.sentences.forEach(function (s) {
        if (s.start !== null && time >= s.start - 0.05) {
          now = s; // the last one started: the pause after a sentence still belongs to it
        }
      });
    }
    part.sentences.forEach(function (s) {
      if (s === now) {
        s.el.setAttribute("data-current", "");
      } else {
        s.el.removeAttribute("data-current");
      }
    });
  }

  // ---------- What the listener sees and hears ----------

  function sayPlaying(position) {
    return parts[position].label + " 재생 중, " + (position + 1) + "/" + total + " 부분";
  }

  function sayWaiting(position, chosen) {
    if (waitingFor === position) {
      return; // said once per wait
    }
    waitingFor = position;
    announce(chosen ? parts[position].label + " 음성을 만드는 중입니다" : "다음 부분 음성을 만드는 중입니다");
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
    // they themselves chose the part, nor scroll away the slider or speed control being used.
    const using = document.activeElement;
    if ((reducedMotion.matches && !byUser) || (player.contains(using) && !dock.contains(using))) {
      return;
    }
    part.el.scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  // A part's label always says its state: set here, and only here.
  function showState(part, state) {
    part.state = state;
    part.el.dataset.state = state;
    let text = part.el.querySelector("[data-state-text]");
    if (!text) {
      text = document.createElement("span");
      text.className = "segment-state";
      text.setAttribute("data-state-text", "");
      (part.el.querySelector(".listen") || part.el).appendChild(text);
    }
    text.textContent = {
      pending: "음성 준비 중",
      failed: part.label + ": 음성을 만들지 못해 건너뜁니다.",
      ready: "",
    }[state];
    if (state === "failed") {
      part.el.querySelectorAll("[data-listen]").forEach(function (button) { button.hidden = true; });
      offerDeviceVoice(part);
    }
  }

  function showPlaying(playing) {
    const resume = !playing && current < 0 && resumed;
    toggleText.textContent = playing ? "일시 정지" : resume ? "이어 듣기" : "재생";
    toggleButton.dataset.playing = playing ? "true" : "false";
    if ("mediaSession" in navigator) {
      navigator.mediaSession.playbackState = playing ? "playing" : "paused";
      if (playing && current >= 0) {
        navigator.mediaSession.metadata = metadata(current);
      }
    }
    showTime();
  }

  // Elapsed and total time as text, the slider, the position line and the lock screen, all at once.
  // While the slider has focus and audio plays, it changes only by the listener's own keys, so a
  // screen reader does not read out every second.
  function showTime(byKey) {
    const end = totalSeconds();
    const now = Math.min(elapsed(), end);
    const about = guessed() ? "약 " : "";
    elapsedText.textContent = clock(now);
    totalText.textContent = about + clock(end);
    const here = current >= 0 ? current : cursor.position;
    if (byKey || !(document.activeElement === slider && playingNow())) {
      slider.max = String(Math.max(1, Math.ceil(end)));
      slider.value = String(Math.floor(now));
      slider.setAttribute("aria-valuetext", words(now) + " / " + about + words(end) + ", " + parts[here].label);
    }
    if (current >= 0) {
      positionText.textContent = (current + 1) + "/" + total + " 부분 · " + parts[current].label;
    } else if (started || cursor.position > 0 || cursor.time > 0) {
      if (positionText.textContent !== "끝까지 들었습니다" || cursor.position > 0 || cursor.time > 0) {
        positionText.textContent = parts[here].label + " " + clock(cursor.time) + (resumed ? "부터 이어 듣기" : "부터 재생");
      }
    }
    if (end && "mediaSession" in navigator && navigator.mediaSession.setPositionState) {
      try {
        navigator.mediaSession.setPositionState({ duration: end, playbackRate: Number(speed), position: now });
      } catch (error) { /* a moment outside the (estimated) length */ }
    }
  }

  function clock(seconds) {
    const whole = Math.floor(seconds || 0);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  function words(seconds) {
    const whole = Math.floor(seconds || 0);
    const minutes = Math.floor(whole / 60);
    const rest = whole % 60;
    if (minutes && rest) {
      return minutes + "분 " + rest + "초";
    }
    return minutes ? minutes + "분" : rest + "초";
  }

  // ---------- Resume ----------

  function savePlace() {
    savedAt = Date.now();
    const position = current >= 0 ? current : cursor.position;
    const time = current >= 0 ? active().currentTime || 0 : cursor.time;
    saveValue(PLACE_KEY, JSON.stringify({ segment: parts[position].index, time: Math.floor(time * 10) / 10 }));
  }

  function forgetPlace() {
    try {
      window.localStorage.removeItem(PLACE_KEY);
    } catch (error) { /* see savedSpeed */ }
  }

  function restorePlace() {
    let place = null;
    try {
      place = JSON.parse(window.localStorage.getItem(PLACE_KEY) || "null");
    } catch (error) {
      place = null;
    }
    const position = place ? positionOf(Number(place.segment)) : -1;
    if (position < 0 || !(position > 0 || place.time > 0)) {
      showPlaying(false);
      return;
    }
    cursor = { position: position, time: Math.max(0, Number(place.time) || 0) };
    resumed = true;
    showPlaying(false);
  }

  // ---------- Speed and remembered choices ----------

  function savedSpeed() {
    const saved = readValue(SPEED_KEY);
    return SPEEDS.indexOf(saved) >= 0 ? saved : "1";
  }

  function savedFlag(key) {
    return readValue(key) === "1";
  }

  function readValue(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage may be switched off; choices then last for this page only
    }
  }

  function saveValue(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) { /* see readValue */ }
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
    if (speedNow) {
      speedNow.textContent = rate + "배";
    }
    if (byUser) {
      saveValue(SPEED_KEY, rate);
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

  // ---------- The dock: the main controls stay in reach while the article scrolls ----------

  // The same buttons, not a copy: once the listener has started and scrolled past the player, its
  // first row is fixed to the bottom of the screen; the page gets that much room at its end, and
  // focus scrolling keeps clear of it, so it never covers text that cannot be scrolled out from under it.
  function setUpDock() {
    let queued = false;
    function soon() {
      if (!queued) {
        queued = true;
        window.requestAnimationFrame(function () { queued = false; dockIfAway(); });
      }
    }
    window.addEventListener("scroll", soon, { passive: true });
    window.addEventListener("resize", function () {
      soon();
      if (dock.classList.contains("docked")) {
        measureDock();
      }
    });
    roomToDock.addEventListener("change", soon);
  }

  function dockIfAway() {
    const place = dockPlace.getBoundingClientRect();
    const away = place.bottom < 0;
    const docked = dock.classList.contains("docked");
    if (started && away && roomToDock.matches && !docked) {
      dockPlace.style.minHeight = place.height + "px";
      dock.classList.add("docked");
      root.classList.add("player-docked");
      measureDock();
      keepFocusClear();
    } else if (docked && (!away || !roomToDock.matches)) {
      dock.classList.remove("docked");
      root.classList.remove("player-docked");
      dockPlace.style.minHeight = "";
    }
  }

  // What has focus when the dock appears must not end up under it (WCAG 2.4.12).
  function keepFocusClear() {
    const focused = document.activeElement;
    if (!focused || focused === document.body || dock.contains(focused)) {
      return;
    }
    const box = focused.getBoundingClientRect();
    if (box.bottom > dock.getBoundingClientRect().top && box.top < window.innerHeight) {
      focused.scrollIntoView({ block: "nearest" }); // scroll-padding keeps it above the dock
    }
  }

  function measureDock() {
    root.style.setProperty("--dock-height", Math.ceil(dock.getBoundingClientRect().height) + "px");
  }

  // ---------- The device's own voice, for a part no voice of ours could make ----------

  function koreanVoice() {
    if (!("speechSynthesis" in window)) {
      return null;
    }
    return window.speechSynthesis.getVoices().find(function (voice) { return /^ko\b/i.test(voice.lang); }) || null;
  }

  function setUpDeviceVoice() {
    if (!("speechSynthesis" in window)) {
      return;
    }
    parts.forEach(function (part) { if (part.state === "failed") { offerDeviceVoice(part); } });
    // Voices often arrive a moment after the page.
    window.speechSynthesis.addEventListener("voiceschanged", function () {
      parts.forEach(function (part) { if (part.state === "failed") { offerDeviceVoice(part); } });
    });
  }

  function offerDeviceVoice(part) {
    if (!koreanVoice()) {
      return;
    }
    let button = part.el.querySelector("[data-device-voice]");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "listen-button";
      button.dataset.deviceVoice = String(part.index);
      (part.el.querySelector(".listen") || part.el).appendChild(button);
    }
    if (!button.dataset.ready) {
      button.dataset.ready = "true";
      button.textContent = part.label + " 기기 음성으로 듣기";
      button.addEventListener("click", function () { speakWithDevice(part, button); });
    }
    button.hidden = false;
  }

  function speakWithDevice(part, button) {
    const synth = window.speechSynthesis;
    if (synth.speaking) {
      synth.cancel();
      return; // the button said "멈추기": its end handler puts the name back
    }
    if (playingNow()) {
      active().pause();
      showPlaying(false);
    }
    articleJson().then(function (json) {
      const known = json && (json.segments || []).find(function (s) { return s.index === part.index; });
      const utterance = new window.SpeechSynthesisUtterance((known && known.spoken) || part.el.querySelector("p, h1, h2, figcaption").textContent);
      utterance.lang = "ko-KR";
      utterance.voice = koreanVoice();
      utterance.rate = Number(speed);
      const state = part.el.querySelector("[data-state-text]");
      utterance.addEventListener("end", function () {
        button.textContent = part.label + " 기기 음성으로 듣기";
        state.textContent = part.label + ": 음성을 만들지 못했습니다.";
      });
      button.textContent = part.label + " 기기 음성 멈추기";
      state.textContent = part.label + ": 기기 음성으로 읽는 중";
      highlight(part, true);
      synth.speak(utterance);
    });
  }

  // ---------- Lock screen and headset ----------

  function metadata(position) {
    const artwork = player.dataset.artwork;
    return new window.MediaMetadata({
      title: player.dataset.title,
      artist: player.dataset.artist,
      album: parts[position].label + " · " + (position + 1) + "/" + total + " 부분",
      artwork: artwork ? [{ src: new URL(artwork, document.baseURI).href }] : [],
    });
  }

  function setUpMediaSession() {
    if (!("mediaSession" in navigator)) {
      return;
    }
    const session = navigator.mediaSession;
    const handlers = {
      play: function () { if (!playingNow()) { toggle(); } },
      pause: function () { if (playingNow()) { toggle(); } },
      previoustrack: function () { step(-1); },
      nexttrack: function () { step(1); },
      seekto: function (details) { seekTo(details.seekTime); },
      seekbackward: function (details) { seekTo(elapsed() - (details.seekOffset || SEEK_STEP_S)); },
      seekforward: function (details) { seekTo(elapsed() + (details.seekOffset || SEEK_STEP_S)); },
    };
    Object.keys(handlers).forEach(function (action) {
      try {
        session.setActionHandler(action, handlers[action]);
      } catch (error) { /* this browser does not know the action */ }
    });
  }
})();
