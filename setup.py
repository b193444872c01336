"""The C extensions of seized; everything else is declared in pyproject.toml.

* ``seized.chain._blockscan``: the block walk (nothing beyond Python's headers);
* ``seized.crypto._pgpopen``: the fast path that opens RSA and ECDH / AES PGP messages, linked
  against OpenSSL's libcrypto and zlib (Debian: libssl-dev zlib1g-dev);
* ``seized.model._rowdigest``: the SHA-256 of each row of a table for the custody digests, linked
  against libcrypto.
"""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

NEEDS = {
    "seized.crypto._pgpopen": "the headers of OpenSSL and zlib (Debian: libssl-dev zlib1g-dev)",
    "seized.model._rowdigest": "the headers of OpenSSL (Debian: libssl-dev)",
}


class BuildExt(build_ext):
    """Says which system package is missing when an extension does not compile."""

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            needs = NEEDS.get(ext.name, "a C compiler and the Python headers (gcc python3-dev)")
            raise SystemExit(
                f"seized: {ext.name} did not compile; it needs {needs}: {exc}"
            ) from exc


setup(
    cmdclass={"build_ext": BuildExt},
    ext_modules=[
        Extension(
            "seized.chain._blockscan",
            sources=["src/seized/chain/_blockscan.c"],
            depends=["src/seized/chain/_sha256.h"],
        ),
        Extension(
            "seized.crypto._pgpopen",
            sources=["src/seized/crypto/_pgpopen.c"],
            libraries=["crypto", "z"],
        ),
        Extension(
            "seized.model._rowdigest",
            sources=["src/seized/model/_rowdigest.c"],
            libraries=["crypto"],
        ),
    ],
)
