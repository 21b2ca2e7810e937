"""Sessions that are never lost: the interview transcript and every version of the model.

Versions are immutable rows; a session points at its ``head`` version and every version
knows its parent, so undo moves the head back without deleting anything, and a new
change after an undo branches from there. Each public method is one transaction that is
committed before it returns. SQLite (WAL, synchronous=FULL) is the default; any
SQLAlchemy URL works (PostgreSQL is tested in CI).
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from assistant.errors import InputError, NotFoundError, StorageError
from assistant.model import ProcessModel
from assistant.model_io import model_from_json
from assistant.textclean import encodable

MAX_NAME = 200


def session_name(name: str) -> str:
    """A session name as one line: lone surrogates as U+FFFD, line breaks, tabs and other
    control characters as spaces, runs of spaces as one."""
    return " ".join(
        "".join(
            " " if ch.isspace() or ord(ch) < 32 or ord(ch) == 127 else ch for ch in encodable(name)
        ).split()
    )


class _Base(DeclarativeBase):
    pass


class SessionRow(_Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME), unique=True, index=True)
    kind: Mapped[str] = mapped_column(String(40), default="interview")
    head_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class VersionRow(_Base):
    __tablename__ = "model_versions"
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    model_json: Mapped[str] = mapped_column(Text)
    state_json: Mapped[str] = mapped_column(Text, default="{}")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TranscriptRow(_Base):
    __tablename__ = "transcript"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    meta_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class SessionInfo:
    id: str
    name: str
    kind: str
    version: int
    versions: int
    turns: int
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "version": self.version,
            "versions": self.versions,
            "turns": self.turns,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class Snapshot:
    """The head of a session: its model, the interview state and the version number."""

    session_id: str
    version: int
    model: ProcessModel
    state: dict[str, Any]


@dataclass(frozen=True)
class TranscriptEntry:
    role: str
    text: str
    meta: dict[str, Any]
    created_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes; everything we store is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN; we issue BEGIN IMMEDIATE
        # ourselves so two writers queue on busy_timeout instead of failing with
        # "database is locked" when a read transaction tries to upgrade.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        # deleted rows are overwritten with zeros, so a deleted transcript cannot be read
        # back from free pages of the file (``sessions delete`` must really delete)
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class SessionStore:
    """Sessions and model versions behind SQLAlchemy."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        if not url or "://" not in url:
            raise InputError(f"Ongeldige database-URL: {url!r}")
        self.url = url
        self._sqlite = url.startswith("sqlite")
        if self._sqlite and url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = create_engine(url, echo=echo, pool_pre_ping=not self._sqlite)
        except Exception as exc:  # unknown dialect or missing driver
            raise StorageError(
                f"Kan de sessieopslag niet openen ({url.split(':')[0]}): {exc}"
            ) from None
        if self._sqlite:
            _configure_sqlite(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._create_schema()

    def _create_schema(self) -> None:
        for attempt in range(5):
            try:
                _Base.metadata.create_all(self.engine)
                return
            except (OperationalError, IntegrityError, ProgrammingError):
                # several processes creating the schema at once: one wins, the rest retry
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as db:
                yield db
        except OperationalError as exc:
            text = str(exc.orig) if exc.orig else str(exc)
            if "disk" in text.lower() and "full" in text.lower():
                raise StorageError(
                    "De schijf is vol: de wijziging is niet opgeslagen; de vorige versie is bewaard."
                ) from None
            raise StorageError(f"De sessieopslag gaf een fout: {text}") from None

    # --- lookup ------------------------------------------------------------------------

    def _row(self, db: Session, key: str, *, lock: bool = False) -> SessionRow:
        key = encodable(key)  # a name given on the command line that was no UTF-8
        # lock=True takes the row lock (SELECT … FOR UPDATE) so two writers of one session
        # queue on servers like PostgreSQL; SQLite already serialises with BEGIN IMMEDIATE.
        by_id = select(SessionRow).where(SessionRow.id == key)
        by_name = select(SessionRow).where(SessionRow.name == key)
        if lock and not self._sqlite:
            by_id, by_name = by_id.with_for_update(), by_name.with_for_update()
        row = db.scalar(by_id)
        if row is None:
            row = db.scalar(by_name)
        if row is None:
            raise NotFoundError(f"Sessie '{key}' bestaat niet. Zie 'klantreis sessions list'.")
        return row

    def _info(self, db: Session, row: SessionRow) -> SessionInfo:
        versions = db.scalar(
            select(func.count()).select_from(VersionRow).where(VersionRow.session_id == row.id)
        )
        turns = db.scalar(
            select(func.count())
            .select_from(TranscriptRow)
            .where(TranscriptRow.session_id == row.id, TranscriptRow.role == "user")
        )
        return SessionInfo(
            id=row.id,
            name=row.name,
            kind=row.kind,
            version=row.head_version,
            versions=int(versions or 0),
            turns=int(turns or 0),
            created_at=_as_utc(row.created_at),
            updated_at=_as_utc(row.updated_at),
        )

    def _unique_name(self, db: Session, wanted: str) -> str:
        base = session_name(wanted)[:MAX_NAME] or "sessie"
        name, n = base, 2
        while db.scalar(select(SessionRow.id).where(SessionRow.name == name)) is not None:
            suffix = f" ({n})"
            name = base[: MAX_NAME - len(suffix)] + suffix
            n += 1
        return name

    # --- sessions ----------------------------------------------------------------------

    def create(
        self,
        name: str | None = None,
        model: ProcessModel | None = None,
        state: dict[str, Any] | None = None,
        *,
        kind: str = "interview",
        note: str = "aangemaakt",
    ) -> SessionInfo:
        """A new session whose version 1 is ``model`` (an empty model by default)."""
        model = model or ProcessModel()
        for attempt in range(8):
            try:
                return self._create_once(name, model, state, kind=kind, note=note)
            except IntegrityError:
                # another process took the same name between our check and our insert
                if attempt == 7:
                    raise StorageError(
                        "Kan geen unieke sessienaam vinden; probeer een andere naam."
                    ) from None
        raise AssertionError("unreachable")

    def _create_once(
        self,
        name: str | None,
        model: ProcessModel,
        state: dict[str, Any] | None,
        *,
        kind: str,
        note: str,
    ) -> SessionInfo:
        now = _now()
        with self._tx() as db:
            sid = uuid.uuid4().hex[:12]
            row = SessionRow(
                id=sid,
                name=self._unique_name(db, name or f"sessie {now:%Y-%m-%d %H.%M}"),
                kind=kind,
                head_version=1,
                created_at=now,
                updated_at=now,
            )
            db.add(row)
            db.flush()
            db.add(
                VersionRow(
                    session_id=sid,
                    version=1,
                    parent_version=None,
                    model_json=model.to_json(),
                    state_json=json.dumps(state or {}, ensure_ascii=False, sort_keys=True),
                    note=note[:500],
                    created_at=now,
                )
            )
            db.flush()
            return self._info(db, row)

    def list_sessions(self) -> list[SessionInfo]:
        with self._tx() as db:
            rows = db.scalars(select(SessionRow).order_by(SessionRow.updated_at.desc())).all()
            return [self._info(db, r) for r in rows]

    def info(self, key: str) -> SessionInfo:
        with self._tx() as db:
            return self._info(db, self._row(db, key))

    def rename(self, key: str, new_name: str) -> SessionInfo:
        new_name = session_name(new_name)
        if not new_name:
            raise InputError("Een sessienaam mag niet leeg zijn.")
        if len(new_name) > MAX_NAME:
            raise InputError(f"Een sessienaam mag hoogstens {MAX_NAME} tekens hebben.")
        with self._tx() as db:
            row = self._row(db, key)
            clash = db.scalar(select(SessionRow.id).where(SessionRow.name == new_name))
            if clash is not None and clash != row.id:
                raise InputError(f"Er is al een sessie met de naam '{new_name}'.")
            row.name = new_name
            row.updated_at = _now()
            db.flush()
            return self._info(db, row)

    def delete(self, key: str) -> None:
        """Remove the session, every model version and the whole transcript."""
        with self._tx() as db:
            row = self._row(db, key)
            db.execute(delete(TranscriptRow).where(TranscriptRow.session_id == row.id))
            db.execute(delete(VersionRow).where(VersionRow.session_id == row.id))
            db.delete(row)
        self._purge_wal()

    def _purge_wal(self) -> None:
        """Move the zeroed pages into the database file and empty the write-ahead log.

        Until a checkpoint, the WAL still holds the old pages with the deleted text. A
        TRUNCATE checkpoint waits (busy_timeout) for readers and then empties the file;
        if it cannot complete now, SQLite's next checkpoint finishes the job.
        """
        if not self._sqlite:
            return
        # on the raw connection: a checkpoint cannot run inside the BEGIN IMMEDIATE that
        # SQLAlchemy's autobegin would open
        raw = self.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error:
            pass  # the deletion itself is committed; the WAL is reused and truncated later
        finally:
            raw.close()

    def duplicate(self, key: str, new_name: str | None = None) -> SessionInfo:
        snap = self.load(key)
        info = self.info(key)
        return self.create(
            new_name or f"{info.name} (kopie)", snap.model, snap.state, kind=info.kind, note="kopie"
        )

    # --- versions ----------------------------------------------------------------------

    def _snapshot(self, db: Session, row: SessionRow, version: int) -> Snapshot:
        vrow = db.get(VersionRow, (row.id, version))
        if vrow is None:
            raise StorageError(f"Versie {version} van sessie '{row.name}' ontbreekt.")
        return Snapshot(
            session_id=row.id,
            version=version,
            model=model_from_json(vrow.model_json),
            state=json.loads(vrow.state_json or "{}"),
        )

    def load(self, key: str, version: int | None = None) -> Snapshot:
        with self._tx() as db:
            row = self._row(db, key)
            return self._snapshot(db, row, version or row.head_version)

    def save(
        self,
        key: str,
        model: ProcessModel,
        state: dict[str, Any] | None = None,
        *,
        note: str = "",
        transcript: list[tuple[str, str, dict[str, Any]]] | None = None,
    ) -> int:
        """Store a new head version (and transcript lines) in one transaction.

        ``state=None`` keeps the interview state of the current head.
        """
        now = _now()
        with self._tx() as db:
            row = self._row(db, key, lock=True)
            if state is None:
                head = db.get(VersionRow, (row.id, row.head_version))
                state_json = head.state_json if head is not None else "{}"
            else:
                state_json = json.dumps(state, ensure_ascii=False, sort_keys=True)
            latest = db.scalar(
                select(func.max(VersionRow.version)).where(VersionRow.session_id == row.id)
            )
            version = int(latest or 0) + 1
            db.add(
                VersionRow(
                    session_id=row.id,
                    version=version,
                    parent_version=row.head_version or None,
                    model_json=model.to_json(),
                    state_json=state_json,
                    note=note[:500],
                    created_at=now,
                )
            )
            for role, text, meta in transcript or []:
                db.add(self._transcript_row(row.id, role, text, meta, now))
            db.execute(
                update(SessionRow)
                .where(SessionRow.id == row.id)
                .values(head_version=version, updated_at=now)
            )
            return version

    def undo(self, key: str) -> Snapshot:
        """Move the head back to its parent version; nothing is deleted."""
        with self._tx() as db:
            row = self._row(db, key, lock=True)
            head = db.get(VersionRow, (row.id, row.head_version))
            if head is None or head.parent_version is None:
                raise InputError("Er is niets om ongedaan te maken: dit is de eerste versie.")
            row.head_version = head.parent_version
            row.updated_at = _now()
            db.add(
                self._transcript_row(
                    row.id, "system", f"ongedaan gemaakt: versie {head.version}", {}, _now()
                )
            )
            db.flush()
            return self._snapshot(db, row, row.head_version)

    def history(self, key: str) -> list[dict[str, Any]]:
        with self._tx() as db:
            row = self._row(db, key)
            rows = db.execute(
                select(
                    VersionRow.version,
                    VersionRow.parent_version,
                    VersionRow.note,
                    VersionRow.created_at,
                )
                .where(VersionRow.session_id == row.id)
                .order_by(VersionRow.version)
            ).all()
            return [
                {
                    "version": v,
                    "parent": p,
                    "note": n,
                    "created_at": _as_utc(c).isoformat(),
                    "head": v == row.head_version,
                }
                for v, p, n, c in rows
            ]

    # --- transcript --------------------------------------------------------------------

    @staticmethod
    def _transcript_row(
        sid: str, role: str, text: str, meta: dict[str, Any], now: datetime
    ) -> TranscriptRow:
        return TranscriptRow(
            session_id=sid,
            role=role,
            text=text,
            meta_json=json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str),
            created_at=now,
        )

    def append_transcript(
        self, key: str, role: str, text: str, meta: dict[str, Any] | None = None
    ) -> None:
        with self._tx() as db:
            row = self._row(db, key)
            db.add(self._transcript_row(row.id, role, text, meta or {}, _now()))

    def transcript(self, key: str) -> list[TranscriptEntry]:
        with self._tx() as db:
            row = self._row(db, key)
            rows = db.scalars(
                select(TranscriptRow)
                .where(TranscriptRow.session_id == row.id)
                .order_by(TranscriptRow.id)
            ).all()
            return [
                TranscriptEntry(
                    r.role, r.text, json.loads(r.meta_json or "{}"), _as_utc(r.created_at)
                )
                for r in rows
            ]


def open_store(database_url: str) -> SessionStore:
    return SessionStore(database_url)
