"""The C extensions of seized; everything else is declared in pyproject.toml.

* ``seized.chain._blockscan``: the block walk (no library beyond Python's);
* ``seized.crypto._pgpopen``: the fast path that opens Curve25519/AES PGP messages, linked
  against OpenSSL's libcrypto and zlib (Debian: libssl-dev; zlib's headers come with
  python3-dev).
"""

from setuptools import Extension, setup

setup(
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
    ]
)
