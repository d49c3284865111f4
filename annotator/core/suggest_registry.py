"""Registry suggestions: every known name and alias of a registry actor found in a text.

Whole-word, case-sensitive matches, the longest name first, none overlapping another. The
names are compiled into one trie-shaped regular expression, so thousands of aliases still
scan a long article in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.core.actor_match import normalize
from annotator.core.foreground import give_way
from annotator.core.model import Entity
from annotator.core.schema import ACTOR
from annotator.core.suggest_base import Suggestion

SOURCE = "registry"
LABEL = ACTOR


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of `words`, trying longer continuations before shorter ones."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def render(node: dict) -> str:
        ends_here = "" in node
        branches = [re.escape(ch) + render(child)
                    for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends_here else \
            "(?:" + "|".join(branches) + ")"
        if len(branches) == 1 and not ends_here:
            return body
        return body + ("?" if ends_here else "")

    return render(trie)


class RegistryMatcher:
    """Finds registry names in texts; build once per registry, use for every document."""

    def __init__(self, entities: Iterable[Entity]):
        owners: dict[str, str | None] = {}
        exact_name: dict[str, str] = {}
        for ent in entities:
            for surface in [ent.name, *ent.aliases]:
                surface = surface.strip()
                if not surface or ent.id is None:
                    continue
                if surface == ent.name.strip():
                    exact_name.setdefault(surface, ent.id)
                if surface in owners and owners[surface] != ent.id:
                    owners[surface] = None  # two actors share this alias: say no actor
                else:
                    owners[surface] = ent.id
        for surface, ent_id in exact_name.items():
            owners[surface] = ent_id  # a canonical name beats someone else's alias
        self.owners = owners
        # For speakers named with other case or a "the" ("the Pentagon" is "Pentagon").
        self.loose: dict[str, str | None] = {}
        for surface, ent_id in owners.items():
            norm = normalize(surface)
            if norm in self.loose and self.loose[norm] != ent_id:
                self.loose[norm] = None
            else:
                self.loose[norm] = ent_id
        self._regex = None
        if owners:
            self._regex = re.compile(rf"(?<!\w)(?:{trie_regex(owners)})(?!\w)")

    def entity_for(self, surface: str) -> str | None:
        """The actor a name stands for: exactly, else with case and "the" ignored."""
        if surface in self.owners:
            return self.owners[surface]
        return self.loose.get(normalize(surface))

    def suggest(self, text: str) -> list[Suggestion]:
        if self._regex is None:
            return []
        out = []
        for m in self._regex.finditer(text):
            give_way()
            out.append(Suggestion(m.start(), m.end(), LABEL, SOURCE, {}, None,
                                  self.owners[m.group()]))
        return out
