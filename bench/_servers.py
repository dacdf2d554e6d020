"""The servers a benchmark measures, started as operators start them: `techex serve` (uvicorn,
one process or `--workers N`), or nginx (least_conn, upstream keep-alive, as
deploy/nginx.conf) in front of N single-process `techex serve`. nginx comes from the
distribution (`apt-get install nginx`); without it those setups are left out.

Also a variant server for comparisons the product does not offer as a setting: the app under
uvicorn with the tantivy search handed to a worker thread instead of run on the event loop.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setup:
    label: str
    app_processes: int
    nginx: bool = False
    # The variant server (bench/_variant_server.py) instead of `techex serve`:
    # "loop" or "thread" says where a tantivy search runs.
    search_runs_on: str | None = None


@dataclass
class Running:
    port: int
    app_pids: list[int]
    nginx_pid: int | None = None
    logs: list[Path] = field(default_factory=list)

    def app_cpu_seconds(self) -> float:
        return sum(_tree_cpu_seconds(pid) for pid in self.app_pids)

    def nginx_cpu_seconds(self) -> float:
        return _tree_cpu_seconds(self.nginx_pid) if self.nginx_pid else 0.0


def nginx_available() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(setup: Setup, data_dir: Path, env: dict[str, str] | None = None) -> Iterator[Running]:
    """The setup's processes, listening and answering; stopped (SIGTERM) afterwards."""
    environment = {**os.environ, "TECHEX_DATA_DIR": str(data_dir), **(env or {})}
    with ExitStack() as stack:
        if not setup.nginx:
            port = free_port()
            app = stack.enter_context(_app(setup, data_dir, environment, port, setup.app_processes))
            yield Running(port, [app.pid], logs=[_log_path(data_dir, port)])
            return
        ports = [free_port() for _ in range(setup.app_processes)]
        apps = [stack.enter_context(_app(setup, data_dir, environment, p, 1)) for p in ports]
        port = free_port()
        nginx = stack.enter_context(_nginx(data_dir, port, ports))
        _wait_until_answering(port, nginx, data_dir / "nginx-error.log", 1)
        yield Running(port, [app.pid for app in apps], nginx.pid)


def _log_path(data_dir: Path, port: int) -> Path:
    return data_dir / f"server-{port}.log"


@contextmanager
def _app(
    setup: Setup, data_dir: Path, environment: dict[str, str], port: int, processes: int
) -> Iterator[subprocess.Popen[bytes]]:
    if setup.search_runs_on:
        command = [
            sys.executable, str(ROOT / "bench" / "_variant_server.py"), "--port", str(port),
            "--search-runs-on", setup.search_runs_on,
        ]  # fmt: skip
    else:
        command = [
            str(Path(sys.executable).with_name("techex")), "serve", "--no-worker",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(processes),
        ]  # fmt: skip
    log = _log_path(data_dir, port)  # access lines and errors, out of the tables' way
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603
            command, env=environment, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_answering(port, server, log, processes)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def _nginx(data_dir: Path, port: int, upstreams: list[int]) -> Iterator[subprocess.Popen[bytes]]:
    prefix = data_dir / f"nginx-{port}"
    prefix.mkdir()
    config = prefix / "nginx.conf"
    config.write_text(_nginx_config(prefix, port, upstreams, data_dir / "nginx-error.log"))
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    nginx = subprocess.Popen(  # noqa: S603
        [binary, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        yield nginx
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)


def _nginx_config(prefix: Path, port: int, upstreams: list[int], error_log: Path) -> str:
    """The essentials of deploy/nginx.conf (least_conn, upstream keep-alive), with every path
    in the benchmark's folder and one worker process (the app needs the cores)."""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes 1;
error_log {error_log} warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
{temp}
    upstream techex_app {{
        least_conn;
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://techex_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def _wait_until_answering(
    port: int, process: subprocess.Popen[bytes], log: Path, processes: int
) -> None:
    """Until /healthz answers and, for `--workers N`, every process has started."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        started = processes == 1 or _started_in(log) >= processes
        if started and _answers(port):
            return
        time.sleep(0.2)  # polling for the server to start, within the deadline
    process.kill()
    raise RuntimeError(f"the server on port {port} did not start:\n{_tail(log)}")


def _started_in(log: Path) -> int:
    return _tail(log, 1_000_000).count("Application startup complete")


def _tail(log: Path, size: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-size:]
    except OSError:
        return ""


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def machine_busy_seconds() -> float:
    """CPU time every process of the machine has used since boot (Linux /proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its descendants."""
    total = 0
    for process in _tree(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:13])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")
