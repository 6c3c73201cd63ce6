"""The "On this page" list: a long page's links to its sections.

`{% on_this_page %}…{% endon_this_page %}` renders what it wraps, then puts before it a list of links to
each `<h2 id="…">` found there, in their order, when there are at least MIN_SECTIONS. The list is read from
the rendered sections rather than written beside them, so that it names exactly the sections the page
shows (most of them appear only when they have something to list) without repeating their conditions.
"""

from html.parser import HTMLParser

from django import template
from django.template.loader import render_to_string

register = template.Library()

# Fewer sections than this fit on a screen or two: no list.
MIN_SECTIONS = 3


class _SectionHeadings(HTMLParser):
    """Collects (id, text) of the `<h2>` elements that have an id, their text without tags."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self._id: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._id = dict(attrs).get("id") or None
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._id is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._id is not None:
            self.headings.append((self._id, " ".join("".join(self._text).split())))
            self._id = None


def section_headings(html: str) -> list[tuple[str, str]]:
    """The (id, text) of each `<h2>` with an id in `html`, in their order."""
    parser = _SectionHeadings()
    parser.feed(html)
    parser.close()
    return parser.headings


class OnThisPageNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        html = self.nodelist.render(context)
        headings = section_headings(html)
        if len(headings) < MIN_SECTIONS:
            return html
        sections = [{"id": ident, "title": title} for ident, title in headings]
        return render_to_string("includes/on_this_page.html", {"sections": sections}) + html


@register.tag
def on_this_page(parser: template.base.Parser, token: template.base.Token) -> OnThisPageNode:
    nodelist = parser.parse(("endon_this_page",))
    parser.delete_first_token()
    return OnThisPageNode(nodelist)
