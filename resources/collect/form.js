// XMDesk survey form: the only script. It does two things and nothing else:
// 1. gives the response an id made in this browser (sid), so a resend is recognised and stored once;
// 2. keeps what the phone is about to send in localStorage, and sends it again when the phone is
//    back online (Wi-Fi lost mid-survey), then shows the server's page. Skip logic and validation
//    are the server's: this script holds no copy of the survey's rules.
(function () {
  "use strict";
  var KEY = "xmdesk:" + location.pathname;
  var form = document.getElementById("form");
  var done = document.querySelector("[data-submitted]");

  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function show(html) {
    document.open();
    document.write(html);
    document.close();
  }

  function banner() {
    if (document.querySelector(".offline")) return;
    var note = document.createElement("p");
    note.className = "offline";
    note.setAttribute("role", "status");
    note.textContent = document.body.getAttribute("data-offline") || "Offline";
    document.querySelector("main").prepend(note);
  }

  function send(body) {
    return fetch(form ? form.action : "page", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) { return response.text(); });
  }

  function resend() {
    var saved = localStorage.getItem(KEY);
    if (!saved) return;
    send(saved).then(function (html) { localStorage.removeItem(KEY); show(html); }, banner);
  }

  if (done) {
    localStorage.removeItem(KEY);
    return;
  }
  if (!form) return;
  var sid = form.querySelector("input[name=sid]");
  if (!sid.value) sid.value = newId();

  form.addEventListener("submit", function (event) {
    if (!window.fetch) return;  // an old browser posts the form itself
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) data.set(event.submitter.name, event.submitter.value);
    var body = new URLSearchParams(data).toString();
    localStorage.setItem(KEY, body);
    send(body).then(function (html) { localStorage.removeItem(KEY); show(html); }, banner);
  });
  window.addEventListener("online", resend);
  setInterval(function () { if (localStorage.getItem(KEY) && navigator.onLine !== false) resend(); }, 5000);
  resend();
})();
