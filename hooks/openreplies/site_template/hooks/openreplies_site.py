"""This site's MkDocs hooks: the events of the installed Open Replies (`openreplies_hooks`).

Written by `python -m openreplies init` and listed under `hooks:` in mkdocs.yml. Nothing of the
build is copied here: run mkdocs with the Python where Open Replies is installed, and upgrading
Open Replies upgrades this site's build.
"""

from mkdocs.config.base import ValidationError

try:
    import openreplies_hooks
except ImportError:
    # A configuration error names the fix; a traceback would not.
    raise ValidationError(
        "找不到 Open Replies 的构建程序（openreplies_hooks）：请用安装了 Open Replies 的 Python "
        "运行 mkdocs，例如 <Open Replies 文件夹>/.venv/bin/python -m mkdocs build"
    ) from None

globals().update(
    {n: getattr(openreplies_hooks, n) for n in dir(openreplies_hooks) if n[:3] == "on_"}
)
