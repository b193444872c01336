"""seized: from a seized darknet-market server to evidence-backed target packages.

The public Python API (docs/api.md): a :class:`Case`, the stages declared in :data:`STAGES`
run by :func:`run_stage` with their options classes, and the steps around them (registering
evidence, setting a mapping, verifying, writing the report and packages). Names are imported
on first use, so ``import seized`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_PUBLIC = {
    "Case": "seized.case",
    "STAGES": "seized.stages",
    "Stage": "seized.stages",
    "StageResult": "seized.stages",
    "run_stage": "seized.stages",
    "IngestOptions": "seized.ingest.stage",
    "KeyImportOptions": "seized.crypto.stage",
    "DecryptOptions": "seized.crypto.stage",
    "ExtractOptions": "seized.extract.stage",
    "TagsOptions": "seized.chain.stage",
    "ChainAddOptions": "seized.chain.stage",
    "ClusterOptions": "seized.chain.stage",
    "LinkOptions": "seized.link.options",
    "TraceOptions": "seized.chain.stage",
    "RankOptions": "seized.rank.stage",
    "IndexOptions": "seized.web.stage",
    "add_evidence": "seized.register",
    "set_mapping": "seized.register",
    "verify_case": "seized.verify:verify",
    "write_report": "seized.export.report",
    "write_package": "seized.export.package",
    "SeizedError": "seized.errors",
    "UserError": "seized.errors",
    "InputError": "seized.errors",
    "IntegrityError": "seized.errors",
}

__all__ = [
    "STAGES",
    "Case",
    "ChainAddOptions",
    "ClusterOptions",
    "DecryptOptions",
    "ExtractOptions",
    "IndexOptions",
    "IngestOptions",
    "InputError",
    "IntegrityError",
    "KeyImportOptions",
    "LinkOptions",
    "RankOptions",
    "SeizedError",
    "Stage",
    "StageResult",
    "TagsOptions",
    "TraceOptions",
    "UserError",
    "__version__",
    "add_evidence",
    "run_stage",
    "set_mapping",
    "verify_case",
    "write_package",
    "write_report",
]

if TYPE_CHECKING:
    from seized.case import Case
    from seized.chain.stage import (
        ChainAddOptions,
        ClusterOptions,
        TagsOptions,
        TraceOptions,
    )
    from seized.crypto.stage import (
        DecryptOptions,
        KeyImportOptions,
    )
    from seized.errors import (
        InputError,
        IntegrityError,
        SeizedError,
        UserError,
    )
    from seized.export.package import write_package
    from seized.export.report import write_report
    from seized.extract.stage import ExtractOptions
    from seized.ingest.stage import IngestOptions
    from seized.link.options import LinkOptions
    from seized.rank.stage import RankOptions
    from seized.register import add_evidence, set_mapping
    from seized.stages import (
        STAGES,
        Stage,
        StageResult,
        run_stage,
    )
    from seized.verify import verify as verify_case
    from seized.web.stage import IndexOptions


def __getattr__(name: str) -> Any:
    where = _PUBLIC.get(name)
    if where is None:
        raise AttributeError(f"module 'seized' has no attribute {name!r}")
    module, _, attribute = where.partition(":")
    return getattr(importlib.import_module(module), attribute or name)


def __dir__() -> list[str]:
    return sorted(__all__)
