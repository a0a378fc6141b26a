// WegwijZ web chat: plain JavaScript, no libraries. Text is inserted with textContent
// (never innerHTML), so nothing a person or an article writes can run as code.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var TEXTS = JSON.parse(document.getElementById("page-texts").textContent);
  var KEEP_MS = JSON.parse(document.getElementById("keep-days").textContent) * 86400000;
  var SPOKEN = JSON.parse(document.getElementById("languages").textContent);  // the language registry
  var LANGUAGES = SPOKEN.map(function (l) { return l.code; });
  // The transcript stays on this device only (never sent anywhere), as long as the chat's cookie
  // would: so a reload, also in the middle of the startgesprek, shows the conversation again.
  var STORE = "wegwijz-chat";
  var MAX_KEPT = 200;
  // Who is talking is the server's business: an HttpOnly cookie the page cannot read.
  localStorage.removeItem("wegwijz-sender");  // the id older versions kept here

  var conversation = { lang: null, items: [] };

  // ---- scripts and direction ---------------------------------------------------------------
  var ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]/;
  var ETHIOPIC = /[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]/;
  var LATIN = /[A-Za-z\u00C0-\u024F]/;
  // Direction controls a keyboard or a paste may carry: in the person's own bubble they would
  // turn a typed "huisarts" into "strasiuh" (the server drops them from the message too).
  var BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
  // A Dutch term (or command) inside Arabic text: isolated in <bdi>, so its brackets, colon and
  // gloss stay where the sentence puts them.
  var LATIN_WORD = "[A-Za-z\\u00C0-\\u024F0-9]*[A-Za-z\\u00C0-\\u024F][A-Za-z\\u00C0-\\u024F0-9]*" +
                   "(?:['\\u2019.\\-][A-Za-z\\u00C0-\\u024F0-9]+)*";
  var LATIN_RUN = new RegExp("/?" + LATIN_WORD + "(?: " + LATIN_WORD + ")*", "g");

  function letterCounts(text) {
    var counts = { ar: 0, ti: 0, latin: 0 };
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ARABIC.test(ch)) counts.ar++;
      else if (ETHIOPIC.test(ch)) counts.ti++;
      else if (LATIN.test(ch)) counts.latin++;
    }
    return counts;
  }

  function isRightToLeft(text) {
    var counts = letterCounts(text);
    return counts.ar > counts.latin + counts.ti;
  }

  // ---- light formatting: **bold**, _italic_ and links, built as DOM nodes ----------------------
  var URL_CHARS = "[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'*+,;=%]+";
  var INLINE = new RegExp("(\\*\\*[^*\\n]+\\*\\*|(?<![\\w])_[^_\\n]+_(?![\\w])|<https?://[^\\s<>]+>|" +
                          "https?://" + URL_CHARS + "|www\\." + URL_CHARS + ")", "g");
  var URL_TAIL = /[.,;:!?'\]]+$/;  // sentence punctuation after a bare link is not part of it

  function appendText(parent, text, isolate) {
    if (!isolate) { parent.appendChild(document.createTextNode(text)); return; }
    var last = 0, m;
    LATIN_RUN.lastIndex = 0;
    while ((m = LATIN_RUN.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var bdi = document.createElement("bdi");
      bdi.textContent = m[0];
      parent.appendChild(bdi);
      last = m.index + m[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function link(url) {
    var a = document.createElement("a");
    a.href = url.indexOf("http") === 0 ? url : "https://" + url;
    a.rel = "noopener noreferrer"; a.target = "_blank"; a.textContent = url;
    a.setAttribute("dir", "ltr");  // an address reads left to right in every language
    return a;
  }

  function appendInline(parent, text, isolate) {
    var last = 0, m;
    INLINE.lastIndex = 0;
    while ((m = INLINE.exec(text)) !== null) {
      var token = m[0], node, rest = "";
      if (m.index > last) appendText(parent, text.slice(last, m.index), isolate);
      if (token.indexOf("**") === 0) {
        node = document.createElement("strong"); appendText(node, token.slice(2, -2), isolate);
      } else if (token.charAt(0) === "_") {
        node = document.createElement("em"); appendText(node, token.slice(1, -1), isolate);
      } else if (token.charAt(0) === "<") {  // <https://…>: a link that reads as the address, no brackets
        node = link(token.slice(1, -1));
      } else {
        var tail = URL_TAIL.exec(token);
        if (tail) { rest = tail[0]; token = token.slice(0, -rest.length); }
        node = link(token);
      }
      parent.appendChild(node);
      if (rest) appendText(parent, rest, false);
      last = m.index + m[0].length;
    }
    if (last < text.length) appendText(parent, text.slice(last), isolate);
  }

  // Each paragraph and list item is its own block with its own direction: one direction for a
  // whole answer puts brackets and glosses in the wrong place. In a right-to-left answer every
  // block with Arabic in it is right-to-left, also a list line that begins with a Dutch term.
  function appendBlocks(bubble, text) {
    var rtl = isRightToLeft(text);
    var list = null, gap = false;
    bubble.setAttribute("dir", rtl ? "rtl" : "auto");
    text.split("\n").forEach(function (line) {
      if (!line.trim()) { list = null; gap = true; return; }
      var item = /^\s*[-\u2022*]\s+(.*)$/.exec(line), block;
      if (item) {
        if (!list) {
          list = document.createElement("ul");
          list.setAttribute("dir", rtl ? "rtl" : "auto");
          if (gap && bubble.firstChild) list.className = "gap";
          bubble.appendChild(list);
        }
        line = item[1];
        block = document.createElement("li");
        list.appendChild(block);
        block.setAttribute("dir", rtl ? "rtl" : "auto");
      } else {
        list = null;
        block = document.createElement("p");
        if (gap && bubble.firstChild) block.className = "gap";
        bubble.appendChild(block);
        block.setAttribute("dir", rtl && ARABIC.test(line) ? "rtl" : "auto");
      }
      gap = false;
      appendInline(block, line, rtl);
    });
  }

  // What the person typed, shown as typed: a line per block, Dutch words isolated in Arabic text, no formatting.
  function appendOwnLines(bubble, text) {
    var rtl = isRightToLeft(text);
    bubble.setAttribute("dir", rtl ? "rtl" : "auto");
    text.split("\n").forEach(function (line) {
      var block = document.createElement("p");
      block.setAttribute("dir", rtl && ARABIC.test(line) ? "rtl" : "auto");
      appendText(block, line, rtl);
      bubble.appendChild(block);
    });
  }

  // ---- the person's language: the page's own texts follow it -----------------------------------
  function browserLanguage() {
    var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) {
      return String(l).slice(0, 2).toLowerCase();
    });
    for (var i = 0; i < wanted.length; i++) if (LANGUAGES.indexOf(wanted[i]) >= 0) return wanted[i];
    return "nl";
  }

  function showPageTexts(lang) {
    input.placeholder = TEXTS.input_hint[lang];
    input.lang = lang;
    document.getElementById("message-label").textContent = TEXTS.input_label[lang];
    document.getElementById("send-label").textContent = TEXTS.send[lang];
  }

  function setLanguage(lang) {
    if (LANGUAGES.indexOf(lang) < 0) return;
    conversation.lang = lang;
    showPageTexts(lang);
  }

  // The language of an answer: its script for Arabic and Tigrinya, else what the server says.
  function learnLanguage(replies, spoken) {
    var text = replies.map(function (r) { return r.text || ""; }).join("\n");
    var counts = letterCounts(text);
    if (counts.ar > counts.latin + counts.ti) setLanguage("ar");
    else if (counts.ti > counts.latin + counts.ar) setLanguage("ti");
    else if (spoken) setLanguage(spoken);
  }

  function waitText() {
    if (conversation.lang) return TEXTS.wait[conversation.lang];
    return LANGUAGES.map(function (lang) { return TEXTS.wait[lang]; }).join(" / ");
  }

  // ---- the transcript on this device ----------------------------------------------------------
  function save() {
    conversation.items = conversation.items.slice(-MAX_KEPT);
    if (!conversation.items.length) { localStorage.removeItem(STORE); return; }
    try {
      localStorage.setItem(STORE, JSON.stringify({ saved: Date.now(), lang: conversation.lang,
                                                   items: conversation.items }));
    } catch (e) { /* storage full or switched off: the chat works, a reload starts afresh */ }
  }

  function restore() {
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { kept = null; }
    if (!kept || !Array.isArray(kept.items) || !kept.items.length || !(Date.now() - kept.saved < KEEP_MS)) {
      localStorage.removeItem(STORE);
      return false;
    }
    conversation.items = kept.items;
    if (kept.lang) setLanguage(kept.lang);
    return true;
  }

  function forgetTranscript() {
    localStorage.removeItem(STORE);
    conversation = { lang: null, items: [] };
    showPageTexts(browserLanguage());
  }

  // After /verwijder the server has erased everything: this device forgets the conversation too. Only
  // the reply that says so stays on the screen, and the language stays in memory, so the next reply is
  // in the person's language without keeping anything they said.
  function forgetErasedConversation(firstOfReply) {
    var item = firstOfReply ? firstOfReply.previousElementSibling : log.lastElementChild;
    while (item && !item.classList.contains("intro")) {
      var before = item.previousElementSibling;
      item.remove();
      item = before;
    }
    conversation.items = [];
    localStorage.removeItem(STORE);
  }

  // ---- showing messages -----------------------------------------------------------------------
  function render(entry) {
    var item = document.createElement("li");
    item.className = "msg " + entry.kind;
    if (entry.kind === "bot") {
      appendBlocks(item, entry.text || "");
    } else if (entry.kind === "me") {
      appendOwnLines(item, (entry.text || "").replace(BIDI_CONTROLS, ""));
    } else {
      item.setAttribute("dir", "auto");
      item.textContent = entry.text || "";
    }
    if (entry.buttons && entry.buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      entry.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button"; button.textContent = b.title; button.setAttribute("dir", "auto");
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    if (entry.voice) appendPlayer(item, entry.voice);
    if (entry.source) {
      item.dataset.article = entry.source.article;
      item.dataset.lang = entry.source.lang;
      item.dataset.status = entry.source.status;
    }
    log.appendChild(item);
    return item;
  }

  // A kennisbank answer read aloud: the browser's own player, with the audio from this server.
  function appendPlayer(item, voice) {
    if (!/^chat\/voorlezen\/[a-z0-9_]+\/[a-z]{2}\.ogg\?v=[A-Za-z0-9-]*$/.test(voice.url || "")) return;
    var player = document.createElement("audio");
    player.controls = true;
    player.preload = "metadata";
    player.src = voice.url;
    player.className = "voice";
    player.setAttribute("aria-label", TEXTS.voice_player[voice.lang] || TEXTS.voice_player.nl);
    item.appendChild(player);
  }

  function add(kind, text, buttons) {
    var entry = { kind: kind, text: text || "" };
    if (buttons && buttons.length) entry.buttons = buttons.map(function (b) { return { title: b.title, payload: b.payload }; });
    if (kind !== "note") conversation.items.push(entry);  // notes ("one moment") are not kept
    return render(entry);
  }

  // The sticky input box must never cover the newest message: keep its height as scroll padding.
  function keepRoomForComposer() {
    document.documentElement.style.scrollPaddingBottom = (form.offsetHeight + 8) + "px";
  }

  function roomAbove() {
    return window.innerHeight - form.offsetHeight - 8;
  }

  // New answers are read from their start: when they fit, all of them; else their first line at the top.
  function bringIntoView(first, last) {
    var top = first.getBoundingClientRect().top, bottom = last.getBoundingClientRect().bottom;
    if (bottom - top <= roomAbove()) last.scrollIntoView({ block: "end" });
    else first.scrollIntoView({ block: "start" });
  }

  function send(message, shown) {
    var chosen = /^\/choose_language\{"language":"([a-z]{2})"\}$/.exec(message);
    if (chosen) setLanguage(chosen[1]);
    var mine = add("me", shown === undefined ? message : shown);
    save();
    mine.scrollIntoView({ block: "end" });
    var waiting = setTimeout(function () { add("note", waitText()).scrollIntoView({ block: "end" }); }, 4000);
    fetch("chat", {
      method: "POST", headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      // A tapped button carries its payload; typed text is text (the server strips a typed payload).
      body: JSON.stringify({ message: message, language: conversation.lang, button: shown !== undefined })
    }).then(function (r) { return r.json(); }).then(function (data) {
      clearTimeout(waiting);
      var replies = data.replies || [];
      if (data.error && !replies.length) { add("note", waitText()).scrollIntoView({ block: "end" }); return; }
      learnLanguage(replies, data.language);
      var first = null, lastBot = null;
      replies.forEach(function (r) {
        if (r.text) {
          lastBot = add(data.error ? "note" : "bot", r.text, r.buttons);
          first = first || lastBot;
        }
        if (r.custom && r.custom.voice && r.custom.voice.url && lastBot && !data.error) {
          var said = conversation.items[conversation.items.length - 1];
          said.voice = { url: r.custom.voice.url, lang: r.custom.voice.lang };
          appendPlayer(lastBot, said.voice);
        }
        if (r.custom && r.custom.source && lastBot && !data.error) {
          var entry = conversation.items[conversation.items.length - 1];
          entry.source = r.custom.source;
          lastBot.dataset.article = r.custom.source.article;
          lastBot.dataset.lang = r.custom.source.lang;
          lastBot.dataset.status = r.custom.source.status;
        }
      });
      if (data.erased) forgetErasedConversation(first);
      save();
      if (first) bringIntoView(first, lastBot);
    }).catch(function () { clearTimeout(waiting); add("note", waitText()).scrollIntoView({ block: "end" }); });
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
      note.scrollIntoView({ block: "end" });
      return;
    }
    confirming = false;
    fetch("chat/forget", { method: "POST", credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        forgetTranscript();
        Array.from(log.querySelectorAll("li.msg:not(.intro)")).forEach(function (li) { li.remove(); });
        introButtons.hidden = false;
        (data.replies || []).forEach(function (r) { add("note", r.text); });
      })
      .catch(function () { add("note", waitText()); });
  });
  var introButtons = log.querySelector("li.intro .buttons");
  introButtons.querySelectorAll("button").forEach(function (button) {
    button.addEventListener("click", function () { send(button.dataset.payload, button.textContent); });
  });

  // Answers a person gave later ("ask a person") and the weekly tips are fetched when the page opens and
  // every minute.
  function fetchPersonAnswers() {
    fetch("chat/antwoorden", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var last = null;
        (data.replies || []).forEach(function (r) { if (r.text) last = add("bot", r.text, r.buttons); });
        if (last) { save(); last.scrollIntoView({ block: "end" }); }
      })
      .catch(function () { /* the next round tries again */ });
  }
  setInterval(fetchPersonAnswers, 60000);

  keepRoomForComposer();
  if (window.ResizeObserver) new ResizeObserver(keepRoomForComposer).observe(form);
  showPageTexts(browserLanguage());
  if (restore()) {
    // The language was chosen already: the opening picker would only switch it by accident
    // (in the middle of the startgesprek, say); /taal still offers the languages.
    introButtons.hidden = true;
    var shown = conversation.items.map(render);
    var lastBot = null;
    conversation.items.forEach(function (entry, i) { if (entry.kind === "bot") lastBot = shown[i]; });
    if (lastBot) bringIntoView(lastBot, shown[shown.length - 1]);
  }
  fetchPersonAnswers();
})();
