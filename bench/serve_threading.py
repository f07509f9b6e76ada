"""The real Éclats app served in Flask-SocketIO's *threading* mode, for comparison with
``eclats serve`` (gevent). Same handlers, same database code; only the async mode and
the server differ (Werkzeug's threaded server + simple-websocket, one thread per socket).

    .venv/bin/python -m bench.serve_threading --port 5001

Reads ECLATS_INSTANCE, DATABASE_URL and SOCKETIO_MESSAGE_QUEUE like ``eclats serve``.
"""

from __future__ import annotations

import argparse
import logging
import resource
import socket


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    from api import create_app
    from api.extensions import engine, socketio
    from game.store.db import upgrade

    app = create_app({"SOCKETIO_ASYNC_MODE": "threading", "PROCESS_NAME": f"{socket.gethostname()}:{args.port}"})
    with app.app_context():
        upgrade(engine())
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print(f"threading server on http://{args.host}:{args.port}", flush=True)
    socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True, log_output=False, use_reloader=False)


if __name__ == "__main__":
    main()
