/* Search ranking: runs the theme's own search worker (lunr, same index, same
   messages) and changes what goes in and what comes out.

   In: each word typed is looked up as the stem of the page's language (the
   index is stemmed) and as a prefix of that stem (the reader is typing), so
   "canary" finds "canari" and "déplo" finds "déploiement". One-letter
   pieces of elided words (l', d') and stop words are dropped, and words of
   one or two letters must match whole, so "de" does not find every word
   that starts with "de". A query with search syntax (+ - " * ~ ^ :) goes
   through unchanged.

   Out: results are grouped by page, as the theme does, then ordered by how
   many of the query's words the page holds (a page with every word comes
   first), then by the theme's score, where titles, headings and the
   glossary's term bridge (the "keywords" field) weigh as much as a
   heading. The glossary never comes before the page a matching term points
   to. Each result lists as missing only the words its page does not hold,
   and its ?h= link carries the words as the page spells them (stemmed,
   accented or not), so the page highlights what was found.

   Online the index comes in two parts: the first answers at once, the
   rest of the text follows and a second worker builds the whole index
   (see "The rest of the text" below).

   Written by the search_i18n hook next to the theme's worker, whose file
   name replaces __THEME_WORKER__. Works as a real worker and inside the
   iframe that stands in for workers on file:// (the offline copy). */
(function () {
  "use strict"
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  var here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src : self.location.href
  var post = self.postMessage
  var listen = self.addEventListener
  var handlers = []    // the theme worker's message listeners
  var inFlight = []    // our reading of each query sent, oldest first
  var docs = new Map()
  var lang = "en"
  var separator = /[\s\-'’]+/

  // -- Language tools (loaded by the theme worker at setup) --------------
  function tools() {
    var L = self.lunr
    var ns = lang === "en" ? L : L[lang]
    return {
      trim: (ns && ns.trimmer) || function (t) { return t },
      stop: (ns && ns.stopWordFilter) || function (t) { return t },
      stem: (ns && ns.stemmer) || function (t) { return t }
    }
  }
  function run(fn, word) {
    var token = fn(new self.lunr.Token(word, {}))
    return token ? token.toString() : ""
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
  }

  // The accent-free form of every accented word of a document, for the
  // index's "folded" field: "deploiement" then finds "déploiement".
  function accentFree(doc) {
    var text = [doc.title, doc.text, doc.keywords || ""].join(" ").replace(/<[^>]+>/g, " ").toLowerCase()
    var seen = {}
    text.split(/[^\p{L}\p{N}]+/u).forEach(function (word) {
      var plain = fold(word)
      if (plain !== word) seen[plain] = true
    })
    return Object.keys(seen).join(" ")
  }

  // -- In: the query ------------------------------------------------------
  function read(query) {
    if (/["+*~^:]|(^|\s)-/.test(query) || !self.lunr) return { query: query, words: [] }
    var t = tools()
    var pieces = query.toLowerCase().split(separator).filter(Boolean)
    var long = pieces.filter(function (w) { return w.length > 1 })
    var words = (long.length ? long : pieces).map(function (w) {
      var trimmed = run(t.trim, w)
      return { word: w, stop: !run(t.stop, trimmed), stem: run(t.stem, trimmed) || trimmed }
    }).filter(function (w) { return w.stem })
    var content = words.filter(function (w) { return !w.stop })
    words = content.length ? content : words
    var seen = {}
    words = words.filter(function (w) { return seen[w.stem] ? false : (seen[w.stem] = true) })
    var clauses = []
    words.forEach(function (w) {
      clauses.push(w.word.length > 2 ? w.stem + "*^1" : w.stem + "^1")
      if (w.word.length > 2) clauses.push(w.word + "^2")  // exact, through the stemmer
    })
    return { query: clauses.join(" ") || query, words: words }
  }

  // -- Out: the results ---------------------------------------------------
  function holds(item, w) {
    var terms = item.terms || {}
    return !!(terms[w.stem] || terms[w.word])
  }
  function page(location) {
    return location.split("#")[0]
  }
  function isGlossary(location) {
    return /(^|\/)glossary(\.html|\/)?$/.test(page(location))
  }

  // The distinct words of a document and their accent-free forms, once.
  var tokenCache = new Map()
  function tokensOf(doc) {
    var tokens = tokenCache.get(doc)
    if (tokens) return tokens
    var seen = {}
    tokens = (doc.title + " " + doc.text).replace(/<[^>]+>/g, " ").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t && !seen[t] && (seen[t] = true) })
    tokens.folded = tokens.map(fold)
    tokenCache.set(doc, tokens)
    return tokens
  }

  // The spellings of a word on a page: words of its text whose accent-free
  // form starts with the word's accent-free stem; for a word found through
  // the term bridge, the words of the bridged term found on the page.
  function spellings(group, w, words) {
    var stem = fold(w.stem)
    var stems = words.map(function (x) { return fold(x.stem) })
    var found = {}
    var bridged = {}
    group.forEach(function (item) {
      var doc = docs.get(item.location)
      if (!doc) return
      var tokens = tokensOf(doc)
      tokens.forEach(function (token, i) {
        if (token.length > 1 && tokens.folded[i].indexOf(stem) === 0) found[token] = true
      })
      ;(doc.keywords || "").split(" ; ").forEach(function (phrase) {
        // A bridged term that names every word of the query.
        var names = phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u)
        var all = stems.every(function (s) { return names.some(function (x) { return fold(x).indexOf(s) === 0 }) })
        if (all) names.forEach(function (x) { if (x.length > 2 && tokens.indexOf(x) >= 0) bridged[x] = true })
      })
    })
    // Found only through the bridge ("rollback" on a page that says
    // « retour arrière »): highlight the page's own words for the term.
    var spelled = Object.keys(found).length ? found : bridged
    return [w.word].concat(Object.keys(spelled).filter(function (x) { return x !== w.word })).slice(0, 8)
  }

  // Glossary terms as word sequences (stemmed, accent-free), each with the
  // pages its definition points to: "Accord de niveau de service (SLA) —
  // service level agreement (SLA)" gives four names (with and without the
  // abbreviation, in both languages) and the abbreviation alone.
  var termList = null
  function key(words) {
    return words.map(function (w) { return fold(w.stem) }).join(" ")
  }
  function glossaryTerms() {
    if (termList) return termList
    termList = []
    docs.forEach(function (doc) {
      if (!doc.see || !doc.see.length) return
      var title = doc.title.replace(/<[^>]+>/g, "")
      title.split(/\s+—\s+/).forEach(function (name) {
        var names = [name, name.replace(/\([^)]*\)/g, " ")]
        ;(name.match(/\(([^)]+)\)/g) || []).forEach(function (p) { names.push(p.slice(1, -1)) })
        names.forEach(function (n) {
          var words = read(n).words
          if (words.length) termList.push({ key: key(words), size: words.length, see: doc.see })
        })
      })
    })
    return termList
  }
  // Pages that the glossary says explain a term named in the query, with
  // the number of query words that such terms cover.
  function explained(words) {
    var query = " " + key(words) + " "
    var weight = {}
    glossaryTerms().forEach(function (term) {
      if (query.indexOf(" " + term.key + " ") < 0) return
      term.see.forEach(function (page) { weight[page] = Math.max(weight[page] || 0, term.size) })
    })
    return weight
  }

  function rerank(data, reading) {
    if (!reading || !reading.words.length || !data || !data.items) return data
    var words = reading.words
    var weight = explained(words)
    var groups = data.items.map(function (group, order) {
      var held = words.map(function (w) {
        return group.some(function (item) { return holds(item, w) })
      })
      var best = group.reduce(function (max, item) { return Math.max(max, item.score) }, 0)
      var location = page(group[0].location)
      return { group: group, held: held, count: held.filter(Boolean).length, score: best, order: order,
               location: location, explains: weight[location] || 0 }
    })
    groups.sort(function (a, b) {
      return b.count - a.count || b.explains - a.explains || b.score - a.score || a.order - b.order
    })
    // The glossary comes after the pages its matching terms point to.
    var g = groups.findIndex(function (x) { return isGlossary(x.location) })
    if (g >= 0) {
      var glossary = groups[g]
      var targets = {}
      glossary.group.forEach(function (item) {
        var doc = docs.get(item.location)
        if (doc && doc.see && words.some(function (w) { return holds(item, w) }))
          doc.see.forEach(function (t) { targets[t] = true })
      })
      var last = -1
      groups.forEach(function (x, i) {
        if (i > g && targets[x.location] && x.count >= glossary.count) last = i
      })
      if (last > g) {
        groups.splice(g, 1)
        groups.splice(last, 0, glossary)
      }
    }
    data.items = groups.map(function (x) {
      var found = {}
      var missing = {}
      words.forEach(function (w, i) {
        if (x.held[i]) spellings(x.group, w, words).forEach(function (s) { found[s] = true })
        else if (!staged) missing[w.word] = false
      })
      // "Missing" once per page, on the first section shown (or on the
      // page itself when it is shown alone).
      var first = x.group.findIndex(function (item) { return item.location.indexOf("#") >= 0 })
      if (first < 0) first = 0
      return x.group.map(function (item, i) {
        return Object.assign({}, item, { terms: i === first ? Object.assign({}, found, missing) : found })
      })
    })
    return data
  }

  // -- The rest of the text -----------------------------------------------
  // Online, the index's first part holds every entry's title, keywords and
  // first paragraph, and config.rest names the file with the rest of each
  // entry's text (search_i18n.py). The first part answers at once; a second
  // worker, this file again named "full", downloads the rest and builds
  // the whole index meanwhile, on its own thread, so typing never waits for
  // that build. Once it is ready it answers every query, and the results on
  // screen are refreshed if the whole text changes them (the page keeps
  // them while the reader is in the list: search-worker.html). Until then
  // no word is listed as missing: it may be in the rest of the text.
  var staged = false   // answering from the first part, the whole index coming
  var full = null      // the worker with the whole index
  var asked = 0        // queries received, so that a late refresh is dropped
  var last = null      // the last query received
  var shown = ""       // what the results on screen hold, in short
  var refreshing = -1  // the query number that full's next result refreshes

  function signature(data) {
    return JSON.stringify((data && data.items || []).map(function (group) {
      return group.map(function (item) { return [item.location, item.terms] })
    }))
  }
  function send(message) {
    if (message.type === RESULT) shown = signature(message.data)
    post.call(self, message)
  }
  function withRest(message) {
    var data = message.data
    return fetch(new URL(data.config.rest, here)).then(function (response) { return response.json() })
      .then(function (rest) {
        data.docs.forEach(function (doc) { doc.text += rest[doc.location] || "" })
      }, function () {})  // the rest did not come: search goes on with the first part
      .then(function () { return message })
  }
  function startFull(setup) {
    full = new Worker(here, { name: "full" })
    full.onmessage = function (event) {
      var message = event.data
      // Ready (no longer busy) once the results on screen are the whole text's.
      if (message.type === READY) {
        staged = false
        if (last === null) return send(message)
        refreshing = asked
        return full.postMessage({ type: QUERY, data: last })
      }
      if (message.type === RESULT && refreshing >= 0) {
        var stale = refreshing !== asked
        refreshing = -1
        if (!stale && signature(message.data) !== shown) send({ type: RESULT, data: message.data, refresh: true })
        return send({ type: READY, data: { busy: false } })
      }
      send(message)
    }
    full.postMessage(setup)
  }

  // -- Wiring -------------------------------------------------------------
  var setup = null
  function dispatch(message) {
    if (message && message.type === SETUP) {
      setup = message
      staged = !!message.data.config.rest
      lang = message.data.config.lang[0] || "en"
      separator = new RegExp(message.data.config.separator)
      message.data.docs.forEach(function (doc) {
        docs.set(doc.location, doc)
        doc.folded = accentFree(doc)
      })
    }
    if (message && message.type === QUERY) {
      asked++
      last = message.data
      if (full && !staged) return full.postMessage(message)
      var reading = read(message.data)
      inFlight.push(reading)
      message = { type: QUERY, data: reading.query }
    }
    handlers.forEach(function (handler) { handler({ data: message }) })
  }
  self.addEventListener = function (type, listener, options) {
    if (type === "message") handlers.push(listener)
    else listen.call(self, type, listener, options)
  }
  self.postMessage = function (message) {
    if (message && message.type === READY) {
      send({ type: READY, data: { busy: staged } })
      if (staged) startFull({ type: SETUP, data: setup.data })
      return
    }
    if (message && message.type === RESULT)
      message = { type: RESULT, data: rerank(message.data, inFlight.shift()) }
    send(message)
  }
  var queue = Promise.resolve(self.importScripts(new URL("__THEME_WORKER__", here).href))
  listen.call(self, "message", function (event) {
    var message = event.data
    // The whole index at once in the "full" worker, and where a worker
    // cannot start another one.
    if (message && message.type === SETUP && message.data.config.rest
        && (self.name === "full" || typeof Worker === "undefined"))
      message = withRest(message).then(function (m) { delete m.data.config.rest; return m })
    queue = queue.then(function () { return message }).then(dispatch)
  })
})()
