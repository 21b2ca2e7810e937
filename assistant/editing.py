"""Manual edits of a process model, as pure functions: (model, state, edit) -> (model, state).

The workspace lets a designer correct anything by hand (a table of steps, a form for the
levering). Those edits go through here so that (1) they are validated by the same
pydantic model as everything else, with a Dutch message that names the JSON path, and
(2) the interview state learns which slots the designer has now answered, so the chat
never asks again for something that was just typed into a table.

Tables are described as data (``TABLES``): which list in the model they edit, which
columns the designer sees and how a cell is read back. The UI renders from the same
specification, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from assistant.errors import InputError, ModelValidationError
from assistant.model import (
    Activity,
    ActivityKind,
    Actor,
    Bedrijfsservice,
    Channel,
    CustomerType,
    DataItem,
    Deelservice,
    DeelserviceKind,
    Document,
    JourneyStep,
    Lane,
    ProcessModel,
    RelatedProcess,
    RelationKind,
    SupportingProcess,
    SupportKind,
    TriggerKind,
    Variant,
)
from assistant.model_io import describe_validation_error

ColumnKind = Literal["text", "choice", "optional_choice", "list", "bool", "number", "reference"]

# What a "reference" column or field links to, by kind of GEMMA reference element
PROCESSES = ("bedrijfsproces", "cluster")
BOUWSTENEN = ("procesbouwsteen",)


@dataclass(frozen=True)
class Column:
    """One editable column of a table: the model field, its Dutch label and its kind."""

    field: str
    label: str
    kind: ColumnKind = "text"
    choices: tuple[str, ...] = ()
    required: bool = False
    reference_kinds: tuple[str, ...] = ()  # "reference": which GEMMA elements to pick from


@dataclass(frozen=True)
class TableSpec:
    """Where a table lives in the model and which interview slots it answers."""

    name: str
    label: str
    path: str  # JSON path of the list, for error messages
    item: type[BaseModel]
    columns: tuple[Column, ...]
    field_path: str  # the list in the interview's field notation, e.g. "journey.steps_before"


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


_ACTOR = Column("actor", "Wie", "choice", _values(Actor))
_CHANNEL = Column("channel", "Kanaal", "optional_choice", _values(Channel))

# ``field_path`` uses the interview's notation for model fields (its slots list the fields
# they fill), so an edit can tell the interview which slots the designer just answered.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "steps_before",
            "Stappen vóór het gemeentelijke deel",
            "$.journey.steps_before",
            JourneyStep,
            (
                Column("name", "Stap", required=True),
                _ACTOR,
                _CHANNEL,
                Column("pain_points", "Knelpunten (; gescheiden)", "list"),
                Column("description", "Toelichting"),
            ),
            "journey.steps_before",
        ),
        TableSpec(
            "steps_after",
            "Stappen na het gemeentelijke deel",
            "$.journey.steps_after",
            JourneyStep,
            (
                Column("name", "Stap", required=True),
                _ACTOR,
                _CHANNEL,
                Column("pain_points", "Knelpunten (; gescheiden)", "list"),
                Column("description", "Toelichting"),
            ),
            "journey.steps_after",
        ),
        TableSpec(
            "documents",
            "Benodigde stukken",
            "$.variants[*].services[0].intake.documents",
            Document,
            (
                Column("name", "Stuk", required=True),
                Column("provided_by", "Levert aan", "choice", _values(Actor)),
                Column("source", "Bron (beheerder)"),
                Column("basisregistratie", "Basisregistratie"),
                Column("required", "Verplicht", "bool"),
            ),
            "variants[].services[].intake.documents",
        ),
        TableSpec(
            "data_asked",
            "Gevraagde gegevens",
            "$.variants[*].services[0].intake.data_asked",
            DataItem,
            (
                Column("name", "Gegeven", required=True),
                Column("provided_by", "Levert aan", "choice", _values(Actor)),
                Column("source", "Bron"),
            ),
            "variants[].services[].intake.data_asked",
        ),
        TableSpec(
            "activities",
            "Activiteiten",
            "$.variants[*].services[0].activities",
            Activity,
            (
                Column("name", "Activiteit", required=True),
                Column("lane", "Zwembaan", "choice", _values(Lane)),
                Column("kind", "Rol", "choice", _values(ActivityKind)),
                _CHANNEL,
                Column("duration_days", "Dagen", "number"),
                Column("description", "Toelichting"),
                Column(
                    "gemma_reference",
                    "GEMMA-procesbouwsteen",
                    "reference",
                    reference_kinds=BOUWSTENEN,
                ),
            ),
            "variants[].services[].activities",
        ),
        TableSpec(
            "deelservices",
            "Deelservices",
            "$.variants[*].services[0].deelservices",
            Deelservice,
            (
                Column("name", "Deelservice", required=True),
                Column("kind", "Soort", "choice", _values(DeelserviceKind)),
                Column("realised_by", "Gerealiseerd door"),
                Column(
                    "gemma_reference",
                    "GEMMA-procesbouwsteen",
                    "reference",
                    reference_kinds=BOUWSTENEN,
                ),
            ),
            "variants[].services[].deelservices",
        ),
        TableSpec(
            "related_processes",
            "Gerelateerde processen",
            "$.related_processes",
            RelatedProcess,
            (
                Column("name", "Proces", required=True),
                Column("relation", "Relatie", "choice", _values(RelationKind)),
                Column("reused_data", "Hergebruikte gegevens (; gescheiden)", "list"),
                Column("description", "Toelichting"),
            ),
            "related_processes",
        ),
        TableSpec(
            "supporting_processes",
            "Ondersteunende en sturende processen",
            "$.supporting_processes",
            SupportingProcess,
            (
                Column("name", "Proces", required=True),
                Column("kind", "Soort", "choice", _values(SupportKind)),
                Column("internal_customer", "Interne klant"),
                Column("deelservice", "Deelservice"),
                Column("bedrijfsfunctie", "Bedrijfsfunctie"),
                Column(
                    "gemma_reference",
                    "GEMMA-referentieproces",
                    "reference",
                    reference_kinds=PROCESSES,
                ),
            ),
            "supporting_processes",
        ),
    )
}


# --- form sections ------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    field: str
    label: str
    # "reference": a GEMMA reference element, chosen by name (see ``reference_options``)
    kind: Literal["text", "longtext", "choice", "multichoice", "number", "reference"] = "text"
    choices: tuple[str, ...] = ()
    reference_kinds: tuple[str, ...] = PROCESSES


@dataclass(frozen=True)
class FormSpec:
    name: str
    label: str
    path: str
    field_path: str  # prefix in the interview's field notation
    fields: tuple[FormField, ...]


FORMS: dict[str, FormSpec] = {
    spec.name: spec
    for spec in (
        FormSpec(
            "journey",
            "Klantreis",
            "$.journey",
            "journey",
            (
                FormField("name", "Naam van de klantreis"),
                FormField("customer.name", "Klant"),
                FormField("customer.type", "Soort klant", "choice", _values(CustomerType)),
                FormField("customer_goal", "Doel van de klant", "longtext"),
                FormField("serviceformule", "Serviceformule"),
                FormField("pain_points", "Knelpunten in de reis (; gescheiden)"),
            ),
        ),
        FormSpec(
            "service",
            "Bedrijfsservice",
            "$.variants[*].services[0]",
            "variants[].services[]",
            (
                FormField("name", "Bedrijfsservice (vanuit de klant)"),
                FormField("process.name", "Realiserend bedrijfsproces"),
                FormField("process.gemma_reference", "GEMMA-referentieproces", "reference"),
                FormField("process.bedrijfsfunctie", "Bedrijfsfunctie"),
                FormField("lead_time_days", "Doorlooptijd (dagen)", "number"),
            ),
        ),
        FormSpec(
            "aanleiding",
            "Aanleiding",
            "$.variants[*].services[0].aanleiding",
            "variants[].services[].aanleiding",
            (
                FormField("kind", "Soort aanleiding", "choice", _values(TriggerKind)),
                FormField("description", "Wat start het proces", "longtext"),
                FormField("legal_basis", "Wettelijke taak of verordening"),
            ),
        ),
        FormSpec(
            "intake",
            "Intake",
            "$.variants[*].services[0].intake",
            "variants[].services[].intake",
            (
                FormField(
                    "channels",
                    "Kanalen",
                    "multichoice",
                    _values(Channel),
                ),
                FormField("form", "Formulier of ingang"),
                FormField("description", "Toelichting", "longtext"),
            ),
        ),
        FormSpec(
            "levering",
            "Levering",
            "$.variants[*].services[0].levering",
            "variants[].services[].levering",
            (
                FormField("result", "Resultaat voor de klant"),
                FormField(
                    "channels",
                    "Kanalen",
                    "multichoice",
                    _values(Channel),
                ),
                FormField("moment", "Moment van levering"),
                FormField("description", "Toelichting", "longtext"),
            ),
        ),
    )
}


# --- edits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableEdit:
    """The whole new content of one table, as the designer left it."""

    table: str
    rows: Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class FormEdit:
    """New values for the fields of one form section (dotted field names)."""

    form: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class SwitchVariant:
    variant_id: str


@dataclass(frozen=True)
class RenameVariant:
    variant_id: str
    name: str
    description: str = ""


Edit = TableEdit | FormEdit | SwitchVariant | RenameVariant


@dataclass(frozen=True)
class EditResult:
    model: ProcessModel
    state: dict[str, Any]
    slots: tuple[str, ...] = ()
    note: str = ""
    changed: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


# --- cells --------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from a pandas cell
        return True
    return isinstance(value, str) and not value.strip()


def split_list(value: Any) -> list[str]:
    """A cell holding several items: '; ' separated text, or a real list."""
    if _blank(value):
        return []
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        text = str(value)
        sep = ";" if ";" in text else "\n" if "\n" in text else ","
        items = text.split(sep)
    return [item.strip() for item in items if item.strip()]


def join_list(items: Sequence[str]) -> str:
    return "; ".join(items)


def cell_value(item: BaseModel, column: Column) -> Any:
    """The value of a model field as the table shows it."""
    value = getattr(item, column.field)
    if column.kind == "list":
        return join_list(value)
    if column.kind == "reference":
        return value.name if value is not None else ""
    if isinstance(value, StrEnum):
        return value.value
    return value


def table_rows(model: ProcessModel, table: str) -> list[dict[str, Any]]:
    """The rows of a table (with the hidden ``id``) for the current active variant."""
    spec = _spec(table)
    return [
        {"id": item.id, **{c.field: cell_value(item, c) for c in spec.columns}}
        for item in _get_items(model, table)
    ]


def _spec(table: str) -> TableSpec:
    try:
        return TABLES[table]
    except KeyError:
        raise InputError(f"Onbekende tabel '{table}'.") from None


def _get_items(model: ProcessModel, table: str) -> list[Any]:
    service = model.service
    lists: dict[str, list[Any]] = {
        "steps_before": model.journey.steps_before,
        "steps_after": model.journey.steps_after,
        "documents": service.intake.documents,
        "data_asked": service.intake.data_asked,
        "activities": service.activities,
        "deelservices": service.deelservices,
        "related_processes": model.related_processes,
        "supporting_processes": model.supporting_processes,
    }
    return lists[table]


def _read_cell(column: Column, value: Any, where: str) -> Any:
    if column.kind == "list":
        return split_list(value)
    if column.kind == "bool":
        if _blank(value):
            return True
        if isinstance(value, str):
            return value.strip().lower() in ("ja", "true", "1", "yes", "waar")
        return bool(value)
    if column.kind == "number":
        if _blank(value):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ModelValidationError(
                f"Verkeerd type op {where}: verwacht een getal, gekregen {value!r}.", where
            ) from None
        return number
    if column.kind in ("choice", "optional_choice"):
        if _blank(value):
            if column.kind == "optional_choice":
                return None
            return column.choices[0]
        text = str(value).strip().lower()
        if text not in column.choices:
            allowed = ", ".join(column.choices)
            raise ModelValidationError(
                f"Ongeldige waarde {value!r} op {where}; kies uit {allowed}.", where
            )
        return text
    return "" if _blank(value) else str(value).strip()


def _rows_to_items(
    spec: TableSpec, rows: Sequence[Mapping[str, Any]], old: Sequence[BaseModel], path: str
) -> list[Any]:
    by_id = {getattr(item, "id", None): item for item in old}
    items: list[Any] = []
    for index, row in enumerate(rows):
        # a row the designer added but left empty is not an element yet
        if all(_blank(row.get(c.field)) for c in spec.columns if c.kind != "bool"):
            continue
        where = f"{path}[{index}]"
        values: dict[str, Any] = {}
        row_id = row.get("id")
        base = by_id.get(row_id) if isinstance(row_id, str) and row_id else None
        for column in spec.columns:
            cell_where = f"{where}.{column.field}"
            if column.kind == "reference":
                before = getattr(base, column.field, None) if base is not None else None
                values[column.field] = _reference_value(
                    row.get(column.field),
                    before.model_dump() if isinstance(before, BaseModel) else None,
                    cell_where,
                    column.reference_kinds,
                )
                continue
            values[column.field] = _read_cell(column, row.get(column.field), cell_where)
            if column.required and not values[column.field]:
                raise ModelValidationError(
                    f"Verplicht veld '{column.label}' is leeg op {cell_where}.", cell_where
                )
        try:
            if base is not None:
                # keep the fields the table does not show (ids, references) as they were
                data = base.model_dump()
                data.update(values)
                item = spec.item.model_validate(data)
            else:
                item = spec.item.model_validate(values)
        except ValidationError as exc:
            inner = describe_validation_error(exc)
            location = where + inner.location.removeprefix("$")
            message = str(inner).replace(inner.location, location, 1)
            raise ModelValidationError(message, location) from None
        items.append(item)
    return items


def _with_service(model: ProcessModel, service: Bedrijfsservice) -> ProcessModel:
    variant = model.active
    services = [service, *variant.services[1:]]
    new_variant = variant.model_copy(update={"services": services})
    variants = [new_variant if v.id == variant.id else v for v in model.variants]
    return model.model_copy(update={"variants": variants})


def _active_path(model: ProcessModel, path: str) -> str:
    index = next((i for i, v in enumerate(model.variants) if v.id == model.active.id), 0)
    return path.replace("[*]", f"[{index}]")


def _apply_table(model: ProcessModel, edit: TableEdit) -> ProcessModel:
    spec = _spec(edit.table)
    path = _active_path(model, spec.path)
    items = _rows_to_items(spec, edit.rows, _get_items(model, edit.table), path)
    service = model.service
    if edit.table in ("steps_before", "steps_after"):
        journey = model.journey.model_copy(update={edit.table: items})
        return model.model_copy(update={"journey": journey})
    if edit.table in ("documents", "data_asked"):
        intake = service.intake.model_copy(update={edit.table: items})
        return _with_service(model, service.model_copy(update={"intake": intake}))
    if edit.table in ("activities", "deelservices"):
        return _with_service(model, service.model_copy(update={edit.table: items}))
    return model.model_copy(update={edit.table: items})


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    target = data
    for part in parts[:-1]:
        if target.get(part) is None:
            target[part] = {}
        target = target[part]
    target[parts[-1]] = value


def _form_value(spec_field: FormField, value: Any, where: str) -> Any:
    if spec_field.kind == "multichoice":
        values = split_list(value) if isinstance(value, str) else list(value or [])
        for v in values:
            if v not in spec_field.choices:
                raise ModelValidationError(
                    f"Ongeldige waarde {v!r} op {where}; kies uit {', '.join(spec_field.choices)}.",
                    where,
                )
        return values
    if spec_field.kind == "number":
        return _read_cell(Column(spec_field.field, spec_field.label, "number"), value, where)
    if spec_field.kind == "choice":
        return _read_cell(
            Column(spec_field.field, spec_field.label, "choice", spec_field.choices), value, where
        )
    if spec_field.field == "pain_points":
        return split_list(value)
    return "" if _blank(value) else str(value).strip()


def reference_names(kinds: Sequence[str] = PROCESSES) -> list[str]:
    """The names of the GEMMA reference elements of these kinds, alphabetically."""
    from knowledge.reference import of_kind

    return sorted((e.name for e in of_kind(*kinds)), key=str.casefold)


def reference_options(
    current: str = "", suggested: Sequence[str] = (), kinds: Sequence[str] = PROCESSES
) -> list[str]:
    """What a designer can pick as GEMMA reference: none (""), the current choice if it is
    not in the reference model (an imported model, a name typed in the interview: saving
    keeps it), the ``suggested`` ones in their order, then every other reference element
    of these kinds (the Processenlandschap's processes and clusters by default) by name."""
    names = reference_names(kinds)
    first = [s for s in dict.fromkeys(suggested) if s in names]
    rest = [n for n in names if n not in first]
    return ["", *([current] if current and current not in names else []), *first, *rest]


def _reference_value(
    value: Any, current: Any, where: str, kinds: Sequence[str] = PROCESSES
) -> dict[str, Any] | None:
    """The model's ``gemma_reference`` for a name picked in a form or table: None when
    blank, the current link unchanged when its name was kept (with its score), else the
    reference element of that name."""
    from knowledge.reference import by_name

    name = "" if _blank(value) else str(value).strip()
    if not name:
        return None
    if isinstance(current, Mapping) and current.get("name") == name:
        return dict(current)
    found = by_name(name)
    if found is None or found.kind not in kinds:
        what = "procesbouwsteen" if tuple(kinds) == BOUWSTENEN else "referentieproces"
        raise ModelValidationError(
            f"Onbekend GEMMA-{what} {name!r} op {where}; kies er een uit de lijst.",
            where,
        )
    return {
        "element_id": found.id,
        "name": found.name,
        "kind": found.kind,
        "url": found.url,
        "score": None,
    }


def _reference_function(name: str) -> str:
    """The bedrijfsfunctie of a reference process (from the model, else our choice)."""
    from knowledge.reference import by_name

    found = by_name(name)
    function = found.bedrijfsfunctie() if found is not None else None
    return function.name if function is not None else ""


def _section(model: ProcessModel, form: str) -> BaseModel:
    service = model.service
    sections: dict[str, BaseModel] = {
        "journey": model.journey,
        "service": service,
        "aanleiding": service.aanleiding,
        "intake": service.intake,
        "levering": service.levering,
    }
    return sections[form]


def _apply_form(model: ProcessModel, edit: FormEdit) -> ProcessModel:
    try:
        spec = FORMS[edit.form]
    except KeyError:
        raise InputError(f"Onbekend formulier '{edit.form}'.") from None
    path = _active_path(model, spec.path)
    service = model.service
    section = _section(model, edit.form)
    data = section.model_dump()
    known = {f.field: f for f in spec.fields}
    picked: dict[str, Any] | None = None
    for name, raw in edit.values.items():
        if name not in known:
            raise InputError(f"Onbekend veld '{name}' in formulier '{spec.label}'.")
        where = f"{path}.{name}"
        if known[name].kind == "reference":
            before = _get_dotted(data, name)
            value = _reference_value(raw, before, where, known[name].reference_kinds)
            _set_dotted(data, name, value)
            picked = value if value is not None and value != before else None
            continue
        _set_dotted(data, name, _form_value(known[name], raw, where))
    process = data.get("process")
    if picked is not None and isinstance(process, dict) and _blank(process.get("bedrijfsfunctie")):
        # as in the interview: a newly chosen reference brings its bedrijfsfunctie along
        # when the designer has none
        process["bedrijfsfunctie"] = _reference_function(picked["name"])
    try:
        new_section = type(section).model_validate(data)
    except ValidationError as exc:
        inner = describe_validation_error(exc)
        location = path + inner.location.removeprefix("$")
        raise ModelValidationError(
            str(inner).replace(inner.location, location, 1), location
        ) from None
    if edit.form == "journey":
        return model.model_copy(update={"journey": new_section})
    if edit.form == "service":
        assert isinstance(new_section, Bedrijfsservice)
        return _with_service(model, new_section)
    return _with_service(model, service.model_copy(update={edit.form: new_section}))


def _variant(model: ProcessModel, variant_id: str) -> Variant:
    found = model.variant(variant_id)
    if found is None:
        raise InputError(f"Variant '{variant_id}' bestaat niet in dit model.")
    return found


# --- interview state ------------------------------------------------------------------------


def _filled(value: Any) -> bool:
    if isinstance(value, StrEnum):
        value = value.value
    if value in ("onbekend",):  # the "unknown" member of a vocabulary is no answer
        return False
    if isinstance(value, list | tuple):
        return bool(value)
    return not _blank(value)


def edited_fields(model: ProcessModel, edit: TableEdit | FormEdit) -> tuple[set[str], set[str]]:
    """(filled, touched): model fields, in the interview's notation, that the edit covers.

    ``touched`` is every field the designer could change with this edit; ``filled`` the
    ones that now hold a value.
    """
    filled: set[str] = set()
    touched: set[str] = set()
    if isinstance(edit, TableEdit):
        spec = _spec(edit.table)
        items = _get_items(model, edit.table)
        for column in spec.columns:
            name = f"{spec.field_path}[].{column.field}"
            touched.add(name)
            if any(_filled(getattr(item, column.field)) for item in items):
                filled.add(name)
        if edit.table == "activities":
            closing = f"{spec.field_path}[kind=afsluitend].name"
            touched.add(closing)
            if any(a.kind is ActivityKind.AFSLUITEND for a in items):
                filled.add(closing)
        return filled, touched
    form = FORMS[edit.form]
    data = _section(model, edit.form).model_dump()
    for f in form.fields:
        name = f"{form.field_path}.{f.field}"
        touched.add(name)
        if _filled(_get_dotted(data, f.field)):
            filled.add(name)
    return filled, touched


def slots_for(filled: set[str], touched: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(answered, cleared) slot ids of the interview for the fields an edit covered.

    A slot is answered when its first (primary) field now has a value, and cleared when
    the designer emptied it. Without the interview in this build there are no slots.
    """
    try:
        from assistant.interview.slots import SLOTS
    except ImportError:
        return (), ()
    answered: list[str] = []
    cleared: list[str] = []
    for slot in SLOTS:
        if not slot.fields:
            continue
        primary = slot.fields[0]
        if primary in filled:
            answered.append(slot.id)
        elif primary in touched:
            cleared.append(slot.id)
    return tuple(answered), tuple(cleared)


# The interview owns the meaning of its state; the UI passes its marker (see ui/bridge.py).
MarkAnswered = Callable[
    [dict[str, Any], Sequence[str], Sequence[str], ProcessModel], dict[str, Any]
]


def _default_mark_answered(
    state: dict[str, Any], answered: Sequence[str], cleared: Sequence[str], model: ProcessModel
) -> dict[str, Any]:
    """Record slots in the state's ``answered`` list (the interview's own field)."""
    done = [s for s in state.get("answered", []) if s not in cleared]
    done.extend(s for s in answered if s not in done)
    new = {**state, "answered": done}
    if state.get("current") in answered:
        new["current"] = None  # the open question was answered in a table: ask the next one
    return new


def apply_edit(
    model: ProcessModel,
    state: Mapping[str, Any],
    edit: Edit,
    *,
    mark_answered: MarkAnswered | None = None,
) -> EditResult:
    """Apply a manual edit; the result is validated and the edited slots are answered.

    Raises ``ModelValidationError`` (Dutch, with the JSON path) when the edit does not fit
    the model; the caller keeps the previous version in that case.
    """
    if isinstance(edit, TableEdit):
        new_model = _apply_table(model, edit)
        note = f"handmatig bewerkt: {_spec(edit.table).label.lower()}"
    elif isinstance(edit, FormEdit):
        new_model = _apply_form(model, edit)
        note = f"handmatig bewerkt: {FORMS[edit.form].label.lower()}"
    elif isinstance(edit, SwitchVariant):
        variant = _variant(model, edit.variant_id)
        new_model = model.model_copy(update={"active_variant_id": variant.id})
        note = f"actieve variant: {variant.name}"
    elif isinstance(edit, RenameVariant):
        variant = _variant(model, edit.variant_id)
        name = edit.name.strip()
        if not name:
            raise InputError("Een variant moet een naam hebben.")
        renamed = variant.model_copy(
            update={"name": name, "description": edit.description or variant.description}
        )
        variants = [renamed if v.id == variant.id else v for v in model.variants]
        new_model = model.model_copy(update={"variants": variants})
        note = f"variant hernoemd: {name}"
    else:  # pragma: no cover - the Edit union is closed
        raise InputError(f"Onbekende bewerking {type(edit).__name__}.")
    try:
        # a final whole-model validation catches cross-element rules (unique ids, references)
        new_model = ProcessModel.model_validate(new_model.model_dump())
    except ValidationError as exc:
        raise describe_validation_error(exc) from None
    changed = new_model.model_dump() != model.model_dump()
    answered: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()
    new_state = dict(state)
    if isinstance(edit, TableEdit | FormEdit):
        answered, cleared = slots_for(*edited_fields(new_model, edit))
        if answered or cleared:
            marker = mark_answered or _default_mark_answered
            new_state = marker(dict(state), answered, cleared, new_model)
    return EditResult(new_model, new_state, answered, note, changed)


def _get_dotted(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def form_values(model: ProcessModel, form: str) -> dict[str, Any]:
    """The current values of a form section, as the form shows them."""
    spec = FORMS[form]
    data = _section(model, form).model_dump(mode="json")
    out: dict[str, Any] = {}
    for f in spec.fields:
        value = _get_dotted(data, f.field)
        if f.field == "pain_points" and isinstance(value, list):
            value = join_list(value)
        if f.kind == "reference":
            value = str(value.get("name") or "") if isinstance(value, Mapping) else ""
        out[f.field] = value
    return out
