"""Customer-effort figures and the one Dutch sentence."""

from __future__ import annotations

from assistant.effort import compare_variants, effort_sentence, variant_effort
from assistant.model import ProcessModel

V1 = "Variant 1: klant verzamelt stukken"
V2 = "Variant 2: gemeente verzamelt stukken"


def test_straatfestival_variant2_costs_the_customer_less(straatfestival: ProcessModel) -> None:
    c = compare_variants(straatfestival, V1, V2)
    assert (c.a.customer_activities, c.b.customer_activities) == (3, 2)
    assert (c.a.customer_documents, c.b.customer_documents) == (4, 2)
    assert c.sentence == (
        f"In '{V2}' doet de klant 1 activiteit minder en levert hij 2 stukken minder aan "
        f"dan in '{V1}'."
    )
    rows = {r.figure: r for r in c.rows}
    assert rows["customer_documents"].difference == -2
    assert rows["lead_time_days"].a == 56
    assert rows["measured_effort_hours"].b is None
    assert c.to_dict()["sentence"] == c.sentence


def test_figures(straatfestival: ProcessModel) -> None:
    e = variant_effort(straatfestival.variants[0])
    assert e.contact_moments == 5  # 3 activities with a channel + 2 statusmeldingen
    assert set(e.channels) == {"online", "email"}
    assert e.handoffs == 7
    assert e.customer_days == 10


def test_sentence_for_equal_and_more(straatfestival: ProcessModel) -> None:
    a = variant_effort(straatfestival.variants[0])
    assert "evenveel" in effort_sentence(a, a)
    b = variant_effort(straatfestival.variants[1])
    assert effort_sentence(b, a).startswith(f"In '{V1}' doet de klant 1 activiteit meer")
