"""Files the library writes: whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError


def write_atomically(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> Path:
    """Write a file through `write` into a temporary file beside it, then rename it into place,
    so a reader never sees half a file and a failure leaves the old file as it was."""
    target = Path(path)
    blocker = next((folder for folder in [target.parent, *target.parent.parents]
                    if folder.exists() and not folder.is_dir()), None)
    if blocker is not None:
        raise InputError(f"{target}: cannot write here ({blocker} is a file, not a folder)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise InputError(f"{target}: cannot write here ({error.strerror or error})") from None
    try:
        with os.fdopen(handle, "wb") as output:
            write(output)
        os.chmod(temporary, 0o666 & ~current_umask())  # as open() would make it, not mkstemp's 0600
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{target}: cannot write here ({error.strerror or error})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def current_umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
