"""What text may become: a message body, a one-line field (subject, name, header), a file name,
a line on a terminal. One place for each rule, so every reader of files, flags and stand data
inherits it.

Why these characters: C0/C1 controls and DEL never belong in what a client reads (a NUL is
stored and sent as is; a vertical tab in a subject made the stand record a message whose
email was never written). U+2028/U+2029 and U+0085 are line breaks to some mail and chat
software, so a one-line field refuses them too. Bidi controls and zero-width characters are
legitimate inside real text (Arabic, emoji), but a text made only of them looks empty and is
not, and on a terminal they can make a line read as something else (CVE-2021-42574).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Line breaks and separators that plain text allows in a message body.
BODY_BREAKS = frozenset("\t\n\r")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
INVISIBLE = BIDI_CONTROLS | frozenset("\u00ad\u034f\u180e\u200b\u200c\u200d\u2060\u2061\u2062"
                                      "\u2063\u2064\ufeff\u3164\uffa0\u115f\u1160")
LINE_SEPARATORS = frozenset("\u2028\u2029\u0085")
# RFC 2047 encoded words: a subject or name must be the text itself, never an encoding of it
# (a decoded CR/LF became an injected header, CVE-2024-6923).
ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")
SHOWN_WIDTH = 80  # how much of a value an error line repeats


def is_control(ch: str) -> bool:
    """C0, DEL and C1 controls (category Cc), and the Unicode line/paragraph separators."""
    return unicodedata.category(ch) == "Cc" or ch in LINE_SEPARATORS


def describe(ch: str) -> str:
    """A character as people can read it in an error line: U+000B (LINE TABULATION)."""
    name = unicodedata.name(ch, "") or {"\x00": "NUL", "\t": "TAB", "\n": "LINE FEED",
                                        "\r": "CARRIAGE RETURN", "\x0b": "LINE TABULATION",
                                        "\x0c": "FORM FEED", "\x1b": "ESCAPE",
                                        "\x7f": "DELETE", "\x85": "NEXT LINE"}.get(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def body_problem(text: str | None, what: str = "The text") -> str | None:
    """Why `text` cannot be a message body (a text, title, signature, template value), or None."""
    if not text:
        return None
    # A body may hold line breaks (U+2028 too); a one-line field may not (line_problem).
    bad = next((ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in BODY_BREAKS),
               None)
    if bad is not None:
        return (f"{what} contains the control character {describe(bad)} at position "
                f"{text.index(bad) + 1}; remove it")
    if text.strip() and all(ch.isspace() or ch in INVISIBLE for ch in text):
        return f"{what} has only invisible characters (zero-width or direction marks)"
    return None


def line_problem(value: str | None, what: str) -> str | None:
    """Why `value` cannot be a one-line field (subject, name, header value), or None."""
    if not value:
        return None
    bad = next((ch for ch in value if is_control(ch)), None)
    if bad is not None:
        return (f"{what} contains the control character {describe(bad)}; it must be one line "
                "of plain text")
    if ENCODED_WORD.search(value):
        return f"{what} contains an encoded word (=?charset?q?...?=); write the text itself"
    if value.strip() and all(ch.isspace() or ch in INVISIBLE for ch in value):
        return f"{what} has only invisible characters"
    return None


def file_name_problem(name: str, what: str = "The file name") -> str | None:
    """A file name that goes to the stand or into an email: one line, no folders."""
    problem = line_problem(name, what)
    if problem:
        return problem
    if name in ("", ".", "..") or "/" in name or "\\" in name:
        return f"{what} {shown(name)} is not a plain file name"
    return None


def plural(n: int, one: str, many: str | None = None) -> str:
    """The word for `n` things: `one` for exactly one, else `many` (by default `one` + 's').
    plural(3, "row") is 'rows'; plural(1, "is", "are") is 'is'."""
    return one if n == 1 else (one + "s" if many is None else many)


def listed(items: Sequence[str], last: str = "and") -> str:
    """Items as a sentence names them: 'a', 'a and b', 'a, b and c' (or 'a, b or c')."""
    *most, final = items
    return f"{', '.join(most)} {last} {final}" if most else final


def match_key(value: object) -> str:
    """How names are compared: NFC (a decomposed 'é' is the stored composed one), stripped,
    case-folded."""
    return unicodedata.normalize("NFC", str(value)).strip().casefold()


def terminal_safe(text: str) -> str:
    """Text from files, flags or the stand as it may reach a terminal: controls, bidi and
    zero-width characters shown as escapes (\\x1b, \\u202e), never acted on. Newlines and tabs
    are kept: callers that need one line split or replace them."""
    if _plain(text):  # the common case, decided in C: nothing to escape
        return text
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in text)


def one_line(text: str) -> str:
    """terminal_safe, and line breaks/tabs as escapes too (for a cell or an error line)."""
    if _plain(text):
        return text
    return "".join(_escape(ch) if _unsafe(ch) or ch in BODY_BREAKS else ch for ch in text)


def _plain(text: str) -> bool:
    """Printable ASCII only: no control, break or tab (not printable), and every INVISIBLE
    character is outside ASCII. A dry run shows a million cells; each is looked at once here
    instead of character by character in Python (benchmarks/bulk.py, validation)."""
    return text.isascii() and text.isprintable()


def _unsafe(ch: str) -> bool:
    return (is_control(ch) and ch not in BODY_BREAKS) or ch in INVISIBLE


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object, width: int = SHOWN_WIDTH) -> str:
    """A user's value quoted for an error line: one line, escaped, cut in the middle when long."""
    text = one_line(str(value))
    if len(text) > width:
        half = (width - 1) // 2
        text = f"{text[:half]}…{text[-(width - 1 - half):]} ({len(str(value)):,} characters)"
    return f"'{text}'"


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at the end with '…': stand text before it is printed."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def elide_long_words(line: str, width: int = 200) -> str:
    """An error line with any word longer than `width` cut in the middle: a 100,000-character
    flag value is named, not repeated."""
    def cut(match: re.Match) -> str:
        word = match.group(0)
        half = 40
        return f"{word[:half]}…{word[-half:]} ({len(word):,} characters)"
    return re.sub(r"\S{" + str(width + 1) + ",}", cut, line)
