"""Trained models on disk: versioned folders next to the database, and the loaded model.

`<db stem>.models/v0003/` holds `model.json` (labels, groups, language, seed, the layers and
document ids it learned from, its held-out scores) and one spaCy pipeline per label group
(`group0/`, ...). `<db stem>.models/LATEST` names the newest version. A version is written
under a temporary name and renamed only when complete, and LATEST moves after that, so a
cancelled or failed training leaves the previous model in place.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import DataError

LATEST = "LATEST"
META = "model.json"
_VERSION = re.compile(r"^v(\d{4,})$")


def models_dir(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.resolve().parent / f"{db_path.stem}.models"


def versions(root: Path) -> list[Path]:
    """Complete versions, oldest first."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if _VERSION.match(p.name) and (p / META).is_file()]
    return sorted(found, key=lambda p: int(p.name[1:]))


def latest(root: Path) -> Path | None:
    pointer = root / LATEST
    if pointer.is_file():
        target = root / pointer.read_text(encoding="utf-8").strip()
        if (target / META).is_file():
            return target
    found = versions(root)
    return found[-1] if found else None


def latest_for_db(db_path: str | Path) -> Path | None:
    return latest(models_dir(db_path))


def resolve(path: str | Path) -> Path:
    """A model folder from what a user names: a version folder, or a models folder (its
    latest version)."""
    path = Path(path).expanduser()
    if (path / META).is_file():
        return path
    if path.is_dir():
        found = latest(path)
        if found is not None:
            return found
    raise DataError(f"{path}: not a trained model (no {META}; train one with "
                    "'annotator train')")


@dataclass
class TrainedModel:
    """Label groups, each a spaCy pipeline with one NER component, and what they learned."""

    groups: list[tuple[list[str], Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def labels(self) -> list[str]:
        return [lab for labels, _nlp in self.groups for lab in labels]

    @property
    def train_ids(self) -> set[str]:
        return set(self.meta.get("train_docs_ids", []))

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else "unsaved"

    def predict(self, texts: Sequence[str], confidence: bool = False
                ) -> list[list[tuple[int, int, str, float | None]]]:
        """For each text, the spans every group predicts, sorted."""
        from annotator.learn.pipeline import predict_spans

        out: list[list] = [[] for _ in texts]
        for _labels, nlp in self.groups:
            for i, spans in enumerate(predict_spans(nlp, texts, confidence)):
                out[i].extend(spans)
        return [sorted(spans) for spans in out]

    def save(self, root: Path) -> Path:
        """Write a new version under `root` and point LATEST at it."""
        root.mkdir(parents=True, exist_ok=True)
        done = versions(root)
        number = int(done[-1].name[1:]) + 1 if done else 1
        name = f"v{number:04d}"
        tmp = root / f".{name}.partial"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        try:
            for i, (_labels, nlp) in enumerate(self.groups):
                nlp.to_disk(tmp / f"group{i}")
            meta = dict(self.meta, version=name,
                        groups=[labels for labels, _nlp in self.groups])
            (tmp / META).write_text(json.dumps(meta, indent=1, ensure_ascii=False),
                                    encoding="utf-8")
            os.replace(tmp, root / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        pointer = root / f".{LATEST}.tmp"
        pointer.write_text(name + "\n", encoding="utf-8")
        os.replace(pointer, root / LATEST)
        self.path = root / name
        self.meta = meta
        return self.path


def load(path: str | Path) -> TrainedModel:
    import spacy

    folder = resolve(path)
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        groups = [(list(labels), spacy.load(folder / f"group{i}"))
                  for i, labels in enumerate(meta["groups"])]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"{folder}: cannot load the model ({exc})") from None
    return TrainedModel(groups, meta, folder)
