"""The kinds of background job: what each one runs and how its result is shown.

Apps register their kinds in `AppConfig.ready()` (this module names none of them): the
imports here in disclosure, the documents of many reports in reports, the reminders in
requests_app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class UnknownJobKind(KeyError):
    pass


@dataclass(frozen=True)
class JobKind:
    """One kind of job.

    `run(job, progress)` does the work and returns the result to store (JSON), calling
    `progress(stage, done, total)` as it goes; it raises `JobFailed` with a message for the
    person who started it when the work cannot be done. `stages` labels the stages the
    progress bar names. `result_template` shows a finished job's result on its page.
    `keep_upload(job, result)`: whether the uploaded file is still needed after the job
    (a checked import waits for its confirmation).
    """

    name: str
    label: Any
    run: Callable[..., Any]
    result_template: str = ""
    stages: dict[str, Any] = field(default_factory=dict)
    keep_upload: Callable[..., bool] = lambda job, result: False


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> JobKind:
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownJobKind(name) from None


def kinds() -> list[JobKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.name)


def label(name: str) -> Any:
    kind = _kinds.get(name)
    return kind.label if kind else name
