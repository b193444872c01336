"""PGP decryption throughput (blobs/s) per key type: seized against a raw pysequoia loop, PGPy
and, for RSA, OpenSSL's own private-key rate, in the same run, on the same blobs.

For each key type (Curve25519, NIST P-256/P-384/P-521, RSA-2048/3072/4096) the keys are made
with pysequoia and protected with a passphrase as GnuPG protects them (iterated and salted S2K,
SHA-256, 65 MB hashed, AES-256): a passphrase-protected keyring. The blobs are shipping
addresses encrypted to those keys by PGPy (v3 session-key packets and SEIPD v1, as GnuPG writes
them; all contenders read them), so every contender opens exactly the same bytes:

* ``seized, opening``: seized's decryption alone, measured like the loops: the stage's
  :class:`seized.crypto.decrypt.Opening` (``--workers`` threads here, as the keys suit the
  fast path), with its keys unlocked before the clock starts, then every value in the stage's
  Arrow batches through ``open_units`` (find the messages in the text, read their recipients,
  choose the key, open, build the result rows and their Arrow tables);
* ``seized, whole decrypt stage``: the stage over a case store holding the blobs in
  ``orders.shipping_raw``, timed once: finding the values in the store, unlocking the keys,
  opening, writing ``pgp_blobs`` and ``shipping_address``, checksums and custody;
* ``raw pysequoia loop``: one process, ``pysequoia.decrypt(blob, decryptor=...)`` per blob with
  the right key's decryptor already known (no key search at all), on a sample of the blobs;
* ``PGPy``: ``key.decrypt(PGPMessage.from_blob(blob))`` per blob with the key unlocked once, on a
  sample of the blobs (PGPy is slow). PGPy runs as a subprocess: with this Python when it can
  import ``pgpy``, else from a virtual environment made once in the system temp directory
  (``pip install pgpy``), so it never has to share the project's dependencies;
* ``OpenSSL``: ``openssl speed -multi WORKERS`` of the key type's private-key operation (RSA
  signing, which is the same operation as decryption; ECDH for the curves): the most any
  opener of these messages can reach on this machine.

PGPy, the raw loop, OpenSSL and the opening take turns for ``--rounds`` rounds; the medians are
compared, so a slow spell of a shared machine weighs on all of them alike. The keys import and
the whole stage also count how often a passphrase was run through its S2K: once per
decryption key in all.

Usage::

    python bench/decrypt.py [--key-type cv25519 --key-type rsa4096 ...] [--blobs N]
                             [--keys N] [--workers 2] [--rounds 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import venv
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pysequoia as pgp

from seized.case import Case
from seized.crypto import secrets
from seized.crypto.decrypt import BatchSource, HeldKey, Opening
from seized.crypto.stage import (
    DecryptOptions,
    KeyImportOptions,
    decrypt_stage,
    held_keys,
    keys_import_stage,
)
from seized.synth.protect import protect

PGPY_SCRIPT = textwrap.dedent(
    """
    import json, sys, time, warnings
    warnings.simplefilter("ignore")
    import pgpy
    job = json.loads(sys.stdin.readline())
    keys = [pgpy.PGPKey.from_blob(k["secret"])[0] for k in job["keys"]]
    blobs = []
    for text, index in job["plain"]:
        message = pgpy.PGPMessage.new(text)
        blobs.append(str(keys[index].pubkey.encrypt(message)))
    print(json.dumps(blobs), flush=True)
    sample = job["sample"]
    contexts = [k.unlock(j["passphrase"]) for k, j in zip(keys, job["keys"])]
    for c in contexts:
        c.__enter__()
    for _ in sys.stdin:  # one line a round
        opened = 0
        started = time.perf_counter()
        for i in range(sample):
            key = keys[job["plain"][i][1]]
            plain = key.decrypt(pgpy.PGPMessage.from_blob(blobs[i])).message
            opened += plain == job["plain"][i][0]
        seconds = time.perf_counter() - started
        print(json.dumps({"opened": opened, "seconds": seconds}), flush=True)
    """
)


@dataclass(frozen=True)
class KeyType:
    suite: pgp.CipherSuite
    blobs: int  # blobs opened by seized per round
    pgpy: int  # of which PGPy opens this many per round
    raw: int  # ... and the raw pysequoia loop this many
    keys: int
    openssl: str  # `openssl speed` algorithm: RSA signing or ECDH


#: Sizes that give each contender about a second or more a round on two cores.
KEY_TYPES = {
    "cv25519": KeyType(pgp.CipherSuite.Cv25519, 20000, 300, 4000, 4, "ecdhx25519"),
    "p256": KeyType(pgp.CipherSuite.P256, 6000, 200, 1500, 4, "ecdhp256"),
    "p384": KeyType(pgp.CipherSuite.P384, 1000, 100, 300, 4, "ecdhp384"),
    "p521": KeyType(pgp.CipherSuite.P521, 1000, 100, 300, 4, "ecdhp521"),
    "rsa2048": KeyType(pgp.CipherSuite.RSA2k, 3000, 40, 500, 2, "rsa2048"),
    "rsa3072": KeyType(pgp.CipherSuite.RSA3k, 1200, 20, 150, 2, "rsa3072"),
    "rsa4096": KeyType(pgp.CipherSuite.RSA4k, 600, 10, 60, 2, "rsa4096"),
}
QUICK_TYPES = ("cv25519", "p256", "rsa2048")
#: GnuPG's usual S2K count: 65,011,712 bytes hashed for each unlock.
S2K_CODED = 255


def pgpy_python() -> str:
    """A Python that can import pgpy: this one, or a venv made once in the temp directory."""
    probe = subprocess.run([sys.executable, "-c", "import pgpy"], capture_output=True)
    if probe.returncode == 0:
        return sys.executable
    home = Path(tempfile.gettempdir()) / "seized-bench-pgpy"
    python = home / "bin" / "python"
    if not python.exists():
        print(f"installing PGPy into {home} ...", file=sys.stderr)
        venv.create(home, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pgpy"], check=True)
    return str(python)


def openssl_rate(algorithm: str, workers: int, seconds: int) -> float | None:
    """Private-key operations a second of `openssl speed` in ``workers`` processes (RSA sign/s,
    ECDH op/s) by the wall clock, as the others are timed (by default it divides by CPU time,
    which a busy machine inflates), or None without the openssl command."""
    command = shutil.which("openssl")
    if command is None:
        return None
    speed = ["speed", "-elapsed", "-seconds", str(seconds), "-multi", str(workers), algorithm]
    done = subprocess.run(
        [command, *speed],
        capture_output=True,
        text=True,
    )
    for line in reversed(done.stdout.splitlines()):
        words = line.split()
        if algorithm.startswith("rsa") and words[:1] == ["rsa"] and len(words) >= 6:
            return float(words[5])  # rsa BITS bits sign verify sign/s verify/s
        if algorithm.startswith("ecdh") and "ecdh" in words:
            return float(words[-1])  # BITS bits ecdh (curve) op op/s
    return None


def make_keys(kind: KeyType, count: int) -> list[tuple[pgp.Tsk, bytes, str]]:
    rng = random.Random(7)
    keys = []
    for i in range(count):
        tsk = pgp.Tsk.generate(
            f"vendor{i} <v{i}@market.onion>", profile=pgp.Profile.RFC4880, cipher_suite=kind.suite
        )
        passphrase = f"pass-{i}"
        keys.append((tsk, protect(bytes(tsk), passphrase, rng, coded=S2K_CODED), passphrase))
    return keys


class Timed:
    """seized's opening as the stage runs it (:class:`Opening`), started once and kept warm."""

    def __init__(self, held: list[HeldKey], blobs: list[str], workers: int) -> None:
        self.source = BatchSource("orders", ("shipping_raw",), "b")
        rows = pa.table({"key": [str(i) for i in range(len(blobs))], "market": ["b"] * len(blobs),
                         "shipping_raw": blobs})  # fmt: skip
        self.batches = rows.to_batches(max_chunksize=256)  # as the stage reads them
        self.blobs = len(blobs)
        self.opening = Opening(held, workers)
        for batch in self.batches[: 2 * workers]:  # every thread or worker up
            self.opening.submit(self.source, batch).result()

    def run(self, plain: list[tuple[str, int]]) -> tuple[float, int]:
        """(blobs/s, plaintexts that match)."""
        started = time.perf_counter()
        futures = [self.opening.submit(self.source, batch) for batch in self.batches]
        results = [future.result() for future in futures]
        rate = self.blobs / (time.perf_counter() - started)
        texts: dict[str, str] = {}
        for rows, _ in results:
            keys, plaintexts = rows["source_key"].to_pylist(), rows["plaintext"].to_pylist()
            texts.update(zip(keys, plaintexts, strict=True))
        return rate, sum(texts.get(str(i)) == text for i, (text, _) in enumerate(plain))


def raw_loop(
    decryptors: list[object], data: list[bytes], plain: list[tuple[str, int]]
) -> tuple[float, int]:
    """One process, the right decryptor known for every blob: (blobs/s, plaintexts that match)."""
    started = time.perf_counter()
    ok = 0
    for (text, index), blob in zip(plain, data, strict=True):
        ok += pgp.decrypt(blob, decryptor=decryptors[index]).bytes.decode() == text
    return len(data) / (time.perf_counter() - started), ok


class S2KCount:
    """Counts the passphrases run through their S2K by seized (secrets.s2k_key)."""

    def __init__(self) -> None:
        self.calls = 0
        self.original = secrets.s2k_key

        def counting(*args: object) -> bytes:
            self.calls += 1
            return self.original(*args)  # type: ignore[arg-type]

        secrets.s2k_key = counting  # type: ignore[assignment]


def run_type(name: str, args: argparse.Namespace, count: S2KCount) -> dict[str, float]:
    """The medians of one key type's rounds, and the whole stage's rate."""
    kind = KEY_TYPES[name]
    blobs_n = args.blobs or kind.blobs
    unique = min(args.unique or blobs_n, blobs_n)
    key_count = args.keys or kind.keys
    pgpy_n = min(args.pgpy_sample or kind.pgpy, unique)
    raw_n = min(args.raw_sample or kind.raw, blobs_n)
    started = time.perf_counter()
    keys = make_keys(kind, key_count)
    made_in = time.perf_counter() - started
    print(f"\n== {name}: {key_count} protected keys made in {made_in:.1f} s; {blobs_n} blobs "
          f"({unique} distinct), encrypting with PGPy ...", flush=True)  # fmt: skip
    rng = random.Random(1)
    plain = [
        (f"Buyer {i}\nStreet {rng.randint(1, 300)}\n{rng.randint(10000, 99999)} Town",
         i % key_count)
        for i in range(unique)
    ]  # fmt: skip
    job = {
        "keys": [{"secret": pgp.armor(s, pgp.ArmorKind.SecretKey), "passphrase": p}
                 for _, s, p in keys],
        "plain": plain,
        "sample": pgpy_n,
    }  # fmt: skip
    pgpy = subprocess.Popen([pgpy_python(), "-c", PGPY_SCRIPT], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert pgpy.stdin is not None and pgpy.stdout is not None
    pgpy.stdin.write(json.dumps(job) + "\n")
    pgpy.stdin.flush()
    made: list[str] = json.loads(pgpy.stdout.readline())
    blobs = [made[i % unique] for i in range(blobs_n)]
    plain = [plain[i % unique] for i in range(blobs_n)]
    decryptors = [pgp.Tsk.from_bytes(secret).decryptor(pw) for _, secret, pw in keys]
    data = [b.encode("ascii") for b in blobs[:raw_n]]

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        case = Case.init(root / "case", actor="bench")
        key_files = []
        for i, (_, secret, _) in enumerate(keys):
            key_files.append(root / f"key{i}.gpg")
            key_files[-1].write_bytes(secret)
        phrases = root / "pass.txt"
        phrases.write_text("".join(f"{str(t.extract_certificate().fingerprint).upper()} {pw}\n"
                                   for t, _, pw in keys), encoding="utf-8")  # fmt: skip
        with case.connect() as con:
            con.execute(
                "INSERT INTO orders (order_id, market_id, native_id, shipping_raw) "
                "SELECT 'b:' || i, 'b', i::VARCHAR, blob FROM "
                "(SELECT unnest(range(?)) AS i, unnest(?::VARCHAR[]) AS blob)",
                [blobs_n, blobs],
            )
        secrets.unlock.cache_clear()
        count.calls = 0
        started = time.perf_counter()
        keys_import_stage(case, KeyImportOptions(key_files, phrases))
        import_seconds = time.perf_counter() - started
        imported_s2k = count.calls
        with case.connect(read_only=True) as con:
            held = held_keys(con)

        rates: dict[str, list[float]] = {"PGPy": [], "raw": [], "opening": [], "openssl": []}
        failures = []
        opening = Timed(held, blobs, args.workers)
        print(f"keys import {import_seconds:.2f} s ({imported_s2k} S2K runs); seized opens in "
              f"{opening.opening.mode} ({args.workers})", flush=True)  # fmt: skip
        try:
            for round_ in range(args.rounds):
                pgpy.stdin.write("run\n")
                pgpy.stdin.flush()
                done = json.loads(pgpy.stdout.readline())
                rates["PGPy"].append(pgpy_n / done["seconds"])
                raw_rate, raw_ok = raw_loop(decryptors, data, plain[:raw_n])
                rates["raw"].append(raw_rate)
                ssl = openssl_rate(kind.openssl, args.workers, args.openssl_seconds)
                if ssl is not None:
                    rates["openssl"].append(ssl)
                opening_rate, opening_ok = opening.run(plain)
                rates["opening"].append(opening_rate)
                print(f"round {round_ + 1}: PGPy {rates['PGPy'][-1]:,.1f}/s, raw pysequoia loop "
                      f"{raw_rate:,.1f}/s, OpenSSL {ssl or 0:,.0f}/s, seized opening "
                      f"{opening_rate:,.0f}/s", flush=True)  # fmt: skip
                if done["opened"] != pgpy_n or raw_ok != raw_n or opening_ok != blobs_n:
                    failures.append(round_ + 1)
        finally:
            opening.opening.close()
            pgpy.stdin.close()
            pgpy.wait()

        secrets.unlock.cache_clear()  # as a new run would find it
        count.calls = 0
        started = time.perf_counter()
        result = decrypt_stage(case, DecryptOptions(workers=args.workers, pool_threshold=0))
        stage_rate = blobs_n / (time.perf_counter() - started)
        stage_s2k = count.calls
        with case.connect(read_only=True) as con:
            texts = dict(con.execute("SELECT native_id, shipping_address FROM orders").fetchall())
    stage_ok = sum(texts[str(i)] == text for i, (text, _) in enumerate(plain))
    print(f"counts: {result.counts['orders']}; whole stage from a fresh process state: "
          f"{stage_s2k} S2K runs")  # fmt: skip
    if failures or stage_ok != blobs_n:
        raise SystemExit(f"{name}: blobs not opened correctly (rounds {failures}, stage "
                         f"{stage_ok} of {blobs_n})")  # fmt: skip
    medians = {k: statistics.median(v) for k, v in rates.items() if v}
    medians["stage"] = stage_rate
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--key-type", action="append", choices=sorted(KEY_TYPES),
                        help="one key type (repeat for more); default: all")  # fmt: skip
    parser.add_argument("--blobs", type=int, help="blobs per key type (default: per type)")
    parser.add_argument("--unique", type=int, help="distinct blobs made by PGPy (then repeated)")
    parser.add_argument("--keys", type=int, help="keys per key type (default: 4; RSA 2)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pgpy-sample", type=int, help="blobs PGPy opens a round")
    parser.add_argument("--raw-sample", type=int, help="blobs the raw pysequoia loop opens")
    parser.add_argument("--openssl-seconds", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--quick", action="store_true", help="Curve25519, P-256, RSA-2048; 200 blobs, 2 rounds"
    )
    args = parser.parse_args()
    names = args.key_type or sorted(KEY_TYPES)
    if args.quick:
        names = args.key_type or list(QUICK_TYPES)
        args.blobs, args.unique, args.keys = args.blobs or 200, args.unique or 200, args.keys or 1
        args.pgpy_sample, args.raw_sample = args.pgpy_sample or 20, args.raw_sample or 50
        args.rounds, args.openssl_seconds = 2, 1
    count = S2KCount()
    results = {name: run_type(name, args, count) for name in names}

    print(f"\nmedians of {args.rounds} rounds, blobs/s (whole stage: one run)")
    head = ("key type", "opening", "whole stage", "raw pysequoia", "PGPy", "OpenSSL",
            "opening ÷ PGPy", "opening ÷ OpenSSL", "opening ÷ raw loop")  # fmt: skip
    print(" | ".join(head))
    for name, m in results.items():
        ssl = m.get("openssl")
        print(" | ".join((
            name, f"{m['opening']:,.0f}", f"{m['stage']:,.0f}", f"{m['raw']:,.1f}",
            f"{m['PGPy']:,.1f}", f"{ssl:,.0f}" if ssl else "–", f"{m['opening'] / m['PGPy']:.1f}x",
            f"{m['opening'] / ssl:.0%}" if ssl else "–", f"{m['opening'] / m['raw']:.1f}x",
        )))  # fmt: skip
    print("targets: >= 50x PGPy for every key type; RSA >= 80 % of OpenSSL's private-key rate "
          f"on {args.workers} processes")  # fmt: skip


if __name__ == "__main__":
    main()
