// The editors' desk: focus where the page says (an error summary after a failed post, a notice
// after a saved one), and the preview box answered in place through POST /api/say. Without this
// script the same forms post to the server, which renders the same result.
"use strict";

(function () {
  const announcer = document.getElementById("announcer");

  function announce(message) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 100);
  }

  const focusTarget = document.querySelector("[data-focus-on-load]");
  if (focusTarget && document.activeElement !== focusTarget) {
    focusTarget.focus();
  }

  const form = document.getElementById("say-form");
  if (!form) {
    return;
  }
  const field = document.getElementById("say-text");
  const result = document.getElementById("say-result");
  const FLAG_WORDS = { hanja: "한자", symbol: "기호", latin: "로마자", acronym: "약어", digits: "긴 숫자", particle: "조사" };

  function item(children) {
    const li = document.createElement("li");
    children.forEach(function (child) {
      li.append(child);
    });
    return li;
  }

  function strong(text) {
    const element = document.createElement("strong");
    element.textContent = text;
    return element;
  }

  function code(text) {
    const element = document.createElement("code");
    element.textContent = text;
    return element;
  }

  function showError(message) {
    let error = document.getElementById("say-text-error");
    if (!error) {
      error = document.createElement("p");
      error.className = "error-message";
      error.id = "say-text-error";
      field.before(error);
    }
    error.textContent = message;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", "say-text-hint say-text-error");
    field.focus();
    announce("오류: " + message);
  }

  function clearError() {
    const error = document.getElementById("say-text-error");
    if (error) {
      error.remove();
    }
    field.removeAttribute("aria-invalid");
    field.setAttribute("aria-describedby", "say-text-hint");
  }

  function render(answer) {
    result.querySelector('[data-say="spoken"]').textContent = answer.spoken;
    const flags = result.querySelector('[data-say="flags"]');
    flags.replaceChildren();
    answer.flags.forEach(function (flag) {
      const li = item([strong(FLAG_WORDS[flag.kind] || flag.kind), " ‘" + flag.text + "’: " + flag.message]);
      li.className = "flag flag-" + flag.kind;
      li.dataset.flag = flag.kind;
      flags.append(li);
    });
    if (!answer.flags.length) {
      flags.append(item(["없음"]));
    }
    const steps = result.querySelector('[data-say="steps"]');
    steps.replaceChildren();
    answer.steps.forEach(function (step) {
      steps.append(item([code(step.step), ": ‘" + step.before + "’ → ‘" + step.after + "’"]));
    });
    if (!answer.steps.length) {
      steps.append(item(["바꾼 것이 없습니다."]));
    }
    result.hidden = false;
    announce("읽기 결과가 나왔습니다. 확인할 점 " + answer.flags.length + "건.");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = field.value;
    if (!text.trim()) {
      showError("읽어 볼 글을 적어 주세요.");
      return;
    }
    fetch(form.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          showError(answer.detail || "읽기를 보여 줄 수 없습니다.");
          return;
        }
        clearError();
        render(answer);
      });
    }).catch(function () {
      form.submit(); // the server renders the same result without this script
    });
  });
})();
