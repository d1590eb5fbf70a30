"""A real Virtuoso (Debian's virtuoso-opensource 7) on loopback, for tests and bench/.

One server per process: :func:`virtuoso_server` starts it on first use in a
temporary directory with free ports, grants SPARQL updates over HTTP, and
stops it at exit. Without ``virtuoso-t`` tests skip, except under ``KG_CI=1``,
where a missing server is a failure (CI installs it: .ci/setup.d/20-virtuoso.sh).
"""

from __future__ import annotations

import atexit
import configparser
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
TEST_MAX_ROWS = 500  # small, so that paging past the server's row cap is exercised on small data


@dataclass
class VirtuosoServer:
    sparql_url: str
    sql_port: int
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def load_dir(self) -> Path:
        """A directory the server may read (DirsAllowed), for its bulk loader (kg load --isql)."""
        return self.directory / "load"

    @property
    def isql_address(self) -> str:
        return f"dba:dba@127.0.0.1:{self.sql_port}"

    def isql(self, statement: str) -> str:
        done = subprocess.run(["isql-vt", str(self.sql_port), "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt: {statement}: {done.stdout}{done.stderr}")
        return done.stdout

    def clear(self) -> None:
        """Drop every graph the tests and benchmarks write (under http(s)://...)."""
        for prefix in ("https://w3id.org/diplo/id/", "http://example.org/"):
            self.isql(f"DELETE FROM DB.DBA.RDF_QUAD WHERE starts_with(id_to_iri(G), '{prefix}');")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


_SERVER: VirtuosoServer | None = None


def available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None and SYSTEM_INI.exists()


def missing_reason() -> str:
    return ("Virtuoso is not installed (virtuoso-t, isql-vt, /etc/virtuoso-opensource-7/virtuoso.ini): "
            "apt-get install virtuoso-opensource, or run .ci/setup.d/20-virtuoso.sh")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write_ini(directory: Path, sql_port: int, http_port: int, max_rows: int, buffers: int,
               max_seconds: int) -> Path:
    config = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";",))
    config.optionxform = str  # type: ignore[assignment,method-assign]
    config.read(SYSTEM_INI)
    for section, name in [("Database", "virtuoso"), ("TempDatabase", "virtuoso-temp")]:
        config[section]["DatabaseFile"] = str(directory / f"{name}.db")
        config[section]["TransactionFile"] = str(directory / f"{name}.trx")
    config["Database"]["ErrorLogFile"] = str(directory / "virtuoso.log")
    config["Database"]["LockFile"] = str(directory / "virtuoso.lck")
    config["Database"]["xa_persistent_file"] = str(directory / "virtuoso.pxa")
    parameters = config["Parameters"]
    parameters["ServerPort"] = f"127.0.0.1:{sql_port}"
    (directory / "load").mkdir()  # where kg load's tests put files for the bulk loader
    parameters["DirsAllowed"] = f"., {directory / 'load'}, /usr/share/virtuoso-opensource-7/vad"
    parameters["NumberOfBuffers"] = str(buffers)
    parameters["MaxDirtyBuffers"] = str(buffers * 3 // 4)
    parameters["CheckpointInterval"] = "0"
    config["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    config["SPARQL"]["ResultSetMaxRows"] = str(max_rows)
    config["SPARQL"]["MaxQueryExecutionTime"] = str(max_seconds)
    config["SPARQL"]["MaxQueryCostEstimationTime"] = "0"  # estimates of the saved queries' cost run high
    path = directory / "virtuoso.ini"
    with path.open("w") as handle:
        config.write(handle)
    return path


def start_virtuoso(max_rows: int = TEST_MAX_ROWS, buffers: int = 20_000, timeout: float = 120,
                   max_seconds: int = 600) -> VirtuosoServer:
    """Start a fresh Virtuoso on 127.0.0.1 with free ports; SPARQL updates granted."""
    directory = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    sql_port, http_port = _free_port(), _free_port()
    ini = _write_ini(directory, sql_port, http_port, max_rows, buffers, max_seconds)
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=directory,
                               stdout=log, stderr=subprocess.STDOUT)
    server = VirtuosoServer(f"http://127.0.0.1:{http_port}/sparql", sql_port, directory, process)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            text = (directory / "stdout.log").read_text(errors="replace")[-2000:]
            shutil.rmtree(directory, ignore_errors=True)
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {text}")
        try:
            with urllib.request.urlopen(server.sparql_url + "?query=ASK%7B%7D", timeout=5):
                break
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"Virtuoso did not answer on {server.sparql_url} within {timeout}s") from None
            time.sleep(0.3)
    server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
    return server


def virtuoso_server() -> VirtuosoServer:
    """The process's one Virtuoso, started on first call and stopped at exit."""
    global _SERVER
    if _SERVER is None:
        _SERVER = start_virtuoso()
        atexit.register(_SERVER.stop)
    return _SERVER


def required() -> bool:
    return os.environ.get("KG_CI") == "1"


class FaultyProxy:
    """An HTTP proxy on loopback in front of a SPARQL server that can be told to fail updates.

    Requests pass through unchanged until :attr:`fail_from` update requests have passed; from
    then on, the next :attr:`failures` update requests (all of them by default) are answered
    503 without reaching the server. Queries always pass. It counts the updates it saw.
    """

    def __init__(self, target: str) -> None:
        import http.server
        import threading

        self.target = target
        self.updates = 0
        self.fail_from: int | None = None
        self.failures: int | None = None
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._forward(None)

            def do_POST(self) -> None:
                self._forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def _forward(self, body: bytes | None) -> None:
                if body is not None and body.startswith(b"update="):
                    proxy.updates += 1
                    if proxy._fails():
                        self.send_response(503, "Service Unavailable (injected)")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                path = self.path.split("?", 1)
                url = proxy.target + ("?" + path[1] if len(path) > 1 else "")
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
                request = urllib.request.Request(url, data=body, headers=headers,
                                                 method="POST" if body is not None else "GET")
                try:
                    with urllib.request.urlopen(request, timeout=120) as answer:
                        status, data, kept = answer.status, answer.read(), answer.headers.items()
                except urllib.error.HTTPError as failure:
                    status, data, kept = failure.code, failure.read(), failure.headers.items()
                self.send_response(status)
                for key, value in kept:
                    if key.lower() in ("content-type", "x-sparql-maxrows", "x-sql-state", "x-sql-message"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _fails(self) -> bool:
        if self.fail_from is None or self.updates <= self.fail_from:
            return False
        if self.failures is None:
            return True
        self.failures -= 1
        return self.failures >= 0

    def heal(self) -> None:
        self.fail_from = self.failures = None

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
