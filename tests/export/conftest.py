"""A three-country case (DE, NL, FR) and its DE package, built once per test session."""

from __future__ import annotations

import pytest

from seized.case import Case
from seized.export.package import PackageResult, write_package
from tests.export.cases import build


@pytest.fixture(scope="session")
def three_countries(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return build(tmp_path_factory.mktemp("export") / "case")


@pytest.fixture(scope="session")
def de_package(three_countries: Case, tmp_path_factory: pytest.TempPathFactory) -> PackageResult:
    return write_package(three_countries, "DE", tmp_path_factory.mktemp("out") / "pkg-de")


@pytest.fixture(scope="session")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A market ranked by the real rank stage, with one big vendor (tests/export/busy.py)."""
    from tests.export.busy import build_busy

    return build_busy(tmp_path_factory.mktemp("busy") / "case")


@pytest.fixture(scope="session")
def busy_package(busy: Case, tmp_path_factory: pytest.TempPathFactory) -> PackageResult:
    return write_package(busy, "DE", tmp_path_factory.mktemp("out") / "busy-de")
