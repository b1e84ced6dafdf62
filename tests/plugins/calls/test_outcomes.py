"""What accepted applications become: a talk with its speakers (nobody retyped), a
public best-practice catalogue searchable by country and topic, tracked vouchers."""

from __future__ import annotations

from confsite_plugins.calls import evaluation, services
from confsite_plugins.calls.answers import Answers
from confsite_plugins.calls.models import CallKind, Decision, Submission

from confsite.extensions import db
from confsite.models import Person, Talk
from tests.plugins.calls.conftest import open_call


def _accepted(call, user, title, *, country=None, topic="", coapplicants=()):
    submission = services.save(
        call,
        user,
        Answers(title=title, summary=f"About {title}.", coapplicants=list(coapplicants)),
        None,
        final=True,
    )
    submission.country, submission.topic = country, topic
    evaluation.decide(submission, Decision.ACCEPTED, notify=False)
    db.session.commit()
    return submission


def test_an_accepted_contribution_becomes_a_talk_with_its_speakers(client, auth, world, make):
    call = open_call(world.event, CallKind.CONTRIBUTIONS, title="Call for abstracts")
    session = make.session(world.event, title="Implementation stories")
    submission = _accepted(
        call, world.applicant, "Pharmacogenomics in primary care",
        coapplicants=[{"name": "Žiga Novak", "email": "ziga.novak@example.org"}],
    )  # fmt: skip
    auth.login("org@example.org")
    url = f"/manage/events/{world.event.slug}/calls/{call.id}/submissions/{submission.id}/talk"
    assert client.post(url, data={"talk-session": str(session.id)}).status_code == 302
    db.session.expire_all()
    talk = db.session.scalar(db.select(Talk).where(Talk.session_id == session.id))
    assert talk.title == "Pharmacogenomics in primary care"
    assert [link.person.name for link in talk.speaker_links] == ["Ángel Solicitante", "Žiga Novak"]
    assert talk.speaker_links[0].person.user_id == world.applicant.id
    assert db.session.get(Submission, submission.id).talk_id == talk.id
    # Twice is refused, and the programme page shows the talk.
    client.post(url, data={"talk-session": str(session.id)})
    assert db.session.scalar(db.select(db.func.count()).select_from(Talk)) == 1
    page = client.get(f"/events/{world.event.slug}/sessions/{session.id}").get_data(as_text=True)
    assert "Pharmacogenomics in primary care" in page and "Žiga Novak" in page


def test_an_existing_person_is_reused_not_duplicated(world, make):
    make.person(name="Ángel S.", email="angel@example.org")
    call = open_call(world.event, CallKind.CONTRIBUTIONS)
    session = make.session(world.event)
    from confsite_plugins.calls import outcomes

    submission = _accepted(call, world.applicant, "Talk")
    outcomes.make_talk(submission, session, world.organiser)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 1


def test_rejected_or_pending_applications_do_not_become_talks(client, auth, world, make):
    call = open_call(world.event, CallKind.CONTRIBUTIONS)
    session = make.session(world.event)
    submission = services.save(call, world.applicant, Answers(title="Pending"), None, final=True)
    db.session.commit()
    auth.login("org@example.org")
    url = f"/manage/events/{world.event.slug}/calls/{call.id}/submissions/{submission.id}/talk"
    response = client.post(url, data={"talk-session": str(session.id)}, follow_redirects=True)
    assert "Only accepted applications go into the programme." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Talk)) == 0


def test_the_catalogue_lists_published_best_practices_by_country_and_topic(client, auth, world):
    call = open_call(world.event)
    tumour = _accepted(call, world.applicant, "Tumour boards", country="ES", topic="Oncology")
    rare = _accepted(call, world.other, "Rare-disease registry", country="PL", topic="Rare diseases")
    _accepted(call, world.organiser, "Not published yet", country="NO", topic="Prevention")
    auth.login("org@example.org")
    for submission in (tumour, rare):
        url = f"/manage/events/{world.event.slug}/calls/{call.id}/submissions/{submission.id}/catalogue"
        assert client.post(url, data={"publish": "1"}).status_code == 302
    auth.logout()
    base = f"/events/{world.event.slug}/best-practices"
    page = client.get(base).get_data(as_text=True)
    assert "Tumour boards" in page and "Rare-disease registry" in page and "Not published yet" not in page
    page = client.get(base + "?country=PL").get_data(as_text=True)
    assert "Rare-disease registry" in page and "Tumour boards" not in page
    page = client.get(base + "?topic=Oncology").get_data(as_text=True)
    assert "Tumour boards" in page and "Rare-disease registry" not in page
    page = client.get(base + "?q=registry").get_data(as_text=True)
    assert '<span id="catalogue-count">1</span>' in page


def test_vouchers_are_tracked_and_summed(client, auth, world):
    call = open_call(world.event, CallKind.VOUCHERS, title="Innovation vouchers")
    one = _accepted(call, world.applicant, "Reimbursement study")
    two = _accepted(call, world.other, "Trade-fair booth")
    auth.login("org@example.org")
    base = f"/manage/events/{world.event.slug}/calls/{call.id}/submissions"
    data = {
        "voucher-amount_eur": "10000",
        "voucher-cofinancing_percent": "60",
        "voucher-provider": "CEA-Leti",
        "voucher-status": "awarded",
    }
    assert client.post(f"{base}/{one.id}/voucher", data=data).status_code == 302
    data.update(
        {"voucher-amount_eur": "5000", "voucher-cofinancing_percent": "50", "voucher-provider": "Fraunhofer"}
    )
    assert client.post(f"{base}/{two.id}/voucher", data=data).status_code == 302
    bad = dict(data, **{"voucher-cofinancing_percent": "120"})
    assert client.post(f"{base}/{two.id}/voucher", data=bad).status_code == 400
    page = client.get(f"/manage/events/{world.event.slug}/calls/vouchers").get_data(as_text=True)
    assert '<dd id="voucher-count">2</dd>' in page
    assert "15,000" in page and "8,500" in page  # total, and 6,000 + 2,500 co-financed
