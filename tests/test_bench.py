"""The benchmark's measurements measure what they say (small N, nothing timed)."""

from __future__ import annotations

import os
from pathlib import Path

from openreplies.bench import (
    Watch,
    bare_replies_config,
    edit_reply,
    html_pages,
    published_replies,
    run_build,
    site_config,
)
from openreplies.synthetic import write_replies

REPLIES = 12


def test_bare_baseline_and_edit_measure_the_replies(tmp_path: Path) -> None:
    """Check that the bare baseline is the same reply pages and nothing else (no index pages,
    no links to pages it does not have, no warning), and that the edit figure waits for the
    edited page to show the edit in a dirty build."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    write_replies(tmp_path / "replies", REPLIES)
    config = site_config(tmp_path, tmp_path / "replies")
    site = run_build(config, tmp_path / "site", env)
    assert site.tree_rss_mb > 0 and site.peak_rss_mb >= site.main_rss_mb
    published, uris = published_replies(config)
    assert len(published) == REPLIES
    store = tmp_path / ".cache" / "openreplies" / "site"
    bare = run_build(
        bare_replies_config(tmp_path, store, [uris[r.file] for r in published]),
        tmp_path / "bare" / "site",
        env,
    )
    assert "WARNING" not in bare.log
    assert html_pages(tmp_path / "bare" / "site") == REPLIES + 1  # and its home page
    assert html_pages(tmp_path / "site") > 2 * REPLIES
    first = uris[published[0].file].removesuffix("index.md")
    bare_page = (tmp_path / "bare" / "site" / first / "index.html").read_text("utf-8")
    assert published[0].department in bare_page and "../" not in bare_page.split("md-content")[1]

    title = edit_reply(tmp_path / "replies" / published[0].file)
    watch = Watch(tmp_path / "site" / first / "index.html", title)
    dirty = run_build(config, tmp_path / "site", env, dirty=True, watch=watch)
    assert watch.seconds is not None and watch.seconds <= dirty.seconds
    assert title in (tmp_path / "site" / first / "index.html").read_text("utf-8")
