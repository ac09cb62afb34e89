"""The relevance benchmark: `python -m openreplies.relevance --replies 3000`.

Builds a site of N synthetic replies (openreplies.synthetic, as the speed benchmark does), draws
known items from its open data (knownitems: title, number, 文号, department + topic, party +
topic, free text), and runs each query in headless Chromium (/usr/bin/chromium), each with an
empty cache: hit@1, hit@10 and MRR per kind, the time from Enter to the first result (median,
p95) and the bytes fetched before it (gzip -6, page and theme included). `--twin` runs the
queries through the Python twin of the lookup instead (no browser, no timings); `--tune` tries
field weights with the twin, which is how the weights of search/fields.py were chosen.
`--site DIR` reuses a built site. The last line printed is one JSON object. A developer tool:
never run as a timed test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import itertools
import json
import os
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from .knownitems import KnownItem, Record, Scores, draw, score, site_path
from .search.lookup import IndexReader
from .search.ranking import Weights

CHROMIUM = "/usr/bin/chromium"
INDEX = Path("search/index")


def build(replies: int, work: Path) -> Path:
    """Write `replies` synthetic replies into `work` and build their site; returns the site."""
    from .bench import run_build, site_config
    from .synthetic import write_replies

    write_replies(work / "replies", replies)
    config = site_config(work, work / "replies")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = run_build(config, work / "site", env)
    print(f"site build: {done.seconds} s", flush=True)
    return work / "site"


def records_by_path(site: Path) -> dict[str, Record]:
    """The open data's records by address relative to the site root."""
    records = json.loads((site / "data" / "replies.json").read_text(encoding="utf-8"))
    return {site_path(r["url"]): r for r in records}


def twin_results(
    site: Path, items: Sequence[KnownItem], weights: Weights | None = None
) -> list[list[str]]:
    """The first ten addresses of each query, from the Python twin."""
    reader = IndexReader(site / INDEX, weights)
    return [[reader.record(d)[0] for d in reader.search(item.query)[:10]] for item in items]


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder on a free localhost port, silently (a page closed while its snippets
    load breaks their connections, which is no error here)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def browser_results(site: Path, items: Sequence[KnownItem]) -> list[dict[str, Any]]:
    """Each query typed into the search page in Chromium with an empty cache."""
    from playwright.sync_api import sync_playwright

    from .bench import gzip_size

    out = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for item in items:
                context = browser.new_context()
                try:
                    page = context.new_page()
                    page.goto(base + "search/")
                    page.wait_for_function(
                        "window.openRepliesSearch && document.querySelector("
                        "'select[name=session] option[value]:not([value=\"\"])')"
                    )
                    page.fill("#or-search input[name=q]", item.query)
                    page.press("#or-search input[name=q]", "Enter")
                    page.wait_for_function(
                        "window.openRepliesSearch.runs.length > 0"
                        " || document.querySelector('#or-search').dataset.state === 'error'",
                        timeout=60_000,
                    )
                    run = page.evaluate("window.openRepliesSearch.runs[0] || null")
                    hrefs = page.eval_on_selector_all(
                        ".or-hit a.or-hit__title", "links => links.map(a => a.getAttribute('href'))"
                    )
                finally:
                    context.close()
                before = [base + "search/", *(run or {}).get("resources", [])]
                out.append(
                    {
                        "paths": [site_path(h) for h in hrefs[:10]],
                        "ms": run["ms"] if run else None,
                        "bytes_gz": sum(gzip_size(site, url) for url in before),
                    }
                )
        finally:
            browser.close()
    return out


def report(scores: list[Scores], timings: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Print the table and return the summary."""
    print(f"{'kind':<12}{'queries':>8}{'hit@1':>8}{'hit@10':>8}{'MRR':>7}")
    for s in scores:
        print(f"{s.kind:<12}{s.queries:>8}{s.hit1:>8.0%}{s.hit10:>8.0%}{s.mrr:>7.2f}")
    summary: dict[str, Any] = {
        s.kind: {k: round(v, 3) for k, v in asdict(s).items() if k != "kind"} for s in scores
    }
    if timings:
        ms = sorted(t["ms"] for t in timings if t["ms"] is not None)
        sizes = sorted(t["bytes_gz"] for t in timings)
        summary["first_result_ms"] = {
            "median": round(statistics.median(ms), 1),
            "p95": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
        }
        summary["first_result_bytes_gz"] = {
            "median": int(statistics.median(sizes)),
            "max": sizes[-1],
        }
        print(
            f"first result: median {summary['first_result_ms']['median']} ms, p95 {summary['first_result_ms']['p95']} ms"
        )
        print(
            f"bytes before the first result (gzip): median {summary['first_result_bytes_gz']['median']}, max {sizes[-1]}"
        )
    return summary


def evaluate(
    site: Path, items: Sequence[KnownItem], *, twin: bool, verbose: bool = False
) -> dict[str, Any]:
    """Run every item (browser or twin) and report."""
    by_path = records_by_path(site)
    if twin:
        found = twin_results(site, items)
        timings = None
    else:
        timings = browser_results(site, items)
        found = [t["paths"] for t in timings]
    results = [[by_path.get(p) for p in paths] for paths in found]
    for number, (item, found_records) in enumerate(zip(items, results, strict=True)):
        first = found_records[0] if found_records else None
        cost = f" {timings[number]['ms']:.0f} ms {timings[number]['bytes_gz']} B" if timings else ""
        if first is None or not item.fits(first) or verbose:
            hit = "hit@1 " if first is not None and item.fits(first) else "miss@1"
            print(f"  {hit} {item.kind}: {item.query}{cost}", flush=True)
    return report(score(items, results), timings)


GRID = {
    "t": (1.0, 3.0, 12.0),
    "w": (1.0, 4.0),
    "dp": (1.0, 2.0),
    "phrase": (0.0, 1.0),
}


def tune(site: Path, items: Sequence[KnownItem]) -> None:
    """Try the weights of GRID with the twin; print each set's hit@1 and hit@10 averages."""
    reader = IndexReader(site / INDEX)
    base = reader.manifest_weights
    fields = reader.manifest["fields"]
    by_path = records_by_path(site)
    rows = []
    for t, w, dp, phrase in itertools.product(*GRID.values()):
        weights = list(base.fields)
        for name, value in (("t", t), ("w", w), ("d", dp), ("p", dp)):
            weights[fields.index(name)] = value
        trial = replace(base, fields=tuple(weights), phrase=phrase, adjacent=phrase)
        found = twin_results(site, items, trial)
        scores = score(items, [[by_path.get(p) for p in paths] for paths in found])
        hit1 = statistics.mean(s.hit1 for s in scores)
        hit10 = statistics.mean(s.hit10 for s in scores)
        rows.append((hit1 + hit10, t, w, dp, phrase, hit1, hit10))
        print(
            f"t={t} w={w} d,p={dp} phrase={phrase}: hit@1 {hit1:.1%} hit@10 {hit10:.1%}", flush=True
        )
    best = max(rows)
    print(f"best: t={best[1]} w={best[2]} d,p={best[3]} phrase={best[4]}")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m openreplies.relevance", description=__doc__)
    parser.add_argument("--replies", type=int, default=3000, help="synthetic replies to build")
    parser.add_argument("--site", type=Path, help="a site already built (skips the build)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--per-kind", type=int, default=50, help="known items of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--twin", action="store_true", help="the Python twin, not Chromium")
    parser.add_argument("--tune", action="store_true", help="try field weights with the twin")
    parser.add_argument("--verbose", action="store_true", help="print every query")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="openreplies-relevance-") as tmp:
        site = args.site
        if site is None:
            work = args.keep or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            site = build(args.replies, work)
        manifest = json.loads((site / INDEX / "manifest.json").read_text(encoding="utf-8"))
        records = list(records_by_path(site).values())
        items = draw(records, manifest["names"], args.per_kind, args.seed)
        if args.tune:
            tune(site, items)
            return 0
        summary = evaluate(site, items, twin=args.twin, verbose=args.verbose)
    print(json.dumps({"replies": len(records), **summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
