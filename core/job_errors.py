"""What job work raises to stop the runner, importable without importing the runner.

Backends and services raise or catch these; core.jobs turns them into a job's outcome.
"""

from __future__ import annotations


class JobCancelled(Exception):
    """Raised from a progress report once the job's owner asked to cancel it.

    Backends that start remote work (a cloud pipeline) catch it to cancel that work too,
    then let it propagate.
    """


class JobGone(Exception):
    """Raised by work that found its row, or what it works on, deleted while it ran.

    The work removes what it wrote before raising; the runner then stops quietly.
    """
