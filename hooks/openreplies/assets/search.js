/*
 * Open Replies search page (检索): queries the term-partitioned lunr index under search/index/.
 *
 * A query becomes terms as openreplies/search/terms.py makes them: every character bigram and
 * number is required, whole Chinese runs and 文号 only add score. Each term lives in one bucket
 * file (CRC-32 of its UTF-8 bytes modulo the bucket count), a valid lunr index loaded with
 * lunr.Index.load; only the buckets of the query's terms are fetched. Scores of a document over
 * the terms are added up. Text from the index is only ever put into the page as text nodes.
 */
(function () {
  "use strict";

  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN_RE = new RegExp("[" + CJK + "]+|[0-9a-z]+", "g");
  var CJK_START = new RegExp("^[" + CJK + "]");
  var DOC_NUMBER_RE = new RegExp(
    "[" + CJK + "]{1,12}[〔\\[【(（［]\\s*[0-9]{4}\\s*[〕\\]】)）］]\\s*第?\\s*[0-9]{1,6}\\s*号",
    "g"
  );
  var MIN_WORD = 3;
  var PAGE_SIZE = 20;
  var SNIPPETS = 10;
  var PARTIAL_SHARE = 0.6;
  var FILTERS = ["session", "kind", "dept", "proposer", "cat"];
  var SKIPPED = "h1, h2, table, nav, form, script, style, .admonition, .md-source-file, .headerlink";

  // ---- terms (mirror of terms.py) ----

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function numberTerm(run) {
    return /^[0-9]+$/.test(run) ? run.replace(/^0+/, "") || "0" : run;
  }

  function docNumberTerm(text) {
    return text
      .replace(/\s+/g, "")
      .replace(/號/g, "号")
      .replace(/[〔\[【（(［﹝〖{]([0-9]{4})[〕\]】）)］﹞〗}]/g, "〔$1〕")
      .replace(/〕[第0]+(?=[0-9]+号)/g, "〕");
  }

  function unique(list) {
    return list.filter(function (item, i) { return list.indexOf(item) === i; });
  }

  function queryTerms(query) {
    var text = normalize(query);
    var optional = (text.match(DOC_NUMBER_RE) || []).map(docNumberTerm);
    var required = [];
    var runs = text.match(RUN_RE) || [];
    runs.forEach(function (run) {
      if (!CJK_START.test(run)) {
        required.push(numberTerm(run));
        return;
      }
      for (var i = 0; i + 1 < run.length; i++) required.push(run.slice(i, i + 2));
      if (run.length >= MIN_WORD) optional.push(run);
    });
    return { required: unique(required), optional: unique(optional), runs: runs };
  }

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(term) {
    var bytes = new TextEncoder().encode(term);
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  // ---- index files ----

  function Store(base) {
    this.base = base;
    this.files = {};
  }

  // Opened from disk (the offline copy), the browser may not fetch files: each index file
  // then comes as a script beside it (written only into the offline zip) that stores its data.
  var OFFLINE = window.location.protocol === "file:";

  function loadScript(url, path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () {
        var data = (window.openRepliesFiles || {})[path];
        if (data) resolve(data); else reject(new Error(path));
      };
      script.onerror = function () { reject(new Error(path)); };
      document.head.appendChild(script);
    });
  }

  function pageUrl(url) {
    return OFFLINE && /\/$/.test(url) ? url + "index.html" : url;
  }

  Store.prototype.json = function (path) {
    if (!this.files[path]) {
      this.files[path] = OFFLINE
        ? loadScript(this.base + path + ".js", path)
        : fetch(this.base + path).then(function (response) {
            if (!response.ok) throw new Error(path + ": " + response.status);
            return response.json();
          });
    }
    return this.files[path];
  };

  Store.prototype.index = function (path) {
    if (!this.files[path + "#index"]) {
      this.files[path + "#index"] = this.json(path).then(function (data) {
        return lunr.Index.load(data);
      });
    }
    return this.files[path + "#index"];
  };

  // What the bucket of a term says: rare (in its index), common (a file of its own), or absent.
  Store.prototype.info = function (term) {
    var self = this;
    var path = "b/" + (crc32(term) % self.manifest.buckets) + ".json";
    return Promise.all([self.json(path), self.index(path)]).then(function (loaded) {
      var common = (loaded[0].common || {})[term];
      if (loaded[1].invertedIndex[term]) return { term: term, rare: true, count: 0, path: path };
      return { term: term, rare: false, count: common ? common[0] : 0, path: common ? common[1] : null };
    });
  };

  Store.prototype.scores = function (info) {
    if (!info.path) return Promise.resolve(new Map());
    return this.index(info.path).then(function (index) {
      var scores = new Map();
      index
        .query(function (q) {
          q.term(info.term, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
        })
        .forEach(function (hit) { scores.set(Number(hit.ref), hit.score); });
      return scores;
    });
  };

  Store.prototype.records = function (ids) {
    var self = this;
    var size = self.manifest.chunk;
    var chunks = unique(ids.map(function (id) { return Math.floor(id / size); }));
    return Promise.all(chunks.map(function (c) { return self.json("d/" + c + ".json"); })).then(
      function (loaded) {
        return ids.map(function (id) {
          return loaded[chunks.indexOf(Math.floor(id / size))][id % size];
        });
      }
    );
  };

  // ---- matching and ranking ----

  // Which terms to use: a common term is skipped when a rarer required term exists; when every
  // required term is common, only the rarest is fetched (mirror of lookup.py).
  function choose(plan, infos) {
    var required = plan.required.map(function (t) { return infos.get(t); });
    var used = required.filter(function (i) { return i.rare || !i.count; });
    var common = required.filter(function (i) { return !i.rare && i.count; });
    if (!required.some(function (i) { return i.rare; }) && common.length) {
      common.sort(function (a, b) { return a.count - b.count || (a.term < b.term ? -1 : 1); });
      used.push(common[0]);
    }
    var optional = plan.optional.map(function (t) { return infos.get(t); });
    return { required: used, scored: used.concat(optional.filter(function (i) { return i.rare; })) };
  }

  function rank(chosen, maps) {
    var counts = new Map();
    chosen.required.forEach(function (info) {
      maps.get(info.term).forEach(function (_, doc) { counts.set(doc, (counts.get(doc) || 0) + 1); });
    });
    var need = chosen.required.length;
    var partial = false;
    var docs = [];
    counts.forEach(function (n, doc) { if (n === need) docs.push(doc); });
    if (!docs.length && need > 1) {
      partial = true;
      var least = Math.max(1, Math.ceil(need * PARTIAL_SHARE));
      counts.forEach(function (n, doc) { if (n >= least) docs.push(doc); });
    }
    var score = new Map();
    docs.forEach(function (doc) {
      var total = partial ? counts.get(doc) * 1000 : 0;
      chosen.scored.forEach(function (info) { total += maps.get(info.term).get(doc) || 0; });
      score.set(doc, total);
    });
    docs.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
    return { docs: docs, partial: partial };
  }

  function allowedBy(filters, manifest, facets) {
    var sessions = manifest.sessions.filter(function (s) {
      return (!filters.session || s[0] === filters.session) && (!filters.kind || s[2] === filters.kind);
    });
    var dept = facets && filters.dept ? facets.dnames.indexOf(filters.dept) : null;
    var proposer = facets && filters.proposer ? facets.pnames.indexOf(filters.proposer) : null;
    return function (id) {
      var inSession = sessions.some(function (s) { return id >= s[3] && id < s[4]; });
      return (
        inSession &&
        (dept === null || facets.d[id] === dept) &&
        (proposer === null || facets.p[id] === proposer) &&
        (!filters.cat || facets.c[id] === filters.cat)
      );
    };
  }

  // ---- snippets ----

  function fold(text) {
    // Character by character, so positions in the folded text are positions in the original.
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i].normalize("NFKC").toLowerCase();
      out += c.length === 1 ? c : text[i];
    }
    return out;
  }

  function needles(plan) {
    // Whole 文号 and runs first, longest first; then the bigrams.
    var whole = plan.optional.concat(plan.runs.filter(function (r) {
      return r.length >= 2 || !CJK_START.test(r);
    }));
    var byLength = function (a, b) { return b.length - a.length; };
    return unique(whole.sort(byLength).concat(plan.required.slice().sort(byLength)));
  }

  function findAll(folded, needle) {
    var found = [];
    var digits = /^[0-9]+$/.test(needle);
    for (var at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) {
      var before = folded[at - 1] || "";
      var after = folded[at + needle.length] || "";
      if (!digits || (!/[0-9]/.test(before) && !/[0-9]/.test(after))) found.push([at, at + needle.length]);
    }
    return found;
  }

  function snippet(text, plan, radius) {
    text = text.replace(/\s+/g, " ").trim();
    var folded = fold(text);
    var marks = [];
    var anchor = null;
    needles(plan).forEach(function (needle) {
      findAll(folded, needle).forEach(function (span) {
        var overlaps = marks.some(function (m) { return span[0] < m[1] && m[0] < span[1]; });
        if (!overlaps) marks.push(span);
        if (anchor === null) anchor = span[0];
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var start = anchor === null ? 0 : Math.max(0, anchor - radius);
    var end = Math.min(text.length, start + radius * 3);
    var parts = [];
    var at = start;
    marks.forEach(function (m) {
      if (m[0] < at || m[1] > end) return;
      parts.push([text.slice(at, m[0]), false], [text.slice(m[0], m[1]), true]);
      at = m[1];
    });
    parts.push([text.slice(at, end), false]);
    if (start > 0) parts[0][0] = "…" + parts[0][0];
    if (end < text.length) parts[parts.length - 1][0] += "…";
    return parts;
  }

  function replyText(page) {
    // The reply's own text: what follows the 答复全文 heading, else the article without its
    // title, breadcrumbs and metadata table.
    var article = page.querySelector("article") || page.body;
    var heading = article.querySelector("h2[id='答复全文']");
    if (heading) {
      var texts = [];
      for (var node = heading.nextElementSibling; node; node = node.nextElementSibling) {
        if (node.tagName === "H2") break;
        texts.push(node.textContent);
      }
      return texts.join(" ");
    }
    article.querySelectorAll(SKIPPED).forEach(function (node) { node.remove(); });
    return article.textContent || "";
  }

  // ---- page ----

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function SearchPage(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.status = root.querySelector(".or-search-status");
    this.list = root.querySelector(".or-search-results");
    this.more = root.querySelector(".or-search-more");
    this.store = new Store(root.getAttribute("data-index"));
    this.siteRoot = root.getAttribute("data-root").replace(/\/?$/, "/");
    this.timings = window.openRepliesSearch = { runs: [] };
    this.results = [];
    this.shown = 0;
    this.run = 0;
  }

  SearchPage.prototype.start = function () {
    var self = this;
    self.store.json("manifest.json").then(function (manifest) {
      self.store.manifest = manifest;
      self.fillSessions(manifest.sessions);
      self.restore();
      self.form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.search(true);
      });
      self.form.querySelectorAll("select, input[name=proposer]").forEach(function (input) {
        input.addEventListener("change", function () { self.search(true); });
      });
      self.root.querySelector("details").addEventListener("toggle", function () { self.loadFacets(); });
      self.more.addEventListener("click", function () { self.showMore(); });
      window.addEventListener("popstate", function () { self.restore(); });
    }, function () { self.say("检索索引加载失败，请稍后再试。"); });
  };

  SearchPage.prototype.say = function (text) {
    this.status.textContent = text;
  };

  SearchPage.prototype.clear = function (text) {
    this.list.textContent = "";
    this.more.hidden = true;
    this.say(text);
    this.root.setAttribute("data-state", "done");
  };

  SearchPage.prototype.fillSessions = function (sessions) {
    var select = this.form.elements.session;
    sessions.forEach(function (s) {
      var option = el("option", null, s[1]);
      option.value = s[0];
      select.appendChild(option);
    });
  };

  SearchPage.prototype.loadFacets = function () {
    var self = this;
    if (!self.facets) {
      self.facets = self.store.json("f.json").then(function (facets) {
        var select = self.form.elements.dept;
        var current = select.value;
        facets.dnames.forEach(function (name) {
          var option = el("option", null, name);
          option.value = name;
          select.appendChild(option);
        });
        select.value = current;
        var list = self.root.querySelector("datalist");
        facets.pnames.forEach(function (name) {
          var option = el("option");
          option.value = name;
          list.appendChild(option);
        });
        return facets;
      });
    }
    return self.facets;
  };

  SearchPage.prototype.state = function () {
    var elements = this.form.elements;
    var state = { q: elements.q.value.trim() };
    FILTERS.forEach(function (name) { state[name] = elements[name].value.trim(); });
    return state;
  };

  SearchPage.prototype.restore = function () {
    var params = new URLSearchParams(window.location.search);
    var elements = this.form.elements;
    elements.q.value = params.get("q") || "";
    var filtered = false;
    FILTERS.forEach(function (name) {
      var value = params.get(name) || "";
      filtered = filtered || value !== "";
      if (elements[name].tagName === "SELECT" && value && !elements[name].querySelector("option[value='" + CSS.escape(value) + "']")) {
        var option = el("option", null, value);
        option.value = value;
        elements[name].appendChild(option);
      }
      elements[name].value = value;
    });
    if (filtered) this.root.querySelector("details").open = true;
    this.search(false);
  };

  SearchPage.prototype.remember = function (state) {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (key) { if (state[key]) params.set(key, state[key]); });
    var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
  };

  SearchPage.prototype.search = function (push) {
    var self = this;
    var state = self.state();
    if (push) self.remember(state);
    var run = ++self.run;
    var started = performance.now();
    var filtered = FILTERS.some(function (name) { return state[name]; });
    var plan = queryTerms(state.q);
    if (!state.q && !filtered) {
      return self.clear("输入关键词、编号或文号检索，例如：产教融合、257、宜府发〔2018〕62号、民进、教育局。");
    }
    if (state.q && !plan.required.length) return self.clear("请至少输入两个汉字或一个数字。");
    self.say("正在检索…");
    self.root.setAttribute("data-state", "busy");
    var needFacets = state.dept || state.proposer || state.cat;
    return Promise.all([
      self.match(plan, state.q),
      needFacets ? self.loadFacets() : Promise.resolve(null),
    ]).then(function (found) {
      if (run !== self.run) return;
      var allowed = allowedBy(state, self.store.manifest, found[1]);
      self.results = found[0].docs.filter(allowed);
      self.plan = plan;
      self.shown = 0;
      self.list.textContent = "";
      self.report(state, found[0].partial);
      // For the benchmark: time to the first result, and every file fetched until then.
      var timing = { query: state.q, hits: self.results.length, ms: null, resources: [] };
      return self.showMore(function () {
        timing.ms = performance.now() - started;
        timing.resources = performance.getEntriesByType("resource").map(function (e) {
          return e.name;
        });
      }).then(function () {
        if (timing.ms === null) timing.ms = performance.now() - started;
        self.timings.runs.push(timing);
        self.root.setAttribute("data-state", "done");
      });
    }).catch(function () { self.say("检索出错，请稍后再试。"); });
  };

  SearchPage.prototype.match = function (plan, query) {
    var store = this.store;
    if (!query) {
      var all = [];
      for (var id = 0; id < store.manifest.count; id++) all.push(id);
      return Promise.resolve({ docs: all, partial: false });
    }
    var terms = unique(plan.required.concat(plan.optional));
    return Promise.all(terms.map(function (t) { return store.info(t); })).then(function (found) {
      var infos = new Map();
      found.forEach(function (info) { infos.set(info.term, info); });
      var chosen = choose(plan, infos);
      return Promise.all(chosen.scored.map(function (i) { return store.scores(i); })).then(
        function (scores) {
          var maps = new Map();
          chosen.scored.forEach(function (info, i) { maps.set(info.term, scores[i]); });
          return rank(chosen, maps);
        }
      );
    });
  };

  SearchPage.prototype.report = function (state, partial) {
    var n = this.results.length;
    if (!n) return this.say("没有找到符合条件的答复。可以减少检索词或放宽筛选条件。");
    var order = state.q ? "按相关程度排列" : "按届次和编号排列";
    var note = partial ? "没有同时包含全部检索词的答复，以下为部分匹配，" : "";
    this.say(note + "共找到 " + n + " 件答复（" + order + "）。");
  };

  // Renders the next page of results in order, each as soon as its record file has arrived
  // (calling `first` after the first one), then fetches the snippets of the first few.
  SearchPage.prototype.showMore = function (first) {
    var self = this;
    var ids = self.results.slice(self.shown, self.shown + PAGE_SIZE);
    self.shown += ids.length;
    self.more.hidden = self.shown >= self.results.length;
    var run = self.run;
    var pending = ids.map(function (id) { return self.store.records([id]); });
    var items = [];
    var chain = Promise.resolve();
    pending.forEach(function (records, i) {
      chain = chain.then(function () { return records; }).then(function (loaded) {
        if (run !== self.run) return;
        var item = self.item(loaded[0]);
        self.list.appendChild(item);
        items.push([item, loaded[0][0]]);
        if (i === 0 && first) first();
      });
    });
    return chain.then(function () {
      items.forEach(function (pair) {
        var position = Array.prototype.indexOf.call(self.list.children, pair[0]);
        if (run === self.run && position < SNIPPETS) self.fillSnippet(pair[0], pair[1]);
      });
    });
  };

  SearchPage.prototype.item = function (record) {
    var item = el("li", "or-hit");
    var link = el("a", "or-hit__title", record[1]);
    link.href = pageUrl(this.siteRoot + record[0]);
    item.appendChild(link);
    var meta = el("div", "or-hit__meta");
    var labels = [["", record[2]], ["提案者：", record[3]], ["答复单位：", record[4]],
      ["答复类别：", record[5] ? record[5] + "类" : "未标注"], ["日期：", record[6]]];
    labels.forEach(function (pair) {
      if (pair[1]) meta.appendChild(el("span", null, pair[0] + pair[1]));
    });
    item.appendChild(meta);
    item.appendChild(el("p", "or-hit__snippet"));
    return item;
  };

  SearchPage.prototype.fillSnippet = function (item, url) {
    var plan = this.plan;
    var target = item.querySelector(".or-hit__snippet");
    if (OFFLINE) return; // a page cannot be fetched from disk: results show without a snippet
    fetch(this.siteRoot + url).then(function (response) { return response.text(); }).then(function (html) {
      // Parsed, never inserted: only the reply's own text is read from the page.
      var page = new DOMParser().parseFromString(html, "text/html");
      snippet(replyText(page), plan, 40).forEach(function (part) {
        target.appendChild(part[1] ? el("mark", null, part[0]) : document.createTextNode(part[0]));
      });
    }).catch(function () { target.textContent = ""; });
  };

  window.openRepliesTerms = queryTerms;
  window.openRepliesHash = crc32;

  var root = document.getElementById("or-search");
  if (root) new SearchPage(root).start();
})();
