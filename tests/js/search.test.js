// search.js's pure parts under `node --test`, on the cases the Python twin passes too
// (cases.json). tests/test_search_js.py runs this with OPENREPLIES_CASE_INDEX (the cases'
// index, built by the Python indexer) and LUNR_JS (the lunr.js the site ships); without them
// only the tests that need no index run.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const api = require("../../hooks/openreplies/assets/search.js");
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "cases.json"), "utf8"));
const INDEX = process.env.OPENREPLIES_CASE_INDEX;
const needsIndex = INDEX ? {} : { skip: "OPENREPLIES_CASE_INDEX is not set (run tests/test_search_js.py)" };
const charMap = INDEX ? api.charMap(JSON.parse(fs.readFileSync(path.join(INDEX, "t2s.json"), "utf8"))) : null;

function fileStore(folder, fail = new Set()) {
  const lunr = require(process.env.LUNR_JS);
  const load = (p) => {
    if (fail.has(p)) {
      fail.delete(p);
      return Promise.reject(new Error("offline: " + p));
    }
    return Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, p), "utf8")));
  };
  return new api.Store(load, lunr);
}

test("the planner reads every query of the cases as the Python planner does", needsIndex, () => {
  for (const c of cases.plans) {
    assert.deepEqual(api.plan(c.query, cases.names, charMap), c.parts, c.query);
  }
});

test("Chinese numerals of 届 and 次 are read, anything else is not", () => {
  for (const [text, value] of cases.numbers) assert.equal(api.chineseNumber(text), value, text);
});

test("the text terms leave out the runs read as names and give a missing 文号's pieces", () => {
  for (const c of cases.terms) {
    const parts = api.plan(c.query, cases.names, null);
    const terms = api.queryTerms(parts, new Set(c.applied), new Set(c.missing));
    assert.deepEqual(terms, { required: c.required, optional: c.optional, runs: c.runs }, c.query);
  }
});

test("CRC-32 buckets: a number is the hash itself, a facet term hashes as its name", () => {
  for (const [term, expected] of cases.hashes) {
    const hash = typeof expected === "number" ? expected : api.crc32(expected);
    assert.equal(api.crc32(api.bucketKey(term)), hash, term);
    assert.equal(api.bucketOf(term, 1024), hash % 1024, term);
  }
});

test("common terms are skipped beside a rare one, else the rarest are used within the budget", () => {
  for (const c of cases.choose) {
    const infos = c.required.map(([term, rare, count]) => ({ term, rare, count }));
    assert.deepEqual(api.choose(infos, c.budget).map((i) => i.term), c.used);
  }
});

test("every search of the cases finds the same replies in the same order as the Python twin", needsIndex, async () => {
  const store = fileStore(INDEX);
  store.manifest = await store.json("manifest.json");
  for (const c of cases.searches) {
    const found = await api.find(store, c.query, charMap);
    const records = await store.records(found.docs);
    assert.deepEqual(records.map((r) => r[0]), c.found, c.query);
    assert.equal(found.partial, Boolean(c.partial), c.query);
    assert.deepEqual(Array.from(found.applied.values()), c.applied || [], c.query);
    assert.deepEqual(found.policies, c.policies || [], c.query);
  }
});

test("a failed fetch is not kept: the same search works once the file loads again", needsIndex, async () => {
  const store = fileStore(INDEX);
  store.manifest = await store.json("manifest.json");
  const bucket = store.bucket("产教");
  const flaky = fileStore(INDEX, new Set([bucket]));
  flaky.manifest = store.manifest;
  await assert.rejects(api.find(flaky, "产教融合", charMap));
  const found = await api.find(flaky, "产教融合", charMap);
  assert.equal(found.docs.length, 3);
});

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

function marked(text, query, extra = {}) {
  const parts = api.plan(query, cases.names, null);
  const found = { parts, applied: new Map(), ...extra };
  const page = { text, meta: extra.meta || [] };
  return api.snippet(page, api.needles(found, segmenter), null, segmenter, 40)
    .filter((p) => p[1]).map((p) => p[0]);
}

test("a name is marked as a whole word, never inside another word", () => {
  const applied = new Map([[0, ["p", "#p中国民主促进会", "中国民主促进会"]]]);
  assert.deepEqual(marked("人民进入新时代，市民进行培训。", "民进", { applied }), []);
  assert.deepEqual(marked("民进宜昌市委提出，中国民主促进会建议。", "民进", { applied }), ["民进", "中国民主促进会"]);
});

test("a whole query is marked, and its words only where they are words", () => {
  assert.deepEqual(marked("推动产教融合发展。", "产教融合"), ["产教融合"]);
  assert.deepEqual(marked("加强职业教育，发展教育事业。", "职业教育"), ["职业教育"]);
  assert.deepEqual(marked("她是人民教师。", "民教"), []);
});

test("a number or 文号 found only in the metadata is shown from it", () => {
  const meta = ["届次：政协宜昌市六届三次会议", "编号：第257号提案", "引用：《意见》（宜府发〔2018〕62号）"];
  assert.deepEqual(marked("正文里有2570万元。", "257", { meta }), ["257"]);
  const snippet = api.snippet({ text: "正文。", meta }, api.needles({ parts: api.plan("257", cases.names, null), applied: new Map() }, segmenter), null, segmenter, 40);
  assert.deepEqual(snippet.map((p) => p[0]).join(""), "编号：第257号提案");
  assert.deepEqual(marked("正文。", "宜府发[2018]62号", { meta }), ["宜府发〔2018〕62号"]);
});

function termScores(spec) {
  const fields = new Map();
  for (const [number, byDoc] of Object.entries(spec.fields)) {
    fields.set(Number(number), new Map(Object.entries(byDoc).map(([d, s]) => [Number(d), s])));
  }
  const positions = new Map(Object.entries(spec.positions).map(([d, p]) => [Number(d), p]));
  return { term: spec.term, fields, positions };
}

test("ranking: title phrase and adjacency bonus, title over text, ties newest first, partial", () => {
  const ties = new api.Ties(cases.rank_sessions);
  for (const c of cases.ranks) {
    const byTerm = new Map(c.terms.map((t) => [t.term, termScores(t)]));
    const found = api.rank(
      c.required.map((t) => byTerm.get(t)),
      c.optional.map((t) => byTerm.get(t)),
      c.must.map((m) => new Set(m)),
      c.runs,
      cases.rank_weights,
      ties
    );
    assert.deepEqual(found, { docs: c.docs, partial: c.partial }, c.about);
  }
});

test("a run requires the bigrams that cover it: every other one and the last", () => {
  for (const [run, expected] of cases.covering) {
    const parts = [{ kind: "run", text: run }];
    assert.deepEqual(api.queryTerms(parts, new Set(), new Set(), false).required, expected, run);
  }
});

test("a term's scores read from lunr's field vectors are lunr.Index.query's scores", needsIndex, async () => {
  const lunr = require(process.env.LUNR_JS);
  const store = fileStore(INDEX);
  store.manifest = await store.json("manifest.json");
  let checked = 0;
  for (let bucket = 0; bucket < store.manifest.buckets; bucket++) {
    const path = "b/" + bucket + ".json";
    const index = await store.index(path);
    for (const term of Object.keys(index.invertedIndex)) {
      const scores = await store.scores({ term, rare: true, count: 0, path });
      store.manifest.fields.forEach((name, number) => {
        const expected = new Map();
        index.query((q) => q.term(term, { fields: [name], usePipeline: false, wildcard: lunr.Query.wildcard.NONE }))
          .forEach((hit) => expected.set(Number(hit.ref), hit.score));
        assert.deepEqual(scores.fields.get(number) || new Map(), expected, term + " " + name);
        checked += expected.size;
      });
    }
  }
  assert.ok(checked > 100);
});

test("the manifest's bitset flags the characters the map changes, and only those", needsIndex, () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(INDEX, "manifest.json"), "utf8"));
  const file = JSON.parse(fs.readFileSync(path.join(INDEX, "t2s.json"), "utf8"));
  const traditional = new api.Traditional(manifest.traditional);
  assert.ok(Array.from(file.from).every((c) => traditional.any(c)));
  assert.ok(traditional.any("產教融合") && traditional.any("ＡＢ羅"));
  assert.ok(!traditional.any("产教融合罗庆华宜府发〔2018〕62号 257") && !traditional.any("乾於"));
});
