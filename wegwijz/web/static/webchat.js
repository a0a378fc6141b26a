// WegwijZ web chat: plain JavaScript, no libraries. Text is inserted with textContent
// (never innerHTML), so nothing a person or an article writes can run as code.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  // Who is talking is the server's business: an HttpOnly cookie the page cannot read.
  localStorage.removeItem("wegwijz-sender");  // the id older versions kept here
  var WAIT = "Een momentje… / لحظة من فضلك… / ሓንሳብ ጽንሑ… / One moment please…";

  // Light formatting: **bold**, _italic_ and links, built as DOM nodes.
  function appendFormatted(parent, text) {
    var pattern = /(\*\*[^*]+\*\*|_[^_\n]+_|https?:\/\/[^\s<>)]+|www\.[^\s<>)]+)/g;
    var last = 0, m;
    while ((m = pattern.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var token = m[0], node;
      if (token.indexOf("**") === 0) { node = document.createElement("strong"); node.textContent = token.slice(2, -2); }
      else if (token.charAt(0) === "_") { node = document.createElement("em"); node.textContent = token.slice(1, -1); }
      else {
        node = document.createElement("a");
        node.href = token.indexOf("http") === 0 ? token : "https://" + token;
        node.rel = "noopener noreferrer"; node.target = "_blank"; node.textContent = token;
      }
      parent.appendChild(node);
      last = m.index + token.length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function add(kind, text, buttons) {
    var item = document.createElement("li");
    item.className = "msg " + kind;
    item.setAttribute("dir", "auto");
    appendFormatted(item, text || "");
    if (buttons && buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button"; button.textContent = b.title; button.setAttribute("dir", "auto");
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function send(message, shown) {
    add("me", shown === undefined ? message : shown);
    var waiting = setTimeout(function () { add("note", WAIT); }, 4000);
    fetch("chat", {
      method: "POST", headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ message: message })
    }).then(function (r) { return r.json(); }).then(function (data) {
      clearTimeout(waiting);
      if (data.error && !(data.replies || []).length) { add("note", WAIT); return; }
      var lastBot = null;
      (data.replies || []).forEach(function (r) {
        if (r.text) { lastBot = add("bot", r.text, r.buttons); }
        if (r.custom && r.custom.source && lastBot) {
          lastBot.dataset.article = r.custom.source.article;
          lastBot.dataset.lang = r.custom.source.lang;
          lastBot.dataset.status = r.custom.source.status;
        }
      });
    }).catch(function () { clearTimeout(waiting); add("note", WAIT); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  // "Forget me on this device": the first press says what it does (and how to erase data), the second forgets.
  var forget = document.getElementById("forget");
  var confirming = false;
  forget.addEventListener("click", function () {
    if (!confirming) {
      confirming = true;
      var note = add("note", "");
      note.appendChild(document.getElementById("forget-confirm").content.cloneNode(true));
      return;
    }
    confirming = false;
    fetch("chat/forget", { method: "POST", credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        Array.from(log.querySelectorAll("li:not(.intro)")).forEach(function (li) { li.remove(); });
        (data.replies || []).forEach(function (r) { add("note", r.text); });
      })
      .catch(function () { add("note", WAIT); });
  });
  document.querySelectorAll("li.intro .buttons button").forEach(function (button) {
    button.addEventListener("click", function () { send(button.dataset.payload, button.textContent); });
  });
})();
