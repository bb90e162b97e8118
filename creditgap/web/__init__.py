"""creditgap serve: a local page for people who never open a terminal (the ``web`` extra).

``create_app`` (app.py) is the Starlette application; ``serve`` runs it on 127.0.0.1 only.
Nothing here touches the network beyond the loopback socket it listens on.
"""

from __future__ import annotations

import socket  # only to listen on 127.0.0.1 (loopback_socket): the page never connects anywhere
import threading
from pathlib import Path

EXTRA_HINT = ("网页需要额外的组件。请运行：pip install 'creditgap[web]'",
              "The page needs the web extra. Run: pip install 'creditgap[web]'")


def loopback_socket(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 only (port 0: a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(port: int = 0, open_browser: bool = True, lang: str = "zh", mapping: str | Path | None = None,
          on_ready: object = None) -> None:
    """Run the page on 127.0.0.1 until interrupted; open it in the default browser when ready.

    uvicorn's access log is off and its own log only says warnings: nothing about requests is logged.
    """
    import uvicorn

    from .app import create_app

    sock = loopback_socket(port)
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/" + ("?lang=en" if lang == "en" else "")
    import multiprocessing

    # the workers reading documents start from a fork server that has the pipeline loaded already
    # (a fork of this threaded server would copy locks its other threads hold)
    multiprocessing.set_forkserver_preload(["creditgap.api", "creditgap.read.document", "creditgap.parse.layouts"])
    # Ctrl+C or SIGTERM: requests still running get a few seconds, then their workers are killed
    config = uvicorn.Config(create_app(port=port, mapping=mapping), access_log=False, log_level="warning",
                            server_header=False, date_header=False, lifespan="off", timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)

    def when_ready() -> None:
        import time

        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(("creditgap 已在本机打开：" if lang == "zh" else "creditgap is running at ") + url
                  + ("（按 Ctrl+C 停止）" if lang == "zh" else " (Ctrl+C stops it)"), flush=True)
            if callable(on_ready):
                on_ready(server, url)
            if open_browser:
                import webbrowser

                webbrowser.open(url)

    threading.Thread(target=when_ready, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
