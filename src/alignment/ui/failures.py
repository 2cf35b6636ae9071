"""What a person is told when the database fails under them; the server's log keeps the detail.

Visitors never see a traceback (``client.showErrorDetails = "none"``); what a person can meet
(a file too big for the server's memory, a disk that is full or locked, a write that met
another) is said in their language with what to do, and nothing was written: every write is
one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from alignment import db
from alignment.ui.i18n import t

_log = logging.getLogger(__name__)

# the most specific first: every one of them is a db.DatabaseError
_SAID = (
    (db.OutOfMemory, "failure.out_of_memory"),
    (db.StorageFailure, "failure.storage"),
    (db.Conflict, "failure.conflict"),
    (db.Unavailable, "failure.unavailable"),
    (db.DatabaseError, "failure.unexpected"),
)


def failure_key(error: db.DatabaseError) -> str:
    """The message key that tells a person what to do about ``error``."""
    return next(key for kind, key in _SAID if isinstance(error, kind))


@contextmanager
def failures_said() -> Iterator[None]:
    """Runs the block; a database failure in it is logged, said with what to do, and the
    run stops there."""
    try:
        yield
    except db.DatabaseError as error:
        _log.exception("database failure shown to a person as %s", failure_key(error))
        st.error(t(failure_key(error)), icon=":material/error:")
        st.stop()
