"""pressure-test: run a skill's pressure scenarios against an agent, with and without the skill, and measure.

Modules, one job each: ``scenario`` (what to run), ``backends`` (who answers),
``workspace`` (repository copies and diffs), ``grading`` (checks and the
judge), ``runner`` (concurrency, retries, budget), ``transcript`` (records and
cache), ``stats`` and ``summary`` (numbers), ``report`` (output), ``session``
(one run from start to end), ``settings`` (defaults as data).
"""

from .backends import BACKENDS, Backend, BackendError, Request, Response
from .scenario import Scenario, collect
from .session import SelectionSpec, SessionError, resume, start
from .settings import Settings, load_settings
from .stats import fisher_exact, wilson

__all__ = [
    "BACKENDS",
    "Backend",
    "BackendError",
    "Request",
    "Response",
    "Scenario",
    "SelectionSpec",
    "SessionError",
    "Settings",
    "collect",
    "fisher_exact",
    "load_settings",
    "resume",
    "start",
    "wilson",
]
