"""One model fingerprint: the bytes whose digest the register keeps for each issued document."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from kehoach.documents.picture import Picture
from kehoach.pipeline import load_project, model_fingerprint

REPO = Path(__file__).resolve().parent.parent


def _as_registered(value):
    """The values kehoach has always hashed for the register (walked by hand, as it first did)."""
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if hasattr(value, "__dataclass_fields__"):
        return {k: _as_registered(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {k: _as_registered(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_registered(v) for v in value]
    return value


def _registered(model) -> bytes:
    return json.dumps(_as_registered(model.context), ensure_ascii=False, sort_keys=True).encode()


MODELS = [m for d in load_project(REPO / "data").dossiers for m in d.documents]


@pytest.mark.parametrize("model", MODELS, ids=[m.filename for m in MODELS])
def test_a_seed_document_keeps_the_fingerprint_its_register_entry_has(model):
    assert model_fingerprint(model) == _registered(model)


def test_a_picture_counts_by_its_bytes_and_a_field_by_its_value():
    model = MODELS[0]
    fields = [f.name for f in dataclasses.fields(Picture)]
    picture = Picture(**{name: (b"\x89PNG one" if name == "data" else None) for name in fields})
    changed = dataclasses.replace(model, context={**model.context, "anh": picture})
    assert model_fingerprint(changed) == _registered(changed)
    other = dataclasses.replace(model, context={**model.context, "anh": dataclasses.replace(picture, data=b"two")})
    assert model_fingerprint(other) != model_fingerprint(changed)
    assert model_fingerprint(dataclasses.replace(model, context={**model.context, "x": "a"})) != \
        model_fingerprint(dataclasses.replace(model, context={**model.context, "x": "b"}))
