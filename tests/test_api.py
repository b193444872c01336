"""The public API: the names seized exports, and the example in docs/api.md, run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import seized

DOC = Path(__file__).parent.parent / "docs" / "api.md"


def test_every_public_name_resolves_and_is_documented() -> None:
    assert set(seized.__all__) == {"__version__", *seized._PUBLIC}
    text = DOC.read_text(encoding="utf-8")
    for name in seized.__all__:
        assert getattr(seized, name) is not None
        if name != "__version__":
            assert f"`{name}" in text, f"{name} is not documented in docs/api.md"
    with pytest.raises(AttributeError):
        _ = seized.no_such_name  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_documented_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], str(DOC), "exec"), {"__name__": "docs_api_example"})
    printed = capsys.readouterr().out.splitlines()
    assert printed[:4] == ["ingest done", "extract done", "link done", "rank done"]
    assert len(printed) == 7 and printed[4].startswith("1 ")
