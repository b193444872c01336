"""The Spark session of a stage: master, settings and the checks around them.

``master`` is any Spark master URL: ``local[*]`` (the default: this machine's cores),
``local-cluster[2,1,1024]`` (two executor processes here, so shuffles cross processes),
``spark://host:7077`` (a standalone cluster) or ``k8s://https://host:6443`` (Kubernetes).
``conf`` passes Spark settings through unchanged, as ``KEY=VALUE`` texts (the form of
``spark-submit --conf``).
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seized.errors import UserError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
#: Settings seized gives every session unless ``conf`` sets them: no web UI, few shuffle
#: partitions for a local master (Spark's 200 cost more than they bring on one machine).
_DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
}
_LOCAL_PARTITIONS = "8"


@dataclass(frozen=True)
class SparkSettings:
    """Where a Spark job runs and with which settings."""

    master: str = DEFAULT_MASTER
    conf: tuple[str, ...] = field(default_factory=tuple)

    def pairs(self) -> dict[str, str]:
        """The settings as a dict; ``UserError`` for a text that is not ``KEY=VALUE``."""
        out: dict[str, str] = {}
        for text in self.conf:
            key, sep, value = text.partition("=")
            if not sep or not key.strip():
                raise UserError(
                    f"not a Spark setting: {text!r}; write KEY=VALUE, for example "
                    "spark.executor.memory=8g"
                )
            out[key.strip()] = value
        return out


def session_conf(settings: SparkSettings, jars: tuple[str, ...] = ()) -> dict[str, str]:
    """seized's defaults, then the given settings (which win), then the ``jars`` a job needs
    added to ``spark.jars``."""
    conf = dict(_DEFAULTS)
    if settings.master.startswith("local"):
        conf["spark.sql.shuffle.partitions"] = _LOCAL_PARTITIONS
        # the executors run in the driver's JVM: Spark's 1 GB default fails at ten million
        # links; give it the share of the machine a DuckDB database gets (seized.db)
        conf["spark.driver.memory"] = f"{_local_memory_mb()}m"
    conf.update(settings.pairs())
    if jars:
        given = [j for j in conf.get("spark.jars", "").split(",") if j]
        conf["spark.jars"] = ",".join([*given, *(j for j in jars if j not in given)])
    return conf


def _local_memory_mb() -> int:
    """40 % of this machine's memory, in MB."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(1024, int(total * 0.4) // 2**20)


def require_pyspark() -> Any:
    """``pyspark.sql``; ``UserError`` saying what to install when it is missing."""
    try:
        import pyspark.sql
    except ImportError:
        raise UserError(
            "the Spark engine needs pyspark and Java 17: pip install 'seized[spark]'"
        ) from None
    return pyspark.sql


#: a stage's progress callback: (label, done, total)
Progress = Callable[[str, int, int], None]
_GROUPS = itertools.count()


@contextmanager
def spark_session(
    settings: SparkSettings,
    app: str = "seized",
    jars: tuple[str, ...] = (),
    progress: Progress | None = None,
) -> Iterator[SparkSession]:
    """A Spark session for one stage, with the ``jars`` its job needs, stopped after it (a
    session already running in this process, such as a test's, is reused and left running:
    it must hold those jars). ``progress`` is told the tasks of the stage's Spark jobs done of
    those planned so far (see :func:`watch_tasks`)."""
    sql = require_pyspark()
    settings.pairs()  # bad settings fail before a session starts
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        with watch_tasks(active, app, progress):
            yield active
        return
    # executors run Python UDFs with this interpreter unless the settings say otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = sql.SparkSession.builder.master(settings.master).appName(app)
    for key, value in session_conf(settings, jars).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # the JVM failed to start: Java missing, a bad master URL
        raise UserError(f"cannot start Spark on {settings.master!r}: {exc}") from exc
    session.sparkContext.setLogLevel("ERROR")
    try:
        with watch_tasks(session, app, progress):
            yield session
    finally:
        session.stop()


@contextmanager
def watch_tasks(
    spark: SparkSession, app: str, progress: Progress | None, every: float = 0.5
) -> Iterator[None]:
    """While the block runs, tell ``progress`` ``("<app>: Spark tasks", done, total)`` twice a
    second: the tasks done of all the tasks of the block's Spark jobs known so far (the total
    grows as jobs start; a stage Spark skipped, its output already computed, is not counted),
    and once more at the end. The jobs are found by a job group set on this thread."""
    if progress is None:
        yield
        return
    context = spark.sparkContext
    group = f"seized-{os.getpid()}-{next(_GROUPS)}"
    context.setJobGroup(group, app)
    tracker = context.statusTracker()
    label = f"{app.removeprefix('seized ')}: Spark tasks"
    stopped = threading.Event()
    told = [(-1, -1)]

    def tell() -> None:
        counts = _tasks(tracker, group)
        if counts != told[0] and counts[1]:
            told[0] = counts
            progress(label, *counts)

    def poll() -> None:
        while not stopped.wait(every):
            tell()

    thread = threading.Thread(target=poll, name="seized spark progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()
        context.setLocalProperty("spark.jobGroup.id", None)  # type: ignore[arg-type]
        tell()


def _tasks(tracker: Any, group: str) -> tuple[int, int]:
    """(tasks done, tasks planned) of the jobs of ``group``."""
    done = total = 0
    for job_id in tracker.getJobIdsForGroup(group):
        job = tracker.getJobInfo(job_id)
        if job is None:
            continue
        for stage_id in job.stageIds:
            stage = tracker.getStageInfo(stage_id)
            if stage is None or (job.status != "RUNNING" and not stage.numCompletedTasks):
                continue  # forgotten, or skipped: its output was there already
            done += stage.numCompletedTasks
            total += stage.numTasks
    return done, total
