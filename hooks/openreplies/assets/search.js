/*
 * Open Replies search page (检索): queries the term-partitioned lunr index under search/index/.
 *
 * Its pure parts form one namespace, `OpenRepliesSearch` (window.OpenRepliesSearch in the
 * browser, module.exports in Node, where tests/js/ tests them): the query planner (`plan`,
 * `queryTerms`; twin of openreplies/search/planner.py), CRC-32 buckets (`bucketOf`), the choice
 * of terms and the ranking (`choose`, `rank`; twin of search/ranking.py), `find` (a whole
 * lookup over a Store; twin of search/lookup.py) and the snippet (`snippet`).
 *
 * A query is read into parts: 文号 (found whole), 届次 and years (the manifest's sessions),
 * numbers, and runs of words; a run may be a department's or a proposer's name (its facet term
 * #d… or #p… exists in the bucket of the name), and then narrows the results like a filter.
 * Each term lives in one bucket file (CRC-32 of its UTF-8 bytes modulo the bucket count), a
 * valid lunr index loaded with lunr.Index.load. Text from the index and the reply pages is
 * only ever put into the page as text nodes.
 */
(function () {
  "use strict";

  // ---- normalising and planning (twin of terms.py and planner.py) ----

  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN_RE = new RegExp("[" + CJK + "]+|[0-9a-z]+", "g");
  var CJK_START = new RegExp("^[" + CJK + "]");
  var OPEN = "〔\\[【(（［﹝〖{";
  var CLOSE = "〕\\]】)）］﹞〗}";
  var DOCNUM_RE = new RegExp(
    "([" + CJK + "]{1,12})\\s*(?:[" + OPEN + "]\\s*([0-9]{4})\\s*[" + CLOSE + "]\\s*第?\\s*([0-9]{1,6})\\s*号?" +
      "|([0-9]{4})\\s*年?\\s*第?\\s*([0-9]{1,6})\\s*号)",
    "g"
  );
  var LEAD_RE = /^(?:关于|根据|按照|依据|落实|执行|贯彻|参照|对照|印发|转发)+(?=.)/;
  var NUMERAL = "[0-9]+|[零一二两三四五六七八九十百]+";
  var SESSION_RE = new RegExp(
    "第?(" + NUMERAL + ")届(?:全国)?(人大|政协)?(?:委员会)?第?(" + NUMERAL + ")次(?:全体)?(?:会议)?" +
      "|(?<![0-9—–~～至到-])([0-9]{4})年度?",
    "g"
  );
  var ORDINAL_RE = /第\s*(?=[0-9])/g;
  var SUFFIX_RE = /(?<=[0-9])\s*号/g;
  var QUOTES = "\"“”「」『』";
  var LEVELS = "市县区省州";
  var MIN_WORD = 3;
  var MIN_KEY = 4;
  var MIN_DEPARTMENT = 3;
  var MAX_NAME = 20;
  var PARTIAL_SHARE = 0.5;

  // Whether a text has a character the traditional → simplified map changes (the manifest's
  // bitset), so that the map itself is fetched only when it is needed.
  function Traditional(spec) {
    this.from = spec ? spec.from : 0;
    this.bits = spec ? atob(spec.bits) : "";
  }

  Traditional.prototype.any = function (text) {
    var folded = text.normalize("NFKC");
    for (var i = 0; i < folded.length; i++) {
      var code = folded.charCodeAt(i) - this.from;
      if (code >= 0 && code < this.bits.length * 8 && (this.bits.charCodeAt(code >> 3) >> (code & 7)) & 1) return true;
    }
    return false;
  };

  function charMap(file) {
    var map = new Map();
    if (file) for (var i = 0; i < file.from.length; i++) map.set(file.from[i], file.to[i]);
    return map;
  }

  function convert(text, map) {
    if (!map || !map.size) return text;
    var out = "";
    for (var i = 0; i < text.length; i++) out += map.get(text[i]) || text[i];
    return out;
  }

  function normalize(text, map) {
    return convert(text.normalize("NFKC"), map).toLowerCase();
  }

  function bigrams(run) {
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    return out;
  }

  function numberTerm(run) {
    return /^[0-9]+$/.test(run) ? run.replace(/^0+/, "") || "0" : run;
  }

  function isCjk(run) {
    return CJK_START.test(run);
  }

  function unique(list) {
    return list.filter(function (item, i) { return list.indexOf(item) === i; });
  }

  function part(kind, text, extra) {
    var out = { kind: kind, text: text };
    Object.keys(extra || {}).forEach(function (key) { out[key] = extra[key]; });
    return out;
  }

  function plan(query, names, map) {
    var text = normalize(query, map);
    var parts = [];
    quotedSegments(text).forEach(function (segment) {
      var at = 0;
      var match;
      DOCNUM_RE.lastIndex = 0;
      while ((match = DOCNUM_RE.exec(segment[0])) !== null) {
        parts = parts.concat(planText(segment[0].slice(at, match.index), segment[1], names));
        parts.push(part("docnum", docNumber(match)));
        at = match.index + match[0].length;
      }
      parts = parts.concat(planText(segment[0].slice(at), segment[1], names));
    });
    return parts;
  }

  function quotedSegments(text) {
    var segments = [];
    var quoted = false;
    var start = 0;
    for (var at = 0; at < text.length; at++) {
      if (QUOTES.indexOf(text[at]) >= 0) {
        segments.push([text.slice(start, at), quoted]);
        quoted = !quoted;
        start = at + 1;
      }
    }
    segments.push([text.slice(start), quoted]);
    return segments;
  }

  function docNumber(match) {
    var code = match[1].replace(LEAD_RE, "");
    var year = match[2] ? match[2] : match[4];
    var serial = match[2] ? match[3] : match[5];
    return code + "〔" + year + "〕" + parseInt(serial, 10) + "号";
  }

  function planText(text, quoted, names) {
    if (quoted) return planWords(text, quoted, names);
    var parts = [];
    var at = 0;
    var match;
    SESSION_RE.lastIndex = 0;
    while ((match = SESSION_RE.exec(text)) !== null) {
      var found = sessionOrYear(match);
      if (!found) continue;
      parts = parts.concat(planWords(text.slice(at, match.index), quoted, names));
      parts.push(found);
      at = match.index + match[0].length;
    }
    return parts.concat(planWords(text.slice(at), quoted, names));
  }

  function sessionOrYear(match) {
    if (match[4]) {
      var year = parseInt(match[4], 10);
      return year >= 1900 && year <= 2099 ? part("year", match[0], { values: [year] }) : null;
    }
    var term = chineseNumber(match[1]);
    var session = chineseNumber(match[3]);
    if (!term || !session) return null;
    var extra = { values: [term, session] };
    if (match[2]) extra.body = match[2];
    return part("session", match[0], extra);
  }

  function digit(text) {
    if (text === "两") return 2;
    var found = text.length === 1 ? "零一二三四五六七八九".indexOf(text) : -1;
    return found >= 0 ? found : null;
  }

  function chineseNumber(text) {
    if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
    var at = text.indexOf("十");
    if (at < 0) return digit(text) || null;
    var tens = text.slice(0, at);
    var ones = text.slice(at + 1);
    var high = tens ? digit(tens) : 1;
    var low = ones ? digit(ones) : 0;
    return high && low !== null && high > 0 ? high * 10 + low : null;
  }

  function planWords(text, quoted, names) {
    text = text.replace(ORDINAL_RE, " ").replace(SUFFIX_RE, " ");
    var parts = [];
    (text.match(RUN_RE) || []).forEach(function (run) {
      if (!isCjk(run)) parts.push(part("number", numberTerm(run)));
      else if (quoted) parts.push(part("run", run, { quoted: true }));
      else {
        splitNames(run, names).forEach(function (piece) {
          var found = piece[1] ? [piece[1]] : candidates(piece[0]);
          parts.push(part("run", piece[0], found.length ? { names: found } : {}));
        });
      }
    });
    return parts;
  }

  function candidates(piece) {
    if (piece.length < 2 || piece.length > MAX_NAME) return [];
    return [["p", "#p" + piece, piece], ["d", "#d" + piece, piece]];
  }

  function splitNames(run, names) {
    var length, name;
    for (length = run.length; length > 1; length--) {
      var rest = run.slice(length);
      name = matchName(run.slice(0, length), names);
      if (name && rest.length !== 1) {
        return [[run.slice(0, length), name]].concat(rest ? splitNames(rest, names) : []);
      }
    }
    for (length = run.length - 2; length > 1; length--) {
      name = matchName(run.slice(run.length - length), names);
      if (name) return splitNames(run.slice(0, run.length - length), names).concat([[run.slice(run.length - length), name]]);
    }
    return [[run, null]];
  }

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  function matchName(text, names) {
    var parties = names.parties || {}, departments = names.departments || {}, places = names.places || {};
    if (has(parties, text)) return ["p", "#p" + parties[text], parties[text]];
    if (text.length < MIN_DEPARTMENT) return null;
    if (has(departments, text)) return ["d", "#d" + departments[text], departments[text]];
    if (LEVELS.indexOf(text[0]) >= 0 && has(departments, text.slice(1))) {
      return ["d", "#d" + departments[text.slice(1)], departments[text.slice(1)]];
    }
    for (var cut = text.length - 2; cut > 1; cut--) {
      var place = text.slice(0, cut), rest = text.slice(cut);
      if (has(places, place) && has(departments, rest)) {
        var full = places[place] + departments[rest];
        return ["d", "#d" + full, full];
      }
    }
    return null;
  }

  // Every other bigram and the last: they cover the run (产教融合 → 产教, 融合).
  function covering(grams) {
    return grams.filter(function (g, i) { return i % 2 === 0 || i === grams.length - 1; });
  }

  function pieces(docNumber) {
    var out = [];
    (docNumber.match(RUN_RE) || []).forEach(function (run) {
      out = out.concat(isCjk(run) ? bigrams(run) : [numberTerm(run)]);
    });
    return out;
  }

  // The text terms once the names are resolved: `applied` and `missing` are Sets of part
  // numbers (runs read as names; 文号 the index lacks, which give their pieces instead); with
  // `plain`, 届次 and years are words too. A query of several words, none a name, also looks
  // up its title key whole (every title and cited title is indexed under its key).
  function queryTerms(parts, applied, missing, plain) {
    var required = [], optional = [], runs = [], key = "";
    parts.forEach(function (p, index) {
      if (p.kind === "number") required.push(p.text);
      else if ((p.kind === "docnum" && missing.has(index)) || ((p.kind === "session" || p.kind === "year") && plain)) {
        required = required.concat(pieces(p.text));
      } else if (p.kind === "run" && !applied.has(index) && p.text.length >= 2) {
        var grams = bigrams(p.text);
        required = required.concat(covering(grams));
        runs.push(grams);
        if (p.text.length >= MIN_WORD) optional.push(p.text);
      }
      if (p.kind === "number" || p.kind === "run") key += p.text;
    });
    var whole = parts.length > 1 && !applied.size && parts.every(function (p) { return p.kind === "number" || p.kind === "run"; });
    if (whole && key.length >= MIN_KEY) optional.push(key);
    return { required: unique(required), optional: unique(optional), runs: runs };
  }

  // ---- buckets ----

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(text) {
    var bytes = new TextEncoder().encode(text);
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  function bucketKey(term) {
    return term[0] === "#" ? term.slice(2) : term;
  }

  function bucketOf(term, buckets) {
    return crc32(bucketKey(term)) % buckets;
  }

  // ---- choosing terms and ranking (twin of ranking.py) ----

  function choose(required, budget) {
    if (required.some(function (i) { return i.rare; })) {
      return required.filter(function (i) { return i.rare || !i.count; });
    }
    var common = required.filter(function (i) { return i.count; });
    common.sort(function (a, b) { return a.count - b.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0); });
    var taken = new Set();
    var total = 0;
    for (var i = 0; i < common.length; i++) {
      if (taken.size && total + common[i].count > budget) break;
      taken.add(common[i].term);
      total += common[i].count;
    }
    return required.filter(function (i) { return !i.count || taken.has(i.term); });
  }

  function worth(info, budget) {
    return info.rare || (info.count > 0 && info.count <= budget);
  }

  function Ties(sessions) {
    var order = sessions.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      var x = String(sessions[a][8]), y = String(sessions[b][8]);
      return x < y ? 1 : x > y ? -1 : a - b;
    });
    this.ranks = new Array(sessions.length);
    for (var r = 0; r < order.length; r++) this.ranks[order[r]] = r;
    this.firsts = sessions.map(function (s) { return s[3]; });
  }

  Ties.prototype.rank = function (doc) {
    var low = 0, high = this.firsts.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (this.firsts[mid] <= doc) low = mid + 1; else high = mid;
    }
    return low > 0 ? this.ranks[low - 1] : this.ranks.length;
  };

  function docsOf(scores) {
    var docs = new Set();
    scores.fields.forEach(function (byDoc) { byDoc.forEach(function (_, doc) { docs.add(doc); }); });
    return docs;
  }

  function phrase(doc, run, byTerm, weights) {
    var bases = null;
    var sum = 0;
    for (var offset = 0; offset < run.length; offset++) {
      var term = byTerm.get(run[offset]);
      if (!term) continue;
      var starts = new Set((term.positions.get(doc) || []).map(function (p) { return p - offset; }));
      bases = bases === null ? starts : new Set(Array.from(bases).filter(function (b) { return starts.has(b); }));
      if (!bases.size) return [[], 0];
      var title = term.fields.get(weights.title);
      sum += weights.fields[weights.title] * ((title && title.get(doc)) || 0);
    }
    return bases && bases.size ? [Array.from(bases).sort(function (a, b) { return a - b; }), sum] : [[], 0];
  }

  // `scored`: each term with its field numbers in order; `byTerm`: the first term of each text.
  function score(doc, scored, byTerm, runs, weights) {
    var total = 0;
    scored.forEach(function (entry) {
      entry.numbers.forEach(function (number) {
        var value = entry.term.fields.get(number).get(doc);
        if (value !== undefined) total += weights.fields[number] * value;
      });
    });
    var previous = null;
    runs.forEach(function (run) {
      var found = phrase(doc, run, byTerm, weights);
      if (found[0].length) {
        total += weights.phrase * found[1];
        if (previous && found[0].some(function (b) { return previous[0].indexOf(b - previous[1]) >= 0; })) {
          total += weights.adjacent * (previous[2] + found[1]);
        }
        previous = [found[0], run.length + 1, found[1]];
      } else previous = null;
    });
    return total;
  }

  // Documents found, best first: every required term, every set of `must`; when none has
  // every term, those missing at most PARTIAL_SHARE of them (most terms first).
  function rank(required, optional, must, runs, weights, ties) {
    var sets = required.map(docsOf);
    if (!sets.length && !must.length) return { docs: [], partial: false };
    var pool;
    if (must.length) {
      pool = Array.from(must[0]).filter(function (d) { return must.every(function (s) { return s.has(d); }); });
    } else {
      var all = new Set();
      sets.forEach(function (s) { s.forEach(function (d) { all.add(d); }); });
      pool = Array.from(all);
    }
    var counts = new Map();
    pool.forEach(function (doc) {
      counts.set(doc, sets.filter(function (s) { return s.has(doc); }).length);
    });
    var need = sets.length;
    var found = pool.filter(function (d) { return counts.get(d) === need; });
    var partial = !found.length && need > 1;
    if (partial) {
      var least = need - Math.max(1, Math.floor(need * PARTIAL_SHARE));
      found = pool.filter(function (d) { return counts.get(d) >= least; });
    }
    var scored = required.concat(optional).map(function (term) {
      return { term: term, numbers: Array.from(term.fields.keys()).sort(function (a, b) { return a - b; }) };
    });
    var byTerm = new Map();
    scored.forEach(function (entry) { if (!byTerm.has(entry.term.term)) byTerm.set(entry.term.term, entry.term); });
    var total = new Map();
    found.forEach(function (doc) { total.set(doc, score(doc, scored, byTerm, runs, weights)); });
    found.sort(function (a, b) {
      return (partial ? counts.get(b) - counts.get(a) : 0) ||
        total.get(b) - total.get(a) || ties.rank(a) - ties.rank(b) || a - b;
    });
    return { docs: found, partial: partial };
  }

  function meetingMatches(p, session) {
    if (p.kind === "year") return session[7] === p.values[0];
    var bodyOk = !p.body || (p.body === "政协") === (session[2] === "提案");
    return bodyOk && session[5] === p.values[0] && session[6] === p.values[1];
  }

  // ---- index files ----

  // `load(path)` gives a file's JSON (a promise); a failed load is forgotten, so that the
  // next search fetches it again.
  function Store(load, lunrApi) {
    this.load = load;
    this.lunr = lunrApi;
    this.files = new Map();
    this.manifest = null;
  }

  Store.prototype.cached = function (key, make) {
    var files = this.files;
    if (!files.has(key)) {
      var promise = make();
      files.set(key, promise);
      promise.catch(function () { if (files.get(key) === promise) files.delete(key); });
    }
    return files.get(key);
  };

  Store.prototype.json = function (path) {
    var self = this;
    return self.cached(path, function () { return self.load(path); });
  };

  Store.prototype.index = function (path) {
    var self = this;
    return self.cached(path + "#index", function () {
      return self.json(path).then(function (data) { return self.lunr.Index.load(data); });
    });
  };

  Store.prototype.bucket = function (term) {
    return "b/" + bucketOf(term, this.manifest.buckets) + ".json";
  };

  // The terms of a file, without building its lunr index (a bucket is often read only to
  // learn whether a term is in it).
  Store.prototype.terms = function (path) {
    var self = this;
    return self.cached(path + "#terms", function () {
      return self.json(path).then(function (data) {
        return new Set(data.invertedIndex.map(function (entry) { return entry[0]; }));
      });
    });
  };

  // What the bucket of a term says: rare (in its index), common (a file of its own), or absent.
  Store.prototype.info = function (term) {
    var path = this.bucket(term);
    return Promise.all([this.json(path), this.terms(path)]).then(function (loaded) {
      if (loaded[1].has(term)) return { term: term, rare: true, count: 0, path: path };
      var common = (loaded[0].common || {})[term];
      return { term: term, rare: false, count: common ? common[0] : 0, path: common ? common[1] : null };
    });
  };

  // One term's unweighted scores: field number → Map(doc → score), and its title offsets.
  // A score is the term's weight in the field's lunr.Vector, which is what lunr.Index.query
  // gives for this one term in this one field (tests/js checks that they agree), read
  // directly because seven queries a term cost more than the search itself.
  Store.prototype.scores = function (info) {
    var fields = this.manifest.fields;
    var found = { term: info.term, fields: new Map(), positions: new Map() };
    if (!info.path) return Promise.resolve(found);
    return this.index(info.path).then(function (index) {
      var posting = index.invertedIndex[info.term] || {};
      fields.forEach(function (name, number) {
        var refs = Object.keys(posting[name] || {});
        if (!refs.length) return;
        var byDoc = new Map();
        refs.forEach(function (ref) {
          var vector = index.fieldVectors[name + "/" + ref];
          var at = vector.positionForIndex(posting._index);
          if (vector.elements[at] === posting._index) byDoc.set(Number(ref), vector.elements[at + 1]);
        });
        found.fields.set(number, byDoc);
      });
      Object.keys(posting.t || {}).forEach(function (ref) {
        var p = posting.t[ref].p;
        if (p && p.length) found.positions.set(Number(ref), p.slice());
      });
      return found;
    });
  };

  Store.prototype.policy = function (term) {
    return this.json(this.bucket(term)).then(function (bucket) {
      return (bucket.policies || {})[term] || null;
    });
  };

  Store.prototype.records = function (ids) {
    var self = this;
    var size = self.manifest.chunk;
    var chunks = unique(ids.map(function (id) { return Math.floor(id / size); }));
    return Promise.all(chunks.map(function (c) { return self.json("d/" + c + ".json"); })).then(
      function (loaded) {
        return ids.map(function (id) { return loaded[chunks.indexOf(Math.floor(id / size))][id % size]; });
      }
    );
  };

  function weightsOf(manifest) {
    return {
      fields: manifest.weights, title: manifest.fields.indexOf("t"),
      phrase: manifest.phrase, adjacent: manifest.adjacent,
    };
  }

  function infos(store, terms) {
    return Promise.all(terms.map(function (t) { return store.info(t); })).then(function (list) {
      var map = new Map();
      list.forEach(function (i) { map.set(i.term, i); });
      return map;
    });
  }

  function exists(info) {
    return info.rare || info.count > 0;
  }

  // A whole lookup (twin of lookup.py `find`): plan, learn which runs are names and which
  // 文号 exist, fetch the chosen terms' scores, rank; read the names as words when they leave
  // nothing. Resolves to {docs, partial, parts, applied (Map part → name), policies}.
  function find(store, query, map) {
    var manifest = store.manifest;
    var parts = plan(query, manifest.names || {}, map);
    var first = [];
    parts.forEach(function (p) {
      if (p.kind === "docnum") first.push(p.text);
      (p.names || []).forEach(function (n) { first.push(n[1]); });
    });
    var plain = queryTerms(parts, dictionaryNames(parts), new Set(), false);
    first = unique(first.concat(plain.required, plain.optional));
    return infos(store, first).then(function (known) {
      var applied = new Map();
      parts.forEach(function (p, index) {
        var name = (p.names || []).find(function (n) { return exists(known.get(n[1])); });
        if (name) applied.set(index, name);
      });
      var missing = new Set();
      parts.forEach(function (p, index) {
        if (p.kind === "docnum" && !exists(known.get(p.text))) missing.add(index);
      });
      var meets = parts.some(function (p) { return p.kind === "session" || p.kind === "year"; });
      return rankWith(store, parts, applied, missing, false).then(function (found) {
        if (found.docs.length || (!applied.size && !meets)) return found;
        return rankWith(store, parts, new Map(), missing, true);
      });
    }).then(function (found) {
      var docnums = parts.filter(function (p) { return p.kind === "docnum"; });
      return Promise.all(docnums.map(function (p) { return store.policy(p.text); })).then(function (pages) {
        found.policies = pages.filter(Boolean);
        return found;
      });
    });
  }

  // Runs the names table reads as names (one candidate; a guess has two, #p and #d): their
  // words are looked up only if the name turns out absent.
  function dictionaryNames(parts) {
    var names = new Set();
    parts.forEach(function (p, index) {
      if (p.names && p.names.length === 1) names.add(index);
    });
    return names;
  }

  function rankWith(store, parts, applied, missing, plain) {
    var manifest = store.manifest;
    var terms = queryTerms(parts, new Set(applied.keys()), missing, plain);
    var docnums = [];
    parts.forEach(function (p, index) {
      if (p.kind === "docnum" && !missing.has(index)) docnums.push(p.text);
    });
    var facetTerms = Array.from(applied.values()).map(function (n) { return n[1]; });
    return infos(store, unique(terms.required.concat(terms.optional, docnums, facetTerms))).then(function (known) {
      var used = choose(terms.required.map(function (t) { return known.get(t); }), manifest.budget);
      var optional = terms.optional.map(function (t) { return known.get(t); }).filter(function (i) { return worth(i, manifest.budget); });
      var wanted = used.concat(optional, docnums.map(function (t) { return known.get(t); }),
        facetTerms.map(function (t) { return known.get(t); }));
      return Promise.all(wanted.map(function (i) { return store.scores(i); })).then(function (all) {
        var byTerm = new Map();
        all.forEach(function (s) { byTerm.set(s.term, s); });
        var docnumScores = docnums.map(function (t) { return byTerm.get(t); });
        var must = docnumScores.map(docsOf);
        var byField = new Map();
        Array.from(applied.values()).forEach(function (n) {
          var key = n[1].slice(0, 2);
          if (!byField.has(key)) byField.set(key, new Set());
          docsOf(byTerm.get(n[1])).forEach(function (d) { byField.get(key).add(d); });
        });
        Array.from(byField.keys()).sort().forEach(function (key) { must.push(byField.get(key)); });
        if (!plain) must = must.concat(meetings(parts, manifest));
        var found = { docs: [], partial: false };
        if (used.length || must.length) {
          found = rank(
            used.map(function (i) { return byTerm.get(i.term); }),
            docnumScores.concat(optional.map(function (i) { return byTerm.get(i.term); })),
            must, terms.runs, weightsOf(manifest), new Ties(manifest.sessions)
          );
        }
        found.parts = parts;
        found.applied = applied;
        return found;
      });
    });
  }

  function meetings(parts, manifest) {
    var sets = new Map();
    parts.forEach(function (p) {
      if (p.kind !== "session" && p.kind !== "year") return;
      if (!sets.has(p.kind)) sets.set(p.kind, new Set());
      manifest.sessions.forEach(function (s) {
        if (!meetingMatches(p, s)) return;
        for (var id = s[3]; id < s[4]; id++) sets.get(p.kind).add(id);
      });
    });
    return Array.from(sets.keys()).sort().map(function (k) { return sets.get(k); });
  }

  // ---- snippets ----

  function fold(text, map) {
    // Character by character, so positions in the folded text are positions in the original.
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = convert(text[i].normalize("NFKC"), map).toLowerCase();
      out += c.length === 1 ? c : text[i];
    }
    return out;
  }

  // What a snippet may mark: 文号 and numbers exactly, names as typed and as found, each text
  // run whole and its words (Intl.Segmenter); `whole` marks need no word boundary.
  function needles(found, segmenter) {
    var out = [];
    found.parts.forEach(function (p, index) {
      var name = found.applied.get(index);
      if (p.kind === "docnum") out.push({ text: p.text, whole: true });
      else if (p.kind === "number") out.push({ text: p.text, digits: /^[0-9]+$/.test(p.text) });
      else if (p.kind === "run" && name) {
        out.push({ text: p.text, whole: false }, { text: name[2], whole: name[2].length >= 4 });
      } else if (p.kind === "run" && p.text.length >= 2) {
        out.push({ text: p.text, whole: p.text.length >= 4 });
        words(p.text, segmenter).forEach(function (w) { out.push({ text: w, whole: false }); });
      }
    });
    var seen = new Set();
    out = out.filter(function (n) {
      var key = n.text + (n.whole ? "!" : "");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return out.sort(function (a, b) { return b.text.length - a.text.length; });
  }

  function words(run, segmenter) {
    if (!segmenter) return [];
    return Array.from(segmenter.segment(run)).map(function (s) { return s.segment; }).filter(function (w) {
      return w.length >= 2 && w !== run;
    });
  }

  function boundaries(text, segmenter) {
    if (!segmenter) return null;
    var found = new Set([text.length]);
    Array.from(segmenter.segment(text)).forEach(function (s) { found.add(s.index); });
    return found;
  }

  function marks(folded, list, edges) {
    var spans = [];
    list.forEach(function (needle) {
      for (var at = folded.indexOf(needle.text); at >= 0; at = folded.indexOf(needle.text, at + 1)) {
        var end = at + needle.text.length;
        if (needle.digits && (/[0-9]/.test(folded[at - 1] || "") || /[0-9]/.test(folded[end] || ""))) continue;
        if (!needle.whole && !needle.digits && (!edges || !edges.has(at) || !edges.has(end))) continue;
        if (!spans.some(function (m) { return at < m[1] && m[0] < end; })) spans.push([at, end]);
      }
    });
    return spans.sort(function (a, b) { return a[0] - b[0]; });
  }

  // The snippet of a reply: parts [text, marked] around the first match of its text, else the
  // first line of its metadata (编号, 文号, cited documents) that matches, else the text's start.
  function snippet(page, list, map, segmenter, radius) {
    var text = page.text.replace(/\s+/g, " ").trim();
    var folded = fold(text, map);
    var spans = marks(folded, list, boundaries(folded, segmenter));
    if (!spans.length) {
      for (var i = 0; i < (page.meta || []).length; i++) {
        var line = page.meta[i].replace(/\s+/g, " ").trim();
        var lineFolded = fold(line, map);
        var lineSpans = marks(lineFolded, list, boundaries(lineFolded, segmenter));
        if (lineSpans.length) return cut(line, lineSpans, 0, line.length);
      }
    }
    var start = spans.length ? Math.max(0, spans[0][0] - radius) : 0;
    return cut(text, spans, start, Math.min(text.length, start + radius * 3));
  }

  function cut(text, spans, start, end) {
    var parts = [];
    var at = start;
    spans.forEach(function (m) {
      if (m[0] < at || m[1] > end) return;
      parts.push([text.slice(at, m[0]), false], [text.slice(m[0], m[1]), true]);
      at = m[1];
    });
    parts.push([text.slice(at, end), false]);
    if (start > 0) parts[0][0] = "…" + parts[0][0];
    if (end < text.length) parts[parts.length - 1][0] += "…";
    return parts.filter(function (p) { return p[0]; });
  }

  var api = {
    normalize: normalize, charMap: charMap, plan: plan, queryTerms: queryTerms, chineseNumber: chineseNumber,
    crc32: crc32, bucketKey: bucketKey, bucketOf: bucketOf, choose: choose, rank: rank, Ties: Ties,
    Traditional: Traditional,
    Store: Store, find: find, needles: needles, snippet: snippet,
  };

  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }
  window.OpenRepliesSearch = api;

  // ---- the page ----

  var PAGE_SIZE = 20;
  var SNIPPETS = 10;
  var FILTERS = ["session", "kind", "dept", "proposer", "cat"];
  var SKIPPED = "h1, h2, table, nav, form, script, style, .admonition, .md-source-file, .headerlink";
  var FACET_LABELS = { d: "承办单位", p: "提案者", session: "届次", year: "年份" };

  // Opened from disk (the offline copy), the browser may not fetch files: each index file
  // then comes as a script beside it (written only into the offline zip) that stores its data.
  var OFFLINE = window.location.protocol === "file:";

  function loadScript(url, path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () {
        var data = (window.openRepliesFiles || {})[path];
        script.remove();
        if (data) resolve(data); else reject(new Error(path));
      };
      script.onerror = function () { script.remove(); reject(new Error(path)); };
      document.head.appendChild(script);
    });
  }

  function loader(base) {
    return function (path) {
      if (OFFLINE) return loadScript(base + path + ".js", path);
      return fetch(base + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    };
  }

  function pageUrl(url) {
    return OFFLINE && /\/$/.test(url) ? url + "index.html" : url;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function numeral(n) {
    var digits = "零一二三四五六七八九";
    if (n < 10) return digits[n];
    if (n < 20) return "十" + (n % 10 ? digits[n % 10] : "");
    return n < 100 ? digits[Math.floor(n / 10)] + "十" + (n % 10 ? digits[n % 10] : "") : String(n);
  }

  function SearchPage(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.status = root.querySelector(".or-search-status");
    this.list = root.querySelector(".or-search-results");
    this.more = root.querySelector(".or-search-more");
    this.reading = el("div", "or-search-reading");
    this.reading.hidden = true;
    this.status.parentNode.insertBefore(this.reading, this.status);
    this.store = new Store(loader(root.getAttribute("data-index")), window.lunr);
    this.siteRoot = root.getAttribute("data-root").replace(/\/?$/, "/");
    this.timings = window.openRepliesSearch = { runs: [] };
    this.segmenter = typeof Intl === "object" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
    this.results = [];
    this.shown = 0;
    this.run = 0;
    this.map = new Map();
  }

  SearchPage.prototype.start = function () {
    var self = this;
    self.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.search(true);
    });
    self.form.querySelectorAll("select, input[name=proposer]").forEach(function (input) {
      input.addEventListener("change", function () { self.search(true); });
    });
    self.root.querySelector("details").addEventListener("toggle", function () {
      self.loadFacets().catch(function (error) { console.error("openreplies: 筛选条件加载失败", error); });
    });
    self.more.addEventListener("click", function () { self.showMore(); });
    window.addEventListener("popstate", function () { self.restore(); });
    self.ready().then(function () { self.restore(); }, function () {});
  };

  // The manifest; after a failure, the next search tries again.
  SearchPage.prototype.ready = function () {
    var self = this;
    if (self.store.manifest) return Promise.resolve();
    return self.store.json("manifest.json").then(function (manifest) {
      if (!self.store.manifest) {
        self.store.manifest = manifest;
        self.traditional = new Traditional(manifest.traditional);
        self.fillSessions(manifest.sessions);
      }
    }, function (error) {
      self.fail("检索索引加载失败，请检查网络后再试。", error);
      throw error;
    });
  };

  // The character map, fetched the first time a text needs it.
  SearchPage.prototype.chars = function (text) {
    var self = this;
    if (self.map.size || !self.traditional.any(text)) return Promise.resolve(self.map);
    return self.store.json("t2s.json").then(function (file) {
      if (!self.map.size) self.map = charMap(file);
      return self.map;
    });
  };

  SearchPage.prototype.fail = function (text, error) {
    console.error("openreplies: " + text, error);
    this.say(text);
    this.root.setAttribute("data-state", "error");
  };

  SearchPage.prototype.say = function (text) {
    this.status.textContent = text;
  };

  SearchPage.prototype.clear = function (text) {
    this.list.textContent = "";
    this.reading.textContent = "";
    this.reading.hidden = true;
    this.results = [];
    this.shown = 0;
    this.more.hidden = true;
    this.say(text);
    this.root.setAttribute("data-state", "done");
  };

  SearchPage.prototype.fillSessions = function (sessions) {
    var select = this.form.elements.session;
    var current = select.value;
    sessions.forEach(function (s) {
      if (select.querySelector("option[value='" + CSS.escape(s[0]) + "']")) return;
      var option = el("option", null, s[1]);
      option.value = s[0];
      select.appendChild(option);
    });
    select.value = current;
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
      self.facets.catch(function () { self.facets = null; });
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
    if (!state.q && !filtered) {
      return self.clear("输入关键词、编号或文号检索，例如：产教融合、257、宜府发〔2018〕62号、民进 教育、教育局 产教融合。");
    }
    self.say("正在检索…");
    self.root.setAttribute("data-state", "busy");
    var needFacets = state.dept || state.proposer || state.cat;
    return self.ready().then(function () {
      return self.chars(state.q);
    }).then(function () {
      if (state.q && !searchable(plan(state.q, self.store.manifest.names || {}, self.map))) {
        return self.clear("请至少输入两个汉字或一个数字。");
      }
      return Promise.all([
        self.match(state.q),
        needFacets ? self.loadFacets() : Promise.resolve(null),
      ]).then(function (found) {
        if (run !== self.run) return;
        var allowed = allowedBy(state, self.store.manifest, found[1]);
        self.results = found[0].docs.filter(allowed);
        self.found = found[0];
        self.shown = 0;
        self.list.textContent = "";
        self.showReading(state, found[0]);
        self.report(state, found[0]);
        // For the benchmark: time to the first result, and every file fetched until then.
        var timing = { query: state.q, hits: self.results.length, ms: null, resources: [] };
        return self.showMore(function () {
          timing.ms = performance.now() - started;
          timing.resources = performance.getEntriesByType("resource").map(function (e) { return e.name; });
        }).then(function () {
          if (timing.ms === null) timing.ms = performance.now() - started;
          self.timings.runs.push(timing);
        });
      });
    }).catch(function (error) {
      if (run === self.run) self.fail("检索出错，请稍后再试。", error);
    });
  };

  SearchPage.prototype.match = function (query) {
    var store = this.store;
    if (!query) {
      var all = [];
      for (var id = 0; id < store.manifest.count; id++) all.push(id);
      var ties = new Ties(store.manifest.sessions);
      all.sort(function (a, b) { return ties.rank(a) - ties.rank(b) || a - b; });
      return Promise.resolve({ docs: all, partial: false, parts: [], applied: new Map(), policies: [] });
    }
    return find(store, query, this.map);
  };

  // How the query was read, above the results: each name as a removable filter, the words
  // searched, and the policy page of a 文号.
  SearchPage.prototype.showReading = function (state, found) {
    var self = this;
    var box = self.reading;
    box.textContent = "";
    var items = [];
    var words = [];
    found.parts.forEach(function (p, index) {
      var name = found.applied.get(index);
      if (name) items.push([FACET_LABELS[name[0]] + "：" + name[2], index]);
      else if (p.kind === "session") {
        items.push([FACET_LABELS.session + "：" + (p.body || "") + numeral(p.values[0]) + "届" + numeral(p.values[1]) + "次", index]);
      } else if (p.kind === "year") items.push([FACET_LABELS.year + "：" + p.values[0] + "年", index]);
      else words.push(p.text);
    });
    items.forEach(function (item) {
      var chip = el("span", "or-search-reading__facet", item[0]);
      var remove = el("button", "or-search-reading__remove", "×");
      remove.type = "button";
      remove.setAttribute("aria-label", "不按此条件缩小范围：" + item[0]);
      remove.addEventListener("click", function () { self.literal(found.parts, item[1]); });
      chip.appendChild(remove);
      if (box.childNodes.length) box.appendChild(document.createTextNode(" · "));
      box.appendChild(chip);
    });
    if (items.length && words.length) {
      box.appendChild(document.createTextNode(" · "));
      box.appendChild(el("span", "or-search-reading__words", "检索：" + words.join(" ")));
    }
    (found.policies || []).forEach(function (page) {
      var link = el("a", "or-search-reading__policy", "《" + page[1] + "》");
      link.href = pageUrl(self.siteRoot + page[0]);
      var line = el("p", "or-search-reading__suggestion", "政策文件：");
      line.appendChild(link);
      box.appendChild(line);
    });
    box.hidden = !box.childNodes.length;
  };

  // The query again with one part in quotes, so that it is read as plain words.
  SearchPage.prototype.literal = function (parts, index) {
    var text = parts.map(function (p, i) { return i === index ? "\"" + p.text + "\"" : p.text; }).join(" ");
    this.form.elements.q.value = text;
    this.search(true);
  };

  SearchPage.prototype.report = function (state, found) {
    var n = this.results.length;
    if (!n) return this.say("没有找到符合条件的答复。可以减少检索词或放宽筛选条件。");
    var order = state.q ? "按相关程度排列" : "新的届次在前";
    var note = found.partial ? "没有同时包含全部检索词的答复，以下为部分匹配，" : "";
    this.say(note + "共找到 " + n + " 件答复（" + order + "）。");
  };

  // Renders the next page of results in order, each as soon as its record file has arrived
  // (calling `first` after the first one), then fetches the snippets of the first few. `shown`
  // advances only once the whole page has loaded: after a failure the page's items are taken
  // away again and 显示更多 loads the same page on the next click.
  SearchPage.prototype.showMore = function (first) {
    var self = this;
    var from = self.shown;
    var ids = self.results.slice(from, from + PAGE_SIZE);
    var run = self.run;
    self.root.setAttribute("data-state", "busy");
    self.more.disabled = true;
    var items = [];
    var chain = Promise.resolve();
    ids.map(function (id) { return self.store.records([id]); }).forEach(function (records, i) {
      chain = chain.then(function () { return records; }).then(function (loaded) {
        if (run !== self.run) return;
        var item = self.item(loaded[0]);
        self.list.appendChild(item);
        items.push([item, loaded[0][0]]);
        if (i === 0 && first) first();
      });
    });
    return chain.then(function () {
      if (run !== self.run) return;
      self.shown = from + ids.length;
      self.more.hidden = self.shown >= self.results.length;
      self.more.disabled = false;
      self.root.setAttribute("data-state", "done");
      items.forEach(function (pair) {
        var position = Array.prototype.indexOf.call(self.list.children, pair[0]);
        if (position < SNIPPETS) self.fillSnippet(pair[0], pair[1]);
      });
    }, function (error) {
      if (run !== self.run) return;
      items.forEach(function (pair) { pair[0].remove(); });
      self.more.hidden = self.shown >= self.results.length;
      self.more.disabled = false;
      self.fail("结果加载失败，请稍后再试。", error);
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
    var self = this;
    var found = self.found;
    var target = item.querySelector(".or-hit__snippet");
    if (OFFLINE) return; // a page cannot be fetched from disk: results show without a snippet
    fetch(self.siteRoot + url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.text();
    }).then(function (html) {
      // Parsed, never inserted: only the reply's own text is read from the page.
      var text = replyText(new DOMParser().parseFromString(html, "text/html"));
      return self.chars(text.text).then(function (map) {
        snippet(text, needles(found, self.segmenter), map, self.segmenter, 40).forEach(function (p) {
          target.appendChild(p[1] ? el("mark", null, p[0]) : document.createTextNode(p[0]));
        });
      });
    }).catch(function (error) {
      console.error("openreplies: 摘要加载失败 " + url, error);
      target.textContent = "";
    });
  };

  function replyText(page) {
    // The reply's own text: what follows the 答复全文 heading, else the article without its
    // title, breadcrumbs and metadata table; and the metadata as lines (编号：…, 文号：…).
    var article = page.querySelector("article") || page.body;
    var meta = [];
    article.querySelectorAll("table tr").forEach(function (row) {
      var cells = row.querySelectorAll("td");
      if (cells.length === 2) meta.push(cells[0].textContent + "：" + cells[1].textContent);
    });
    var cited = article.querySelector("h2[id='引用的政策文件']");
    var list = cited && cited.nextElementSibling;
    if (list) list.querySelectorAll("li").forEach(function (li) { meta.push("引用：" + li.textContent); });
    var heading = article.querySelector("h2[id='答复全文']");
    if (heading) {
      var texts = [];
      for (var node = heading.nextElementSibling; node; node = node.nextElementSibling) {
        if (node.tagName === "H2") break;
        texts.push(node.textContent);
      }
      return { text: texts.join(" "), meta: meta };
    }
    article.querySelectorAll(SKIPPED).forEach(function (node) { node.remove(); });
    return { text: article.textContent || "", meta: meta };
  }

  // Whether a query has anything to look up (a single Chinese character is no term).
  function searchable(parts) {
    return parts.some(function (p) { return p.kind !== "run" || p.text.length >= 2; });
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

  var root = document.getElementById("or-search");
  if (root) new SearchPage(root).start();
})();
