"""Starting up: the listening port first, a private instance folder, and a failure told
in one French line saying what is wrong and what to do (README, "If the server does not
start"). The person who reads it runs a Mission Locale's laptop, not a Python program:
no traceback unless they ask for one with ``--debug``."""

from __future__ import annotations

import errno
import os
import socket
import sqlite3
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.exc import DBAPIError

from content.loader import PackError
from game.store.db import DamagedDatabase, UnknownRevision

DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
BACKLOG = 128  # gevent's own default


class StartupFailure(Exception):
    """A failure already said in French, in one line."""

    def __init__(self, line: str) -> None:
        self.line = line
        super().__init__(line)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed, written or wiped: a second
    server started on a busy port stops here, leaving the running one (its database, its
    presence rows, its console) untouched."""
    try:
        family, _type, _proto, _name, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise StartupFailure(_unknown_host(host)) from exc
    try:
        return socket.create_server(address, family=family, backlog=BACKLOG)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            line = (
                f"Le port {port} est déjà utilisé, sans doute par un Éclats déjà lancé : utilisez celui-là, "
                f"arrêtez-le, ou lancez celui-ci sur un autre port avec --port."
            )
        elif exc.errno == errno.EACCES:
            line = (
                f"Le port {port} est réservé à l'administrateur de cet ordinateur : "
                "choisissez un port au-dessus de 1024 avec --port (par exemple --port 5000)."
            )
        elif exc.errno == errno.EADDRNOTAVAIL:
            line = _unknown_host(host)
        else:
            line = f"Impossible d'écouter sur {host}:{port} ({exc.strerror}) : choisissez un autre port avec --port."
        raise StartupFailure(line) from exc


def _unknown_host(host: str) -> str:
    return (
        f"L'adresse {host} n'est pas une adresse de cet ordinateur : choisissez-en une autre avec --host "
        "(0.0.0.0 pour toutes ses adresses)."
    )


def private_folder(folder: Path) -> None:
    """The instance folder holds the database, the photos, the keys and the demo
    password: ``0700``, and everything in it owner-only, whatever the umask and whatever
    mode an older version or a copy left. Only group and other bits are taken away (a
    folder its owner made read-only stays so); what belongs to another user is left to
    them, symbolic links are not followed."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(folder, 0o700)
    for top, folders, files in os.walk(folder):
        for name in folders:
            _owner_only(Path(top, name), 0o700)
        for name in files:
            _owner_only(Path(top, name), 0o600)


def _owner_only(path: Path, keep: int) -> None:
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
        return
    mode = stat.S_IMODE(info.st_mode)
    if mode & ~keep:
        path.chmod(mode & keep)


# --- a failure, in one line -----------------------------------------------------------


def explain(exc: BaseException, config: Mapping[str, Any]) -> str:
    """What went wrong and what to do, in one French line."""
    chain = list(_causes(exc))
    database = _sqlite_file(str(config.get("DATABASE_URL") or ""))
    instance = Path(config["INSTANCE_DIR"])
    for cause in chain:
        if isinstance(cause, StartupFailure):
            return cause.line
        if isinstance(cause, PackError):
            return _invalid_pack(cause)
        if isinstance(cause, UnknownRevision):
            return (
                "La base de données a été mise à jour par une version plus récente d'Éclats "
                f"(version de schéma « {', '.join(cause.revisions)} », inconnue de celle-ci) : installez cette "
                "version plus récente, ou remettez une sauvegarde faite avec la version que vous lancez."
            )
        if isinstance(cause, DamagedDatabase):
            return _damaged(database)
    for cause in chain:
        if isinstance(cause, sqlite3.Error):
            line = _sqlite(cause, database, instance)
            if line:
                return line
        if isinstance(cause, OSError) and cause.errno in DISK_FULL | READ_ONLY:
            named = cause.filename
            where = Path(os.fsdecode(named)) if isinstance(named, str | bytes | os.PathLike) else instance
            if cause.errno in DISK_FULL:
                return _disk_full(where if where.is_dir() else where.parent)
            return _read_only(where if where.exists() else where.parent)
    for cause in chain:
        if isinstance(cause, DBAPIError) and database is None:
            reason = " ".join(str(cause.orig).split())[:200]
            return (
                f"La base de données ne répond pas ({reason}) : vérifiez DATABASE_URL et que le serveur "
                "de base de données est lancé."
            )
    reason = " ".join(str(exc).split())[:200]
    return (
        f"Éclats s'est arrêté sur une erreur inattendue ({exc.__class__.__name__} : {reason}) : relancez la même "
        "commande avec --debug pour voir le détail, et transmettez-le à votre service informatique."
    )


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        cause = todo.pop(0)
        if cause is None or id(cause) in seen:
            continue
        seen.add(id(cause))
        yield cause
        todo += [getattr(cause, "orig", None), cause.__cause__, cause.__context__]


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" and not database.startswith("file:") else None


def _sqlite(error: sqlite3.Error, database: Path | None, instance: Path) -> str | None:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return _damaged(database)
    folder = database.parent if database else instance
    if code == sqlite3.SQLITE_FULL:
        return _disk_full(folder)
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        # SQLite says "disk I/O error" or "unable to open": find out which by writing
        failed = _probe(folder)
        if failed in DISK_FULL:
            return _disk_full(folder)
        if failed in READ_ONLY:
            return _read_only(folder)
        if database and database.exists() and not os.access(database, os.R_OK | os.W_OK):
            return _read_only(database)
        return (
            f"La base de données {database or ''} ne peut être ni lue ni écrite ({error}) : "
            "vérifiez le disque et les droits de ce fichier, puis relancez."
        )
    return None


def _probe(folder: Path) -> int | None:
    """The error number of writing 64 KB in ``folder`` (None: it can be written)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".eclats-probe-", dir=folder)
    except OSError as exc:
        return exc.errno
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(bytes(65536))
            file.flush()
            os.fsync(file.fileno())
    except OSError as exc:
        return exc.errno
    finally:
        os.unlink(name)
    return None


def _damaged(database: Path | None) -> str:
    return (
        f"La base de données {database or ''} est abîmée (fichier coupé ou écrasé) : remettez à sa place la "
        "dernière sauvegarde de ce fichier, puis relancez (sans sauvegarde, déplacez ce fichier ailleurs pour "
        "repartir d'une base vide)."
    )


def _disk_full(folder: Path) -> str:
    return (
        f"Le disque est plein : Éclats ne peut plus écrire dans {folder}. Libérez de la place sur ce disque "
        "(vieilles sauvegardes, fichiers inutiles), puis relancez."
    )


def _read_only(path: Path) -> str:
    return (
        f"Éclats ne peut pas écrire dans {path} (en lecture seule, ou à un autre utilisateur) : lancez Éclats "
        "avec l'utilisateur propriétaire, ou donnez à celui-ci le droit d'y écrire."
    )


def _invalid_pack(error: PackError) -> str:
    problems = [" ".join(str(problem).split()) for problem in error.problems]
    shown = " ; ".join(problems[:5]) + (f" ; et {len(problems) - 5} autre(s)" if len(problems) > 5 else "")
    return (
        f"Le pack de contenu est invalide ({error.pack.name}) : {shown}. Corrigez-le : "
        f"« eclats content check {error.pack} » liste chaque problème."
    )
