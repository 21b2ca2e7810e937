"""Writes the trainee models in tests/training/flawed/ from the worked solutions.

Each model is one realistic trainee mistake (or a paraphrase that must keep full points),
written as an edit of the solution so the mistake is exactly the one named. The JSON
files are committed; run ``python -m tests.training.make_models`` after changing a
case to regenerate them, and review the diff. ``expected.yaml`` lists, per file, the
concepts that must come out other than ``right``.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assistant.training.cases import load_cases

OUT = Path(__file__).parent / "flawed"
Model = dict[str, Any]


def services(m: Model) -> list[dict[str, Any]]:
    return [s for v in m["variants"] for s in v["services"]]


def variant(m: Model, status: str) -> dict[str, Any]:
    return next(v for v in m["variants"] if v["status"] == status)


def rename(mapping: dict[str, str]) -> Callable[[Model], None]:
    """Reword every name/result/step that appears in ``mapping`` (a paraphrase)."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str) and node in mapping:
            return mapping[node]
        return node

    def edit(m: Model) -> None:
        m.update(walk(m))

    return edit


def reshuffle(seed: int) -> Callable[[Model], None]:
    """New ids everywhere, sets in another order, variants swapped: content stays."""

    def edit(m: Model) -> None:
        rng = random.Random(seed)
        text = json.dumps(m)
        ids = sorted({i for i in _ids(m)}, key=len, reverse=True)
        for old in ids:
            text = text.replace(f'"{old}"', f'"x{rng.randrange(10**9)}-{len(old)}"')
        m.clear()
        m.update(json.loads(text))
        m["variants"].reverse()
        for s in services(m):
            rng.shuffle(s["intake"]["documents"])
            rng.shuffle(s["intake"]["data_asked"])
            rng.shuffle(s["intake"]["channels"])
        rng.shuffle(m["journey"]["steps_before"])
        rng.shuffle(m["journey"]["steps_after"])

    return edit


def _ids(node: Any) -> list[str]:
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "id" and isinstance(v, str):
                out.append(v)
            else:
                out += _ids(v)
    elif isinstance(node, list):
        for v in node:
            out += _ids(v)
    return out


def for_all_services(fn: Callable[[dict[str, Any]], None]) -> Callable[[Model], None]:
    def edit(m: Model) -> None:
        for s in services(m):
            fn(s)

    return edit


def set_field(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(s: dict[str, Any]) -> None:
        node = s
        *head, last = path.split(".")
        for key in head:
            node = node[key]
        node[last] = value

    return edit


def no_journey(m: Model) -> None:
    m["journey"]["steps_before"] = []
    m["journey"]["steps_after"] = []


def only_current(m: Model) -> None:
    m["variants"] = [variant(m, "huidig")]
    m["active_variant_id"] = None


def drop_closing(s: dict[str, Any]) -> None:
    s["activities"] = [a for a in s["activities"] if a["kind"] != "afsluitend"]


def closing_before_levering(s: dict[str, Any]) -> None:
    acts = s["activities"]
    closing = [a for a in acts if a["kind"] == "afsluitend"]
    rest = [a for a in acts if a["kind"] != "afsluitend"]
    lever = next(i for i, a in enumerate(rest) if a["kind"] == "levering")
    s["activities"] = rest[:lever] + closing + rest[lever:]


def docs_by(actor: str, status: str | None = None) -> Callable[[Model], None]:
    def edit(m: Model) -> None:
        targets = [variant(m, status)] if status else m["variants"]
        for v in targets:
            for s in v["services"]:
                for d in s["intake"]["documents"]:
                    d["provided_by"] = actor

    return edit


def copy_current_into_improved(m: Model) -> None:
    cur, imp = variant(m, "huidig"), variant(m, "gewenst")
    for s_cur, s_imp in zip(cur["services"], imp["services"], strict=True):
        s_imp["intake"] = copy.deepcopy(s_cur["intake"])
        for k, d in enumerate(s_imp["intake"]["documents"]):
            d["id"] = f"copy-stuk-{k}"
        for k, d in enumerate(s_imp["intake"]["data_asked"]):
            d["id"] = f"copy-gegeven-{k}"


def seq(*edits: Callable[[Model], None]) -> Callable[[Model], None]:
    def edit(m: Model) -> None:
        for e in edits:
            e(m)

    return edit


def author(name: str) -> Callable[[Model], None]:
    def edit(m: Model) -> None:
        m["metadata"]["author"] = name

    return edit


# case -> file stem -> (edit, expected non-right concepts)
SPECS: dict[str, dict[str, tuple[Callable[[Model], None], list[str]]]] = {
    "straatfestival": {
        "v2-klant-verzamelt": (docs_by("klant", "gewenst"), ["procesvarianten"]),
        "naam-van-binnenuit": (
            for_all_services(set_field("name", "Behandelen vergunningaanvraag")),
            ["bedrijfsservice"],
        ),
        "geen-klantreis": (no_journey, ["klantreis.voor", "klantreis.na"]),
        "geen-verbetering": (only_current, ["procesvarianten"]),
        "geen-afsluiting": (for_all_services(drop_closing), ["afsluitende_activiteiten"]),
        "parafrase": (
            seq(
                rename(
                    {
                        "Regelen vergunning": "Evenementenvergunning aanvragen",
                        "Sponsoring regelen": "Sponsors zoeken",
                        "Artiesten reserveren": "Artiesten boeken",
                        "Artiestboekingen bevestigen": "Boekingen van artiesten bevestigen",
                        "KvK-uittreksel": "Uittreksel KvK",
                        "Kadastraal uittreksel van de locatie": "Uittreksel kadaster locatie",
                        "Bewijs van aansprakelijkheidsverzekering": "Polis aansprakelijkheidsverzekering",
                        "Naam en contactgegevens organisator": "Contactgegevens van de organisator",
                        "Datum en tijden van het festival": "Datum en tijdstippen festival",
                        "Verwacht aantal bezoekers": "Aantal verwachte bezoekers",
                        "Evenementenvergunning (besluit)": "Besluit op de evenementenvergunning",
                        "Factureren leges": "Facturatie van de leges",
                        "Archiveren dossier": "Dossier archiveren",
                    }
                ),
                reshuffle(1),
                author("Trainee Parafrase"),
            ),
            [],
        ),
    },
    "afvalstoffenheffing": {
        "aanleiding-aanvraag": (
            for_all_services(set_field("aanleiding.kind", "aanvraag")),
            ["aanleiding"],
        ),
        "klant-levert-gegevens": (
            for_all_services(
                lambda s: [d.update(provided_by="klant") for d in s["intake"]["data_asked"]]
            ),
            ["intake.gegevens"],
        ),
        "geen-afsluiting": (for_all_services(drop_closing), ["afsluitende_activiteiten"]),
        "naam-van-binnenuit": (
            for_all_services(set_field("name", "Heffen afvalstoffenheffing")),
            ["bedrijfsservice"],
        ),
        "klant-intern": (
            lambda m: m["journey"]["customer"].update(type="interne_klant"),
            ["klant"],
        ),
        "parafrase": (
            seq(
                rename(
                    {
                        "Aanslag afvalstoffenheffing ontvangen": "Afvalstoffenheffing betalen",
                        "Verhuizen naar de gemeente": "Verhuizing naar de gemeente",
                        "Aanslag betalen": "Betalen van de aanslag",
                        "Samenstelling huishouden": "Huishoudsamenstelling",
                        "Woonadres": "Adres van de woning",
                        "Aanslagbiljet afvalstoffenheffing": "Aanslag afvalstoffenheffing",
                        "Bewaken betalingen": "Betalingen bewaken",
                        "Aanmanen bij niet betalen": "Aanmaning sturen bij niet betalen",
                    }
                ),
                lambda m: m["journey"]["customer"].update(type="inwoner"),
                reshuffle(2),
            ),
            [],
        ),
    },
    "dakkapel": {
        "geen-gerelateerd-proces": (
            seq(
                lambda m: m.update(related_processes=[]),
                for_all_services(set_field("aanleiding.from_related_process_id", None)),
                for_all_services(
                    lambda s: [d.update(reused_from=None) for d in s["intake"]["data_asked"]]
                ),
            ),
            ["gerelateerde_processen"],
        ),
        "gegevens-opnieuw-gevraagd": (
            seq(
                lambda m: m["related_processes"][0].update(reused_data=[]),
                for_all_services(
                    lambda s: [
                        d.update(provided_by="klant", reused_from=None)
                        for d in s["intake"]["data_asked"]
                    ]
                ),
            ),
            ["gerelateerde_processen", "intake.gegevens"],
        ),
        "verkeerde-levering": (
            for_all_services(set_field("levering.result", "Ontvangstbevestiging")),
            ["levering"],
        ),
        "naam-van-binnenuit": (
            for_all_services(set_field("name", "Behandelen aanvraag omgevingsvergunning")),
            ["bedrijfsservice"],
        ),
        "parafrase": (
            seq(
                rename(
                    {
                        "Vergunning voor een dakkapel aanvragen": "Omgevingsvergunning dakkapel regelen",
                        "Informatie krijgen over een dakkapel": "Informatie inwinnen over dakkapel",
                        "Adres van de woning": "Woningadres",
                        "Offerte aannemer opvragen": "Offerte bij aannemer aanvragen",
                        "Bouwtekening": "Tekening van het bouwwerk",
                        "Foto van de achtergevel": "Foto's achtergevel",
                        "Omgevingsvergunning (besluit)": "Besluit omgevingsvergunning",
                        "Factureren leges": "Leges factureren",
                    }
                ),
                reshuffle(3),
            ),
            [],
        ),
    },
    "archief": {
        "geen-interne-klant": (
            lambda m: m["supporting_processes"][0].update(internal_customer=""),
            ["ondersteunende_processen"],
        ),
        "geen-ondersteunend-proces": (
            lambda m: m.update(supporting_processes=[]),
            ["ondersteunende_processen"],
        ),
        "externe-klant-en-aanvraag": (
            seq(
                lambda m: m["journey"]["customer"].update(type="inwoner"),
                for_all_services(set_field("aanleiding.kind", "aanvraag")),
            ),
            ["klant", "aanleiding"],
        ),
        "naam-van-binnenuit": (
            for_all_services(set_field("name", "Beheren archief")),
            ["bedrijfsservice"],
        ),
        "parafrase": (
            seq(
                rename(
                    {
                        "Afgesloten dossier laten archiveren": "Dossier laten archiveren",
                        "Afdeling Vergunningen": "Team Vergunningen",
                        "Archiveren dossier": "Dossier archiveren",
                        "Zaak afhandelen en sluiten": "Zaak sluiten",
                        "Dossier raadplegen bij bezwaar": "Raadplegen van het dossier",
                        "Gearchiveerd en vindbaar dossier": "Vindbaar gearchiveerd dossier",
                        "Vernietigen na afloop bewaartermijn": "Vernietigen na de bewaartermijn",
                        "Zaaktype en bewaartermijn": "Bewaartermijn en zaaktype",
                    }
                ),
                reshuffle(4),
            ),
            [],
        ),
    },
    "lantaarnpaal": {
        "aanleiding-aanvraag": (
            for_all_services(set_field("aanleiding.kind", "aanvraag")),
            ["aanleiding"],
        ),
        "afsluiting-voor-levering": (
            for_all_services(closing_before_levering),
            ["afsluitende_activiteiten"],
        ),
        "levering-per-post": (
            for_all_services(set_field("levering.channels", ["post"])),
            ["levering"],
        ),
        "alleen-app": (for_all_services(set_field("intake.channels", ["app"])), ["intake.kanalen"]),
        "geen-foto": (for_all_services(set_field("intake.documents", [])), ["intake.stukken"]),
        "parafrase": (
            seq(
                rename(
                    {
                        "Melding openbare ruimte doen": "Kapotte lantaarnpaal melden",
                        "Kapotte lantaarnpaal opmerken": "Defecte lantaarnpaal opmerken",
                        "Locatie van de melding": "Plek van de melding",
                        "Omschrijving van het probleem": "Beschrijving van het probleem",
                        "E-mailadres van de melder": "Mailadres melder",
                        "Foto van de situatie": "Foto's van de plek",
                        "Terugkoppeling dat de lantaarnpaal is hersteld": "Bericht aan melder: lantaarnpaal hersteld",
                        "Kosten verhalen op de veroorzaker": "Kosten op de veroorzaker verhalen",
                    }
                ),
                lambda m: m["journey"]["customer"].update(type="maatschappij"),
                reshuffle(5),
            ),
            [],
        ),
    },
    "parkeervergunning": {
        "verbetering-niet-uitgewerkt": (copy_current_into_improved, ["procesvarianten"]),
        "geen-verbetering": (only_current, ["procesvarianten"]),
        "geen-stappen-vooraf": (
            lambda m: m["journey"].update(steps_before=[]),
            ["klantreis.voor"],
        ),
        "naam-van-binnenuit": (
            for_all_services(set_field("name", "Verlenen parkeervergunning")),
            ["bedrijfsservice"],
        ),
        "geen-kentekenbewijs": (
            lambda m: variant(m, "huidig")["services"][0]["intake"].update(documents=[]),
            ["intake.stukken"],
        ),
        "parafrase": (
            seq(
                rename(
                    {
                        "Parkeervergunning aanvragen": "Parkeervergunning voor bewoners regelen",
                        "Verhuizen naar de binnenstad": "Verhuizing naar de binnenstad",
                        "Inschrijven op het nieuwe adres": "Inschrijving nieuw adres",
                        "Parkeren in de eigen wijk": "In de wijk parkeren",
                        "Woonadres": "Adres van de woning",
                        "Kenteken": "Kenteken van de auto",
                        "Kentekenbewijs": "Kentekenbewijs (scan)",
                        "Digitale parkeervergunning gekoppeld aan het kenteken": "Digitale parkeervergunning",
                        "Factureren vergunning": "Factuur sturen voor de vergunning",
                    }
                ),
                reshuffle(6),
            ),
            [],
        ),
    },
}


def build() -> dict[str, dict[str, list[str]]]:
    library = load_cases()
    expected: dict[str, dict[str, list[str]]] = {}
    for case_id, specs in SPECS.items():
        solution = json.loads(library.get(case_id).solution.to_json())
        folder = OUT / case_id
        folder.mkdir(parents=True, exist_ok=True)
        expected[case_id] = {}
        for stem, (edit, wrong) in specs.items():
            model = copy.deepcopy(solution)
            model["metadata"]["author"] = f"Cursist {stem}"
            model["metadata"]["id"] = f"model-{case_id}-{stem}"
            edit(model)
            text = json.dumps(model, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            (folder / f"{stem}.json").write_text(text, encoding="utf-8")
            expected[case_id][stem] = sorted(wrong)
    (OUT / "expected.yaml").write_text(
        "# concepts that must come out other than 'right', per trainee model\n"
        + yaml.safe_dump(expected, allow_unicode=True, sort_keys=True),
        encoding="utf-8",
    )
    return expected


if __name__ == "__main__":
    build()
