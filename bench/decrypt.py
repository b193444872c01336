"""PGP decryption throughput (blobs/s): seized against a raw pysequoia loop and PGPy, in the
same run, on the same blobs.

The blobs are shipping addresses encrypted to a few passphrase-protected Curve25519 keys. They
are made by PGPy (v3 session-key packets and SEIPD v1, as GnuPG writes them; all three read
them), so every contender opens exactly the same bytes:

* ``seized, opening``: seized's decryption alone, measured like the two loops: the stage's
  :class:`seized.crypto.decrypt.Opening` (``--workers`` threads here, as the keys suit the
  fast path), with its keys unlocked before the clock starts, then every value in the stage's
  Arrow batches through ``open_units`` (find the messages in the text, read their recipients,
  choose the key, open, build the result rows and their Arrow tables);
* ``seized, whole decrypt stage``: the stage over a case store holding the blobs in
  ``orders.shipping_raw``, timed once: finding the values in the store, starting the workers,
  opening, writing ``pgp_blobs`` and ``shipping_address``, checksums and custody;
* ``raw pysequoia loop``: one process, ``pysequoia.decrypt(blob, decryptor=...)`` per blob with
  the right key's decryptor already known (no key search at all: the strictest baseline);
* ``PGPy``: ``key.decrypt(PGPMessage.from_blob(blob))`` per blob with the key unlocked once, on a
  sample of the blobs (PGPy is slow). PGPy runs as a subprocess: with this Python when it can
  import ``pgpy``, else from a virtual environment made once in the system temp directory
  (``pip install pgpy``), so it never has to share the project's dependencies.

PGPy, the raw loop and the opening take turns for ``--rounds`` rounds; the medians are
compared, so a slow spell of a shared machine weighs on all three alike.

Usage::

    python bench/decrypt.py [--blobs 20000] [--unique 2000] [--keys 4] [--workers 2]
                             [--pgpy-sample 300] [--rounds 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import venv
from pathlib import Path

import pyarrow as pa
import pysequoia as pgp

from seized.case import Case
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


def make_keys(count: int) -> list[tuple[pgp.Tsk, bytes, str]]:
    rng = random.Random(7)
    keys = []
    for i in range(count):
        tsk = pgp.Tsk.generate(
            f"vendor{i} <v{i}@market.onion>",
            profile=pgp.Profile.RFC4880,
            cipher_suite=pgp.CipherSuite.Cv25519,
        )
        passphrase = f"pass-{i}"
        keys.append((tsk, protect(bytes(tsk), passphrase, rng), passphrase))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blobs", type=int, default=20000)
    parser.add_argument(
        "--unique", type=int, default=2000, help="distinct blobs made by PGPy (then repeated)"
    )
    parser.add_argument("--keys", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pgpy-sample", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="200 blobs, PGPy on 50, 2 rounds")
    args = parser.parse_args()
    if args.quick:
        args.blobs, args.unique, args.pgpy_sample, args.rounds = 200, 200, 50, 2
    unique = min(args.unique, args.blobs)
    rng = random.Random(1)
    keys = make_keys(args.keys)
    plain = [
        (
            f"Buyer {i}\nStreet {rng.randint(1, 300)}\n{rng.randint(10000, 99999)} Town",
            i % args.keys,
        )
        for i in range(unique)
    ]
    sample = min(args.pgpy_sample, unique)
    job = {
        "keys": [
            {"secret": pgp.armor(secret, pgp.ArmorKind.SecretKey), "passphrase": passphrase}
            for _, secret, passphrase in keys
        ],
        "plain": plain,
        "sample": sample,
    }
    print(
        f"{args.blobs} blobs ({unique} distinct) to {args.keys} keys; encrypting with PGPy ...",
        flush=True,
    )
    pgpy_process = subprocess.Popen(
        [pgpy_python(), "-c", PGPY_SCRIPT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert pgpy_process.stdin is not None and pgpy_process.stdout is not None
    pgpy_process.stdin.write(json.dumps(job) + "\n")
    pgpy_process.stdin.flush()
    made: list[str] = json.loads(pgpy_process.stdout.readline())
    blobs = [made[i % unique] for i in range(args.blobs)]
    plain = [plain[i % unique] for i in range(args.blobs)]
    decryptors = [pgp.Tsk.from_bytes(secret).decryptor(pw) for _, secret, pw in keys]
    data = [b.encode("ascii") for b in blobs]

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        case = Case.init(root / "case", actor="bench")
        key_files = []
        for i, (_, secret, _) in enumerate(keys):
            path = root / f"key{i}.gpg"
            path.write_bytes(secret)
            key_files.append(path)
        phrases = root / "pass.txt"
        phrases.write_text(
            "".join(
                f"{str(t.extract_certificate().fingerprint).upper()} {pw}\n" for t, _, pw in keys
            ),
            encoding="utf-8",
        )
        with case.connect() as con:
            con.execute(
                "INSERT INTO orders (order_id, market_id, native_id, shipping_raw) "
                "SELECT 'b:' || i, 'b', i::VARCHAR, blob FROM "
                "(SELECT unnest(range(?)) AS i, unnest(?::VARCHAR[]) AS blob)",
                [args.blobs, blobs],
            )
        keys_import_stage(case, KeyImportOptions(key_files, phrases))
        with case.connect(read_only=True) as con:
            held = held_keys(con)

        rates: dict[str, list[float]] = {"PGPy": [], "raw": [], "opening": []}
        failures = []
        opening = Timed(held, blobs, args.workers)
        print(f"seized opens in {opening.opening.mode} ({args.workers})", flush=True)
        try:
            for round_ in range(args.rounds):
                pgpy_process.stdin.write("run\n")
                pgpy_process.stdin.flush()
                done = json.loads(pgpy_process.stdout.readline())
                rates["PGPy"].append(sample / done["seconds"])
                raw_rate, raw_ok = raw_loop(decryptors, data, plain)
                rates["raw"].append(raw_rate)
                opening_rate, opening_ok = opening.run(plain)
                rates["opening"].append(opening_rate)
                print(
                    f"round {round_ + 1}: PGPy {rates['PGPy'][-1]:,.1f}/s, raw pysequoia loop "
                    f"{raw_rate:,.0f}/s, seized opening {opening_rate:,.0f}/s",
                    flush=True,
                )
                if done["opened"] != sample or raw_ok != args.blobs or opening_ok != args.blobs:
                    failures.append(round_ + 1)
        finally:
            opening.opening.close()
            pgpy_process.stdin.close()
            pgpy_process.wait()

        started = time.perf_counter()
        result = decrypt_stage(case, DecryptOptions(workers=args.workers, pool_threshold=0))
        stage_rate = args.blobs / (time.perf_counter() - started)
        with case.connect(read_only=True) as con:
            texts = dict(con.execute("SELECT native_id, shipping_address FROM orders").fetchall())
    stage_ok = sum(texts[str(i)] == text for i, (text, _) in enumerate(plain))

    pgpy_rate, raw_rate, opening_rate = (
        statistics.median(rates[k]) for k in ("PGPy", "raw", "opening")
    )
    print(f"\nmedians of {args.rounds} rounds{'':11}blobs/s")
    print(f"{'seized, opening':34}{opening_rate:>10,.0f}")
    print(f"{'seized, whole decrypt stage':34}{stage_rate:>10,.0f}   (one run)")
    print(f"{'raw pysequoia loop':34}{raw_rate:>10,.0f}")
    print(f"{'PGPy':34}{pgpy_rate:>10,.1f}   ({sample} blobs a round)")
    for name, rate in (("opening", opening_rate), ("whole stage", stage_rate)):
        print(
            f"seized {name + ':':13} {rate / pgpy_rate:6.1f}x PGPy (target >= 50x), "
            f"{rate / raw_rate:5.0%} of the raw pysequoia loop (target >= 80%)"
        )
    print(f"counts: {result.counts['orders']}")
    if failures or stage_ok != args.blobs:
        sys.exit(f"some blobs were not opened correctly (rounds {failures}, stage {stage_ok})")


if __name__ == "__main__":
    main()
