"""The C extension of seized (the block walk); everything else is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "seized.chain._blockscan",
            sources=["src/seized/chain/_blockscan.c"],
            depends=["src/seized/chain/_sha256.h"],
        ),
    ]
)
