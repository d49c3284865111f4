"""Lines blog and news platforms put around an article: comment counters, "Post a Comment",
share prompts, "Related posts", newsletter and cookie notices.

Only whole lines at the very start or end of a text are trimmed (blank lines between them
too), so a sentence that merely mentions comments or cookies inside the article stays.
What is kept is a slice of the original: the article's own text is not changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each pattern must match a whole (stripped) line, case-insensitively.
_EDGE_LINES = [
    # comment sections and counters
    r"(no|\d+|one|two|three) (comments?|responses?|replies|thoughts on .{1,200})\s*:?",
    r"post a comment", r"(leave|add|write|post) a (comment|reply)( here)?[.:!]?",
    r"comments?\s*(\(\d+\)|:)?", r"view (all )?comments?( \(\d+\))?", r"show comments?",
    r"join the (conversation|discussion)", r"subscribe to:? post comments( \(atom\))?",
    r"cancel reply", r"comments are closed\.?", r"be the first to comment\.?",
    r"you must be logged in to post a comment\.?",
    # share prompts (Blogger's row of buttons among them)
    r"share( this)?( (article|story|post|page))?( (on|via|with) [\w .+]+)?\s*[:!]?",
    r"(email|e-mail) this", r"blogthis!", r"share to (twitter|facebook|pinterest|x)",
    r"(tweet|print|email|e-mail|whatsapp|telegram|pin it|reddit|linkedin|facebook|twitter)",
    r"like this:?", r"like loading\.{3}", r"loading\.{3}", r"click to (share|print|email).{0,60}",
    r"(follow|find) us on .{1,60}", r"share this:", r"share on \w+",
    # navigation between posts
    r"related( posts| articles| stories| content| reading)?\s*:?",
    (r"(you (may|might) also like|more from .{1,40}|recommended( for you)?|read more|"
    r"read next|further reading|more stories|popular posts|trending( now)?)\s*:?"),
    r"(newer|older) posts?", r"home", r"previous (post|article)", r"next (post|article)",
    r"(previous|next) ?:.{0,200}", r"labels?: .{1,200}", r"tags?: .{1,200}",
    r"posted by .{1,80}( at \d{1,2}:\d{2}( ?[ap]m)?)?", r"filed under:? .{1,120}",
    r"the post .{1,300} appeared first on .{1,120}",
    r"skip to (main )?content", r"(main )?menu", r"advertisement", r"sponsored( content)?",
    r"back to top", r"top of page", r"print (this )?(article|page)",
    # subscription and cookie notices
    (r"(subscribe|sign up)( now)?( (to|for) (our|the) (newsletter|mailing list|updates)"
    r".{0,120})?[.!]?"),
    r"(get|receive) (our|the) (latest|newsletter|daily|weekly).{0,160}",
    r"enter your e-?mail( address)?.{0,160}",
    r"(this|our) (web)?site uses cookies.{0,300}", r"we use cookies.{0,300}",
    r"(by (continuing|using) (to use )?(this|our) (web)?site).{0,300}cookies.{0,200}",
    r"(accept|allow|reject|manage)( all)? cookies\.?", r"cookie (policy|settings|preferences)",
    r"(got it|i agree|ok)[.!]?",
    r"all rights reserved\.?", r"(©|\(c\)|copyright) ?\d{4}.{0,120}",
]
_EDGE = re.compile("|".join(f"(?:{p})" for p in _EDGE_LINES), re.IGNORECASE)
_MAX_LINE = 400  # a longer line is article text, whatever it starts with


@dataclass(frozen=True, slots=True)
class Trimmed:
    text: str
    lines_removed: int


def is_boilerplate(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= _MAX_LINE and _EDGE.fullmatch(s) is not None


def trim(text: str) -> Trimmed:
    """Drop boilerplate lines at the start and end of `text` (see the module docstring).

    Untouched text comes back as it was, trailing newline and all; when a trailer is cut,
    the text ends at the article's last character."""
    lines = text.split("\n")
    first, last = 0, len(lines)
    removed = 0
    while first < last and (not lines[first].strip() or is_boilerplate(lines[first])):
        removed += bool(lines[first].strip())
        first += 1
    if removed == 0:
        first = 0  # only blank lines at the start: keep the text as it was
    tail = 0
    while last > first and (not lines[last - 1].strip() or is_boilerplate(lines[last - 1])):
        tail += bool(lines[last - 1].strip())
        last -= 1
    if first >= last:  # nothing but boilerplate: it is the article, keep it
        return Trimmed(text, 0)
    if tail == 0:
        last = len(lines)
    if removed == 0 and tail == 0:
        return Trimmed(text, 0)
    kept = "\n".join(lines[first:last])
    if tail:
        kept = kept.rstrip()
    return Trimmed(kept, removed + tail)
