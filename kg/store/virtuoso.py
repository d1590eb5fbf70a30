"""Virtuoso's own bulk loader (``ld_add``, ``rdf_loader_run()``, ``checkpoint``), driven through isql.

The loader reads the files itself, so it serves only when the server runs on this machine and
the files lie in a directory its ``virtuoso.ini`` allows (``DirsAllowed`` in ``[Parameters]``);
:meth:`IsqlLoader.reachable` says whether they do, and ``kg load`` falls back to SPARQL updates
over HTTP when they do not. The isql client is Virtuoso's (``isql-vt`` on Debian, else ``isql``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, StoreError

ISQL_BINARIES = ("isql-vt", "isql")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
ISQL_ENV = "KG_ISQL"
#: The password of the isql account, when --isql names none (else Virtuoso's own default, dba).
PASSWORD_ENV = "KG_ISQL_PASSWORD"
DEFAULT_PASSWORD = "dba"
#: What isql says when its first login, with Virtuoso's default password, is refused.
_REFUSED = re.compile(r"\A\s*\*\*\* Error 28000: [^\n]*Bad login\nat line 0 of Top-Level:\n\n?")


def _sql_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class IsqlLoader:
    """Virtuoso's SQL port (``HOST:PORT``) and the account of its bulk loader (dba)."""

    host: str
    port: int
    user: str = "dba"
    password: str = field(default=DEFAULT_PASSWORD, repr=False)
    timeout: float = 3600.0

    @classmethod
    def parse(cls, address: str) -> IsqlLoader:
        """``[USER[:PASSWORD]@]HOST:PORT``; the user defaults to dba, the password to
        $KG_ISQL_PASSWORD, else dba (Virtuoso's own)."""
        account, _, where = address.rpartition("@")
        host, _, port = where.rpartition(":")
        if not host or not port.isdigit():
            raise InputError(f"--isql {address}: expected [USER[:PASSWORD]@]HOST:PORT, e.g. 127.0.0.1:1111")
        user, _, password = account.partition(":")
        password = password or os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD
        return cls(host.strip("[]"), int(port), user or "dba", password)

    def arguments(self, binary: str) -> list[str]:
        """isql's command line: never the password, which anyone may read there (``ps``)."""
        return [binary, f"{self.host}:{self.port}", self.user, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF",
                "ECHO=OFF", "ERRORS=STDOUT"]

    def input(self, script: str) -> str:
        """isql's input. Given no password, isql logs in with Virtuoso's default (dba) and, when
        that is refused, reads the password from its input: so any other goes first there."""
        return script if self.password == DEFAULT_PASSWORD else f"{self.password}\n{script}"

    def run(self, script: str) -> str:
        """Run SQL statements (each ending in ';') and return isql's output; a failure is a StoreError."""
        binary = next((found for name in ISQL_BINARIES if (found := shutil.which(name))), None)
        if binary is None:
            raise StoreError("Virtuoso's isql client is not installed (isql-vt or isql); cannot use the bulk loader")
        try:
            done = subprocess.run(self.arguments(binary), input=self.input(script), capture_output=True, text=True,
                                  timeout=self.timeout)
        except subprocess.TimeoutExpired:
            raise StoreError(f"isql {self.host}:{self.port}: no answer within {self.timeout:.0f}s") from None
        if self.password != DEFAULT_PASSWORD and done.returncode == 0:
            done.stdout = _REFUSED.sub("", done.stdout, count=1)  # the default's refusal, before ours was read
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            detail = " ".join(output.split("*** Error", 1)[-1].split())[:300]
            raise StoreError(f"isql {self.host}:{self.port}: {detail or 'failed'}")
        return done.stdout

    def value(self, expression: str) -> str:
        """One SQL expression's value (a string without newlines)."""
        marker = "kg-value:"
        output = self.run(f"select concat('{marker}', {expression});\n")
        for line in output.splitlines():
            if line.strip().startswith(marker):
                return line.strip()[len(marker):]
        raise StoreError(f"isql {self.host}:{self.port}: no value for {expression} in its answer")

    def local(self) -> bool:
        """True when the server runs on this machine (so it can read this machine's files)."""
        if self.host in LOCAL_HOSTS:
            return True
        try:
            mine = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
            theirs = {info[4][0] for info in socket.getaddrinfo(self.host, None)}
        except OSError:
            return False
        return bool(mine & theirs)

    def allowed_dirs(self) -> list[Path]:
        """The directories the server may read (DirsAllowed; relative ones from its working directory)."""
        root = Path(self.value("server_root()"))
        entries = self.value("cfg_item_value(virtuoso_ini_path(), 'Parameters', 'DirsAllowed')")
        return [Path(os.path.realpath(root / entry.strip())) for entry in entries.split(",") if entry.strip()]

    def reachable(self, files: Sequence[Path]) -> tuple[bool, str]:
        """Whether the server can read every file itself, and if not, why not."""
        if not self.local():
            return False, f"the server at {self.host} is not on this machine"
        allowed = self.allowed_dirs()
        for file in files:
            real = Path(os.path.realpath(file))
            if not any(real.is_relative_to(directory) for directory in allowed):
                return False, (f"{file} is not in a directory the server may read (DirsAllowed: "
                               f"{', '.join(map(str, allowed)) or 'none'})")
        return True, ""

    def load(self, files: Sequence[Path], graph: str) -> None:
        """Load the files with the bulk loader, then checkpoint; `graph` takes any triple outside
        a named graph. A file the loader refused is a StoreError naming it and the reason."""
        names = [os.path.realpath(file) for file in files]
        listed = ", ".join(_sql_string(name) for name in names)
        script = "".join(f"delete from DB.DBA.load_list where ll_file = {_sql_string(name)};\n"
                         f"ld_add({_sql_string(name)}, {_sql_string(graph)});\n" for name in names)
        script += "rdf_loader_run();\ncheckpoint;\n"
        self.run(script)
        marker = "kg-failed:"
        output = self.run(f"select concat('{marker}', ll_file, ' ', cast(ll_error as varchar)) from DB.DBA.load_list "
                          f"where ll_file in ({listed}) and ll_error is not null;\n")
        failed = [line.strip()[len(marker):] for line in output.splitlines() if line.strip().startswith(marker)]
        if failed:
            raise StoreError(f"Virtuoso's bulk loader refused {failed[0]}" +
                             (f" (and {len(failed) - 1} more files)" if len(failed) > 1 else ""))
