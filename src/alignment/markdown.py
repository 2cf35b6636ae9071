"""User text inside Markdown: shown literally, whatever syntax it holds.

Streamlit renders Markdown (images, links, colours, icons, KaTeX) in st.markdown, captions,
alerts, subheaders, labels and help texts, and a session summary is a Markdown file. A title
holding an image made every reader's browser fetch an outside URL; ``plain`` keeps any text
people typed or uploaded from being read as syntax.
"""

from __future__ import annotations

import re

# A backslash before each character that starts Markdown syntax keeps the parser from seeing
# any: emphasis, code, links and images, HTML and entities, tables, KaTeX, Streamlit's
# ":red[...]" directives and shortcodes; and before a line's list, heading or rule marker. What
# Streamlit replaces in the parsed text afterwards (bare links and e-mail addresses,
# ":streamlit:" and other shortcodes, "->" and its typographic kin) is broken by an invisible
# word joiner, which a reader does not see. Ids and ordinary punctuation stay as they are.
_SYNTAX = re.compile(
    r"([\\`*_{}\[\]<>#|~$^]|:(?=\S)|&(?=#?\w+;))"  # ":red" (no brackets) colours too
    r"|^([ \t]*)([-+=]|\d+[.)])",
    re.MULTILINE,
)
WORD_JOINER = "\u2060"
_REPLACED_AFTER_PARSING = re.compile(
    r"(?<=:)(?=\S)"  # shortcodes (:streamlit:, :material/x:) and the "://" of a link
    r"|(?<=www)(?=\.)"  # a bare www. link
    r"|(?<=\w)(?=@\w)"  # an e-mail address
    r"|(?<=[-<>~=])(?=[-<>=])",  # -> <- <-> -- >= <= ~=
    re.IGNORECASE,
)


def _escaped(match: re.Match) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    marker = match.group(3)
    return match.group(2) + marker[:-1] + "\\" + marker[-1]


def plain(text: object) -> str:
    """``text`` (anything people typed or uploaded) as Markdown that Streamlit shows literally.

    >>> print(plain("**x** [a](b) :red[c] KCC-002"))
    \\*\\*x\\*\\* \\[a\\](b) \\:⁠red\\[c\\] KCC-002
    >>> print(plain("- one\\n2. two"))
    \\- one
    2\\. two

    Use it for every piece of user text in anything Streamlit renders as Markdown, alone or
    as a parameter of ``t()``; tables, charts and select boxes show text as it is, so
    they take it unchanged.
    """
    joined = _REPLACED_AFTER_PARSING.sub(WORD_JOINER, str(text))
    return _SYNTAX.sub(_escaped, joined)
