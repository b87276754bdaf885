"""`a11y worker`: take jobs from the queue (a11y/jobs/queue.py) and make audio, on any machine, as
many as wanted.

Each worker process builds its own Service (settings.jobs == "queue") and makes audio with its voices
directly: the audio store's per-key lock and the queue's per-key lock keep every segment made once.
Synthesis is CPU-bound for the offline voice, so a worker runs one job at a time unless told otherwise;
run one worker per core.

A worker tells the database it is alive every HEARTBEAT_S. A worker killed mid-job (SIGKILL, a lost
machine) stops doing so; at start and every STALLED_CHECK_S, each worker puts the jobs of workers
silent for STALLED_AFTER_S back in the queue. SIGTERM or Ctrl-C: the job in hand is finished, then
the worker leaves.
"""

import asyncio
import logging
from collections.abc import Iterable

from procrastinate import App
from procrastinate.exceptions import ConnectorException, UniqueViolation
from procrastinate.jobs import Status

from a11y.engines import Engine
from a11y.jobs.queue import queue_app
from a11y.service import Service
from a11y.settings import Settings

log = logging.getLogger(__name__)

HEARTBEAT_S = 10.0
STALLED_AFTER_S = 30.0
STALLED_CHECK_S = 15.0
POLL_S = 5.0  # a fallback: new jobs are announced by LISTEN/NOTIFY at once


def run(settings: Settings, concurrency: int = 1, engines: list[Engine] | None = None, **options) -> None:
    """Work until SIGTERM or SIGINT (with wait=False: until no job is ready). `engines` replaces the
    voices settings.engines names; `options` are work()'s."""
    service = Service.from_settings(settings, engines)
    try:
        asyncio.run(work(service, concurrency, **options))
    finally:
        if service.queue is not None:
            service.queue.close()


async def work(
    service: Service,
    concurrency: int = 1,
    *,
    wait: bool = True,
    name: str | None = None,
    heartbeat_s: float = HEARTBEAT_S,
    stalled_after_s: float = STALLED_AFTER_S,
    stalled_check_s: float = STALLED_CHECK_S,
    poll_s: float = POLL_S,
    install_signal_handlers: bool = True,
) -> None:
    """Take jobs with `service` (its voices and stores), `concurrency` at a time."""
    app = queue_app(service.settings.database_url, max_connections=concurrency + 3)
    async with app.open_async():
        await requeue_stalled(app, stalled_after_s)
        watcher = asyncio.create_task(_keep_requeueing(app, stalled_after_s, stalled_check_s))
        try:
            await app.run_worker_async(
                concurrency=concurrency,
                name=name or "a11y-worker",
                wait=wait,
                additional_context={"service": service},
                update_heartbeat_interval=heartbeat_s,
                stalled_worker_timeout=stalled_after_s,
                fetch_job_polling_interval=poll_s,
                install_signal_handlers=install_signal_handlers,
            )
        finally:
            watcher.cancel()


async def requeue_stalled(app: App, stalled_after_s: float) -> list[int]:
    """Put back in the queue the jobs of workers whose heartbeat is older than `stalled_after_s`
    (killed, or their machine lost); returns their ids."""
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s)
    return [job.id for job in await _requeue(app, stalled)]


async def _requeue(app: App, jobs: Iterable) -> list:
    requeued = []
    for job in jobs:
        try:
            await app.job_manager.retry_job(job)
        except UniqueViolation:  # a newer job for the same key waits already: that one does the work
            await app.job_manager.finish_job(job, Status.FAILED, delete_job=False)
            continue
        except ConnectorException as error:  # another worker put it back first
            log.info("stalled job %s not requeued: %s", job.id, error.__cause__ or error)
            continue
        log.warning("requeued job %s (%s) of a worker that stopped answering", job.id, job.call_string)
        requeued.append(job)
    return requeued


async def _keep_requeueing(app: App, stalled_after_s: float, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        try:
            await requeue_stalled(app, stalled_after_s)
        except ConnectorException as error:  # the database is away for a moment: the worker waits too
            log.warning("could not look for stalled jobs: %s", error.__cause__ or error)
