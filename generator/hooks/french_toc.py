"""MkDocs hook: the table of contents keeps the headings' no-break spaces.

Python-Markdown's toc extension names each entry after its heading with `' '.join(text.split())`, and
str.split() takes the narrow no-break space before « : » or « ? » for a space: « Qu’est-ce que c’est ? »
would lose it in the side menu only. Each entry takes back its heading's text, as the page shows it.

Registered in mkdocs.yml (and mkdocs.serve.yml); loaded by path, it imports nothing from the generator.
"""

from __future__ import annotations

import re
from typing import Any

_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)  # id after data-search-exclude too
_TAG = re.compile(r"<[^>]+>")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    titles = {m.group(2): re.sub(r"[ \t\r\n]+", " ", _TAG.sub("", m.group(3))).strip() for m in _HEADING.finditer(html)}

    def mend(items: Any) -> None:
        for item in items:
            title = titles.get(item.id)
            if title:
                item.title = title
            mend(item.children)

    mend(page.toc)
    return html
