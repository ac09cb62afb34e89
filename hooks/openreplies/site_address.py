"""The site's own address (`site_url`): the example one must never go live.

The sample's mkdocs.yml and the one `init` writes hold the example address; every page
address, the sitemap, the open data and the feeds are made from it, so a build that keeps it
is warned about (and a `--strict` build fails).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

EXAMPLE_SITE_URL = "https://replies.example.gov.cn/"
"""The placeholder address of the sample site and of a new site's mkdocs.yml."""

_EXAMPLE_HOST = urlsplit(EXAMPLE_SITE_URL).hostname


def is_example_site_url(site_url: str | None) -> bool:
    """Whether `site_url` is on the example host (any scheme, port, path or letter case)."""
    if not site_url:
        return False
    try:
        return urlsplit(site_url.strip()).hostname == _EXAMPLE_HOST
    except ValueError:
        return False


def example_site_url_message(site_url: str) -> str:
    """The warning for a build whose `site_url` is the example address (Chinese)."""
    return (
        f"openreplies: mkdocs.yml 中的 site_url 仍是示例地址 {site_url}："
        "页面地址、站点地图、开放数据和订阅源都会使用这个地址。"
        "请改为本站的正式地址（例如 https://www.本站域名.gov.cn/dafu/）后再发布"
    )


def warn_example_site_url(site_url: str | None, warn: Callable[[str], object]) -> None:
    """Call `warn` with the message when `site_url` is the example address."""
    if site_url and is_example_site_url(site_url):
        warn(example_site_url_message(site_url))
