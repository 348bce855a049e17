// Reading progress, language switch: see overrides/partials/progress.html
;(function () {
  var d = document, t = JSON.parse(d.currentScript.dataset.t), $ = d.getElementById.bind(d)

  var select = d.querySelector(".md-select")
  function section() {
    var id = "", h = $(decodeURIComponent(location.hash.slice(1))), y = h ? h.getBoundingClientRect().top : -1
    if (y >= 0 && y < innerHeight) return h.id
    if (scrollY) d.querySelectorAll("article :is(h2,h3,h4)[id]").forEach(function (e) {
      if (e.getBoundingClientRect().top < innerHeight / 3) id = e.id
    })
    return id
  }
  if (select) ["pointerover", "focusin", "click"].forEach(function (type) {
    select.addEventListener(type, function (e) {
      var id = section()
      select.querySelectorAll("a[hreflang]").forEach(function (a) { a.hash = id })
      if (type == "click") e.stopPropagation()
    })
  })

  var K = "__progress", store, buttons = [], rows = [], render
  function get() { return (store = __md_get(K) || {}) }
  try { get() } catch (e) { return }
  function slug(url) {
    var p = new URL(url, location).pathname.replace(/(\/index)?(\.html)?\/?$/, "")
    return p.slice(p.lastIndexOf("/") + 1)
  }
  function el(tag, text, cls) {
    var e = d.createElement(tag)
    e.textContent = text || ""
    if (cls) e.className = cls
    if (tag == "button") e.type = tag
    if (cls === 0) e.setAttribute("role", "status")
    return e
  }
  function refresh() {
    get()
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", !!(store[here] & b.bit)) })
    if (render) render()
  }

  // The boxes are written, empty and hidden, at build time
  // (overrides/hooks/progress.py): filling them restyles only their own
  // content, where inserting them would restyle the whole article.
  var here = slug(location.href), path = $("the-path")
  d.querySelectorAll("[data-cn-progress]").forEach(function (box) {
    var kind = box.dataset.cnProgress
    if (kind == "path") return path && home(box)
    var b = el("button", t[kind]), status = el("span", "", 0)
    b.bit = kind == "check" ? 2 : 1
    b.onclick = function () {
      var on = (get()[here] ^= b.bit) & b.bit
      if (!store[here]) delete store[here]
      __md_set(K, store)
      refresh()
      status.textContent = on ? t.saved : t.removed
    }
    buttons.push(b)
    box.append(b, " ", status)
    box.hidden = false
  })

  function home(box) {
    for (var n = path.nextElementSibling; n && n.tagName != "H2"; n = n.nextElementSibling)
      n.querySelectorAll("th a[href]").forEach(function (a) {
        rows.push([a, slug(a.href), a.parentNode.appendChild(el("span", "", "cn-mark")), a.parentNode.appendChild(el("span", "", "cn-mark"))])
      })
    var sum = el("p", "", 0), go = el("p"), reset = el("button", t.reset)
    reset.onclick = function () {
      if (confirm(t.confirm)) __md_set(K, {}), refresh()
    }
    box.append(sum, go, reset)
    box.hidden = false
    render = function () {
      var r = 0, c = 0, first
      rows.forEach(function (row) {
        var v = store[row[1]]
        if (v & 1) r++
        else first = first || row[0]
        if (v & 2) c++
        row[2].textContent = v & 1 ? t.isRead : ""
        row[3].textContent = v & 2 ? t.isChecked : ""
      })
      sum.textContent = t.sum.replace("{r}", r).replace("{t}", rows.length).replace("{c}", c)
      go.replaceChildren(first ? t.next + " " : t.done, first ? first.cloneNode(true) : "")
    }
  }
  refresh()
  addEventListener("storage", refresh)
  addEventListener("pageshow", function (e) { if (e.persisted) refresh() })
})()
